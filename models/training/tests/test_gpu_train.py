"""The prepared GPU run, dry-run on the CPU: its files fit what comes back from the device machine
(plain files in $OUT, each at most 16 MiB) and best.pt reassembles from its parts."""
import os
import subprocess
import sys

import torch

from models.training import REPO


def test_gpu_train_leaves_a_best_pt_in_parts(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "OUT": str(out), "PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", os.path.join(REPO, "models", "training", "gpu_train.sh"), "0.05", "--device", "cpu",
         "--widths", "4,4", "--level-blocks", "1,1", "--batch", "2", "--val-images", "4", "--val-every", "5",
         "--threads", "1"], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    files = sorted(p.name for p in out.iterdir())
    parts = [f for f in files if f.startswith("best.pt.part-")]
    assert parts and {"run.json", "log.csv", "train.log"} <= set(files)
    assert all((out / f).is_file() and (out / f).stat().st_size <= 16 * 2**20 for f in files)
    whole = tmp_path / "best.pt"
    whole.write_bytes(b"".join((out / p).read_bytes() for p in parts))
    best = torch.load(whole, map_location="cpu")
    assert best["config"]["kind"] == "unet" and best["config"]["widths"] == [4, 4]
