"""Two CPU processes with gloo under DistributedDataParallel train to the same weights as one
process on the same examples: world size 2 × 2 examples each = one process × a batch of 4 (DDP
averages the two halves' mean gradients, which is the whole batch's mean gradient). Only rank 0
reports and writes.

The processes get torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR/PORT) from
models.training.launch: Debian's torchrun (torch 1.13) fails on Python 3.11 before it starts any
worker, so that is what runs here; `train` reads the same variables either way."""
import json
import os
import subprocess
import sys

import torch

from models.training import REPO
from models.training.__main__ import main
from models.training.launch import free_port
from models.training.tests.test_progress import parse, user_folder

def launch(world, argv):
    return subprocess.run([sys.executable, "-m", "models.training.launch", "--nproc-per-node", str(world), *argv],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def args(folder, out, *extra):
    return ["train", "--data-dir", folder, "--size", "8", "--levels", "4", "--net-size", "tiny", "--norm", "none",
            "--batch", "4", "--lr", "1e-2", "--warmup", "1", "--steps", "6", "--val-every", "3", "--val-images", "8",
            "--hole-frac", "0.5", "--device", "cpu", "--threads", "1", "--out", str(out), *extra]


def test_two_gloo_processes_train_like_one_on_the_same_examples(tmp_path, capsys):
    folder = user_folder(str(tmp_path))
    two = launch(2, args(folder, tmp_path / "two", "--progress", "jsonl", "--report-every", "0"))
    assert two.returncode == 0, two.stderr[-3000:]
    msgs = parse(two.stdout)  # rank 1 wrote no line: one start, one done
    kinds = [m["type"] for m in msgs]
    assert kinds.count("start") == 1 and kinds.count("done") == 1 and msgs[0]["processes"] == 2
    assert [m["step"] for m in msgs if m["type"] == "step"] == [1, 2, 3, 4, 5, 6]

    main(args(folder, tmp_path / "one"))
    one, ddp = torch.load(tmp_path / "one" / "ckpt.pt"), torch.load(tmp_path / "two" / "ckpt.pt")
    assert one["step"] == ddp["step"] == 6 and ddp["run"]["processes"] == 2
    for k in one["model"]:  # float sums in another order: equal to rounding, not bit for bit
        torch.testing.assert_close(ddp["model"][k], one["model"][k], rtol=0, atol=1e-5)
    assert torch.equal(one["gen"], ddp["gen"])  # every rank drew the whole batch from the same stream
    assert sorted(os.listdir(tmp_path / "two")) == sorted(os.listdir(tmp_path / "one"))


def test_a_global_batch_that_does_not_divide_among_the_processes_is_refused(tmp_path):
    folder = user_folder(str(tmp_path))
    done = launch(2, args(folder, tmp_path / "run", "--batch", "5", "--progress", "jsonl"))
    assert done.returncode != 0
    assert [m["type"] for m in parse(done.stdout)] == ["error"]
    assert "must divide among the 2 processes" in json.loads(done.stdout.splitlines()[0])["message"]


def test_when_one_worker_fails_the_launcher_stops_the_others(tmp_path):
    # rank 1 cannot read its data folder (only it gets a bad path), so it fails while rank 0
    # waits in the first collective: the launcher must end rank 0 rather than wait for ever
    folder = user_folder(str(tmp_path))
    script = tmp_path / "fail_rank1.py"
    script.write_text(
        "import os, sys\n"
        "from models.training.__main__ import main\n"
        "if os.environ['RANK'] == '1':\n"
        "    sys.exit('rank 1 fails')\n"
        "main(sys.argv[1:])\n")
    from models.training.launch import wait_all
    env = dict(os.environ, WORLD_SIZE="2", MASTER_ADDR="127.0.0.1", MASTER_PORT=str(free_port()), PYTHONPATH=REPO)
    workers = [subprocess.Popen([sys.executable, str(script), *args(folder, tmp_path / "run")], cwd=REPO,
                                env=dict(env, RANK=str(r), LOCAL_RANK=str(r)), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for r in range(2)]
    assert wait_all(workers) == 1
    assert all(w.returncode is not None for w in workers)
