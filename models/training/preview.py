"""`preview`: a few of the examples `train --data-dir` would train on, as PNGs, before a run starts.

They are drawn by the training code itself: the folder loaded by `load_image_folder` at the
geometry the run would use (the base model's card, or the flags), then the first step's batch
drawn from a generator seeded as the run's (`--seed`), so what the app shows is the start of
what the run trains on. One JSON line on stdout says what was found (`preview`) or why not
(`error`); the PNGs go to `--out`.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch

from .base_model import resolve
from .folder_data import EXAMPLE_MODES, load_image_folder
from .train import DATA_DIR_DEFAULTS

MAX_COUNT = 32


def add_args(p):
    p.add_argument("--data-dir", required=True, help="the folder of images")
    p.add_argument("--base", default=None, help="a model folder or bundled id: its size, levels, channels, background")
    p.add_argument("--size", type=int, default=DATA_DIR_DEFAULTS["size"])
    p.add_argument("--levels", type=int, default=DATA_DIR_DEFAULTS["levels"])
    p.add_argument("--channels", default="auto", help="auto | 1 | 3 (without --base)")
    p.add_argument("--examples", default="crop", choices=EXAMPLE_MODES)
    p.add_argument("--batch", type=int, default=64, help="the run's batch (the preview is its first batch's start)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count", type=int, default=8, help=f"examples to write (at most {MAX_COUNT})")
    p.add_argument("--out", required=True, help="folder for example-N.png")


def geometry(a) -> tuple[int, int, int | None, list[int]]:
    """(size, K, C or None for auto, background) as the run would take them."""
    if a.base is None:
        C = None if a.channels == "auto" else int(a.channels)
        return a.size, a.levels, C, list(DATA_DIR_DEFAULTS["background"])
    folder = resolve(a.base)
    try:
        with open(os.path.join(folder, "card.json"), encoding="utf-8") as f:
            card = json.load(f)
        return card["height"], card["levels"], card["channels"], list(card["quantisation"]["background"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SystemExit(f"--base {folder}: its card does not load ({type(e).__name__}: {e})") from None


def to_png_array(levels: torch.Tensor, K: int) -> np.ndarray:
    """[C, H, W] levels → H×W (grey) or H×W×3 uint8, each level at its intensity v = round(l·255/(K−1))."""
    v = torch.floor(levels.double() * 255.0 / (K - 1) + 0.5).clamp(0, 255).to(torch.uint8).numpy()
    return v[0] if v.shape[0] == 1 else v.transpose(1, 2, 0)


def preview(a) -> dict:
    from PIL import Image
    if not 1 <= a.count <= MAX_COUNT:
        raise SystemExit(f"--count must be 1…{MAX_COUNT}")
    size, K, C, background = geometry(a)
    skipped = []
    ds = load_image_folder(a.data_dir, size, K, C, background, a.examples, lambda f, why: skipped.append({"file": f, "reason": why}))
    g = torch.Generator().manual_seed(a.seed)
    idx = torch.randint(0, len(ds.train), (max(a.batch, a.count),), generator=g)  # the first step's draw (train.py)
    batch = ds.train.levels(idx, g)[:a.count]
    os.makedirs(a.out, exist_ok=True)
    paths = []
    for i, levels in enumerate(batch):
        path = os.path.join(os.path.abspath(a.out), f"example-{i}.png")
        Image.fromarray(to_png_array(levels, K)).save(path)
        paths.append(path)
    return {"type": "preview", "images": ds.info["images"], "training": len(ds.train),
            "validation": ds.info["validationImages"], "skipped": skipped, "size": [ds.H, ds.W], "channels": ds.C,
            "levels": ds.K, "examples": paths}


def run(a, argv=None):
    try:
        report = preview(a)
    except SystemExit as e:
        if not isinstance(e.code, str):
            raise
        print(json.dumps({"type": "error", "message": e.code}, ensure_ascii=False))
        sys.exit(1)
    print(json.dumps(report, ensure_ascii=False))
