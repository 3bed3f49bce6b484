"""Writes the held-out sets of the sampler study (bench/study.ts, `npm run study`) as JSON:

    python3 -m models.training.study_sets --out /tmp/study-sets.json

MNIST: the first `--digits` test digits (the test split binarized once, as evaluated), each with a
centre 14×14 hole and a blob hole of the same 196 pixels (seed 1000 + digit). Emoji: the 24 test
images of the off-palette figures (models/training/off_palette.py: held_out_indices, levels drawn
with generator seed 1) with a centre 32×32 hole. Levels are row-major H·W·C, base64.
"""
from __future__ import annotations

import argparse
import base64

import numpy as np
import torch

from . import data as data_mod
from . import sheet
from .jsonfile import write_json_atomic


def b64(a) -> str:
    return base64.b64encode(np.ascontiguousarray(np.asarray(a, dtype=np.uint8)).tobytes()).decode()


def hwc(levels: torch.Tensor) -> np.ndarray:
    """[C,H,W] levels → H·W·C bytes, the order LevelImage.data keeps."""
    return levels.permute(1, 2, 0).numpy()


def mnist_set(digits: int) -> dict:
    split = data_mod.load("mnist", 2, 28).test
    idx = torch.arange(digits)
    levels = split.levels(idx)
    centre = sheet.centre_hole(28, 28, 14)
    items = []
    for i in range(digits):
        blob = sheet.blob_hole(28, 28, 196 / 784, torch.Generator().manual_seed(1000 + i))
        items.append({"index": int(idx[i]), "levels": b64(hwc(levels[i])),
                      "holes": {"centre": b64(centre.flatten()), "blob": b64(blob.flatten())}})
    return {"model": "mnist-binary-28", "height": 28, "width": 28, "channels": 1, "levels": 2,
            "what": f"the first {digits} MNIST test digits (binarized once, seed 0, as evaluated); holes: centre 14×14, "
                    "blob of 196 pixels (sheet.blob_hole, seed 1000 + digit)", "images": items}


def emoji_set(images: int) -> dict:
    split = data_mod.load("emoji", 32, 64).test
    idx = sheet.held_out_indices(len(split), images)
    levels = split.levels(idx, torch.Generator().manual_seed(1))
    centre = sheet.centre_hole(64, 64, 32)
    items = [{"index": int(idx[i]), "levels": b64(hwc(levels[i])), "holes": {"centre": b64(centre.flatten())}}
             for i in range(len(idx))]
    return {"model": "emoji-64", "height": 64, "width": 64, "channels": 3, "levels": 32,
            "what": f"the {images} emoji test images of the off-palette figures (held_out_indices); hole: centre 32×32",
            "images": items}


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m models.training.study_sets")
    p.add_argument("--digits", type=int, default=100)
    p.add_argument("--emoji", type=int, default=24)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    write_json_atomic(a.out, {"mnist": mnist_set(a.digits), "emoji": emoji_set(a.emoji)})


if __name__ == "__main__":
    main()
