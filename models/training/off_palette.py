"""Compares sampler presets by how often their centre-hole fills leave the image's palette:

    python3 -m models.training.off_palette --model models/emoji-64 --data emoji --images 24 \
        --presets default coconet --out docs/emoji-64-off-palette.json

For each preset, `--images` held-out images (spread over the test split as on the sample sheet),
a centre square of side H/2, `--chains` chains each from the product's CLI (seed 1000 + the
image's position in that list), and per fill the share of its pixels farther than 40 (RGB) from
every colour outside the hole.
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from . import data as data_mod
from . import sheet
from .jsonfile import write_json_atomic


def measure(model: str, split, K: int, n_img: int, chains: int, preset: str, init: str | None = None) -> dict:
    idx = sheet.held_out_indices(len(split), n_img)
    levels = split.levels(idx, torch.Generator().manual_seed(1))
    hole = sheet.centre_hole(levels.shape[2], levels.shape[3], levels.shape[2] // 2)
    shares, params = [], None
    for i in range(len(idx)):
        fills, provenance = sheet.inpaint_with_cli(model, levels[i], hole, K, chains, 1000 + i, init=init, preset=preset)
        params = provenance["params"]
        original = sheet.to_rgb(levels[i], K)
        shares.append([sheet.off_palette_share(sheet.to_rgb(f, K), original, hole.numpy()) for f in fills])
        print(preset, int(idx[i]), np.round(shares[-1], 3).tolist(), flush=True)
    s = np.array(shares)
    return {"params": params, "images": [int(i) for i in idx], "perFill": s.round(4).tolist(),
            "meanShare": round(float(s.mean()), 4), "fillsOver25Percent": int((s > 0.25).sum()), "fills": int(s.size)}


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m models.training.off_palette")
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True, help="mnist | emoji | PATH, as in training")
    p.add_argument("--images", type=int, default=24)
    p.add_argument("--chains", type=int, default=3)
    p.add_argument("--presets", nargs="+", default=["default", "coconet"], help="built-in preset ids")
    p.add_argument("--init", default=None, choices=["border", "model", "uniform"],
                   help="how chains start the hole (default: as the app does)")
    p.add_argument("--out", default=None, help="also write the JSON here")
    a = p.parse_args(argv)
    card = json.load(open(f"{a.model}/card.json"))
    split = data_mod.load(a.data, card["levels"], card["height"], card["channels"]).test
    res = {"model": card["id"], "hole": "centre square, side H/2", "tolerance": sheet.OFF_PALETTE_TOLERANCE,
           "presets": {preset: measure(a.model, split, card["levels"], a.images, a.chains, preset, a.init) for preset in a.presets}}
    print(json.dumps(res, indent=1))
    if a.out:
        write_json_atomic(a.out, res, indent=1)


if __name__ == "__main__":
    main()
