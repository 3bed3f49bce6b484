"""A run continues exactly: N steps straight = N/2, then --resume to N (crops, flips, hole and
channel masks: every random stream); SIGTERM stops a run after its step with a checkpoint and the
best one kept, and --resume carries it on to the same weights."""
import json
import os
import signal
import subprocess
import sys

import torch

from models.training import REPO
from models.training.__main__ import main
from models.training.tests.test_progress import user_folder

STEPS = 8


def args(folder, out, steps, *extra):
    return ["train", "--data-dir", folder, "--size", "8", "--levels", "4", "--net-size", "tiny", "--batch", "4",
            "--lr", "1e-2", "--warmup", "2", "--steps", str(steps), "--val-every", "3", "--val-images", "8",
            "--flip", "--hole-frac", "0.3", "--channel-frac", "0.3", "--device", "cpu", "--threads", "1",
            "--seed", "5", "--out", str(out), *extra]


def same_run_state(a, b):
    assert a["step"] == b["step"]
    for k in a["model"]:
        torch.testing.assert_close(a["model"][k], b["model"][k], rtol=0, atol=1e-6)
    for sa, sb in zip(a["opt"]["state"].values(), b["opt"]["state"].values()):
        torch.testing.assert_close(sa["exp_avg_sq"], sb["exp_avg_sq"], rtol=0, atol=1e-9)
    assert torch.equal(a["gen"], b["gen"]) and torch.equal(a["torch_rng"], b["torch_rng"])  # the same streams, as far
    assert a["best"] == b["best"]


def test_half_then_resume_equals_straight(tmp_path):
    folder = user_folder(str(tmp_path))
    main(args(folder, tmp_path / "straight", STEPS))
    main(args(folder, tmp_path / "halves", STEPS, "--stop-at", str(STEPS // 2)))
    assert torch.load(tmp_path / "halves" / "ckpt.pt")["step"] == STEPS // 2
    main(args(folder, tmp_path / "halves", STEPS, "--resume"))
    same_run_state(torch.load(tmp_path / "straight" / "ckpt.pt"), torch.load(tmp_path / "halves" / "ckpt.pt"))


def test_resume_refuses_a_changed_folder(tmp_path):
    folder = user_folder(str(tmp_path))
    main(args(folder, tmp_path / "run", STEPS, "--stop-at", "2"))
    os.remove(os.path.join(folder, "a0.png"))
    try:
        main(args(folder, tmp_path / "run", STEPS, "--resume"))
        raise AssertionError("resumed on other images")
    except SystemExit as e:
        assert "changed since this run began" in str(e)


def test_sigterm_stops_after_the_step_keeps_the_best_checkpoint_and_resume_finishes_the_run(tmp_path):
    folder = user_folder(str(tmp_path))
    steps = 400  # far more than run before the signal lands
    run = tmp_path / "run"
    cmd = [sys.executable, "-m", "models.training", *args(folder, run, steps, "--progress", "jsonl", "--report-every", "0")]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    msgs = []
    for line in proc.stdout:
        msgs.append(json.loads(line))
        if msgs[-1]["type"] == "validation":
            proc.send_signal(signal.SIGTERM)
            break
    rest, err = proc.communicate(timeout=60)
    msgs += [json.loads(line) for line in rest.splitlines()]
    assert proc.returncode == 0, err[-2000:]
    end = msgs[-1]
    assert end["type"] == "cancelled" and end["reason"] == "signal" and 3 <= end["step"] < steps
    ck = torch.load(run / "ckpt.pt")
    assert ck["step"] == end["step"] and end["checkpoint"] == str(run / "ckpt.pt")
    best = torch.load(run / "best.pt")
    assert end["best"] == str(run / "best.pt")
    assert best["val_nll"] == min(m["nllNats"] for m in msgs if m["type"] == "validation") == ck["best"]
    assert [m["type"] for m in msgs].count("done") == 0

    main(args(folder, run, steps, "--resume"))
    main(args(folder, tmp_path / "straight", steps))
    same_run_state(torch.load(tmp_path / "straight" / "ckpt.pt"), torch.load(run / "ckpt.pt"))
