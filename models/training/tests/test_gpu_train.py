"""The prepared GPU runs, dry-run on the CPU: their files fit what comes back from the device
machine (plain files in $OUT, each at most 16 MiB) and best.pt reassembles from its parts."""
import os
import subprocess
import sys

import pytest
import torch

from models.training import REPO

SCRIPT = os.path.join(REPO, "models", "training", "gpu_train.sh")
TINY = {"emoji": ["--widths", "4,4", "--level-blocks", "1,1"], "mnist": ["--blocks", "1", "--features", "4"]}
EXPECTED_CONFIG = {"emoji": {"kind": "unet", "C": 3, "widths": [4, 4]}, "mnist": {"C": 1, "blocks": 1, "features": 4}}


def dry_run(out, *args):
    env = {**os.environ, "OUT": str(out), "PYTHON": sys.executable}
    return subprocess.run(["bash", SCRIPT, *args], cwd=REPO, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("data", ["emoji", "mnist"])
def test_gpu_train_leaves_a_best_pt_in_parts(tmp_path, data):
    out = tmp_path / "out"
    out.mkdir()
    done = dry_run(out, data, "0.05", "--device", "cpu", *TINY[data], "--batch", "2", "--val-images", "4",
                   "--val-every", "5", "--threads", "1")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    files = sorted(p.name for p in out.iterdir())
    parts = [f for f in files if f.startswith("best.pt.part-")]
    assert parts and {"run.json", "log.csv", "train.log"} <= set(files)
    assert all((out / f).is_file() and (out / f).stat().st_size <= 16 * 2**20 for f in files)
    whole = tmp_path / "best.pt"
    whole.write_bytes(b"".join((out / p).read_bytes() for p in parts))
    best = torch.load(whole, map_location="cpu")
    assert {k: best["config"].get(k) for k in EXPECTED_CONFIG[data]} == EXPECTED_CONFIG[data]


def test_gpu_train_refuses_an_unknown_recipe(tmp_path):
    done = dry_run(tmp_path, "cifar", "1")
    assert done.returncode == 2 and "emoji or mnist" in done.stderr
    assert not any(tmp_path.iterdir())
