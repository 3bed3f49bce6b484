"""`preview`: the first examples of a --data-dir run's first batch, as PNGs, and one JSON line."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from models.training import REPO
from models.training.data import quantise_linear
from models.training.folder_data import load_image_folder

WHITE = [255, 255, 255]


def folder_of(root, n=5, size=(20, 30)):
    folder = os.path.join(root, "pics")
    os.makedirs(folder)
    rng = np.random.default_rng(1)
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (*size, 3), dtype=np.uint8)).save(os.path.join(folder, f"p{i}.png"))
    return folder


def preview(*args):
    out = subprocess.run([sys.executable, "-m", "models.training", "preview", *args], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    return out.returncode, json.loads(out.stdout.strip().splitlines()[-1])


def test_the_examples_are_the_start_of_the_first_training_batch(tmp_path):
    folder = folder_of(str(tmp_path))
    with open(os.path.join(folder, "broken.png"), "wb") as f:
        f.write(b"\x89PNG not really")
    out = str(tmp_path / "preview")
    code, report = preview("--data-dir", folder, "--size", "8", "--levels", "4", "--count", "3", "--batch", "16",
                           "--seed", "7", "--out", out)
    assert code == 0 and report["type"] == "preview"
    assert (report["images"], report["training"], report["validation"]) == (5, 4, 1)
    assert [s["file"] for s in report["skipped"]] == ["broken.png"]
    assert (report["size"], report["channels"], report["levels"]) == ([8, 8], 3, 4)
    # what train.py's loop draws first, with the run's seed: idx, then crops from the same generator
    ds = load_image_folder(folder, 8, 4, None, WHITE, "crop")
    g = torch.Generator().manual_seed(7)
    idx = torch.randint(0, len(ds.train), (16,), generator=g)
    expected = ds.train.levels(idx, g)[:3]
    assert len(report["examples"]) == 3
    for path, levels in zip(report["examples"], expected):
        png = torch.from_numpy(np.array(Image.open(path))).permute(2, 0, 1)
        assert torch.equal(quantise_linear(png, 4), levels)


def test_resize_mode_squeezes_whole_images(tmp_path):
    folder = folder_of(str(tmp_path), size=(40, 10))
    code, report = preview("--data-dir", folder, "--size", "8", "--examples", "resize", "--count", "2",
                           "--out", str(tmp_path / "p"))
    assert code == 0 and Image.open(report["examples"][0]).size == (8, 8)


@pytest.mark.skipif(not os.path.isfile(os.path.join(REPO, "models", "emoji-64", "card.json")), reason="no bundled emoji-64")
def test_a_base_model_fixes_the_geometry(tmp_path):
    code, report = preview("--data-dir", folder_of(str(tmp_path)), "--base", "emoji-64", "--count", "1",
                           "--out", str(tmp_path / "p"))
    assert code == 0 and (report["size"], report["channels"], report["levels"]) == ([64, 64], 3, 32)


def test_too_few_images_is_one_error_line(tmp_path):
    code, report = preview("--data-dir", folder_of(str(tmp_path), n=2), "--out", str(tmp_path / "p"))
    assert code == 1 and report["type"] == "error" and "at least 4" in report["message"]
    assert not os.path.exists(tmp_path / "p")
