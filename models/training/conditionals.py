"""What a model predicts inside a centre hole, given three different contexts:

    python3 -m models.training.conditionals --model models/emoji-64 --data emoji --rows 1,3,4,0 \
        --out docs/emoji-64-conditionals.png

Rows: sample-sheet images (held-out, spread over the test split, as on the sheet). Columns: the
original; each hole pixel's most likely level given only the border (the whole hole unknown);
given a random half of the hole's true pixels; given that half set to level 0 (black). Shows
where a chain's fill is decided: in what the net predicts while most of the hole is unknown.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch
from PIL import Image

from . import data as data_mod
from . import sheet
from .model import encode
from .onnx_io import net_from_onnx


def most_likely(net, levels: torch.Tensor, known_px: torch.Tensor, K: int, encoding: str) -> torch.Tensor:
    """[C, H, W] levels with every unknown pixel replaced by each channel's most likely level."""
    C, H, W = levels.shape
    with torch.no_grad():
        logits = net(encode(levels[None], known_px[None, None].expand(1, C, H, W).float(), K, encoding))
    mode = logits.reshape(C, K, H, W).argmax(1)
    return torch.where(known_px.bool()[None].expand(C, H, W), levels, mode)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m models.training.conditionals")
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True, help="mnist | emoji | PATH, as in training")
    p.add_argument("--rows", default="0,1,2,3", help="sample-sheet rows (of 6)")
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    card = json.load(open(os.path.join(a.model, "card.json")))
    K, H, W = card["levels"], card["height"], card["width"]
    net = net_from_onnx(os.path.join(a.model, "model.onnx"), card).forward_nchw
    split = data_mod.load(a.data, K, H, card["channels"]).test
    idx = sheet.held_out_indices(len(split), 6)
    levels = split.levels(idx, torch.Generator().manual_seed(1))  # the sheet's images
    hole = sheet.centre_hole(H, W, H // 2)
    g = torch.Generator().manual_seed(0)
    rows = []
    for r in (int(v) for v in a.rows.split(",")):
        x = levels[r]
        half = ~hole | (hole & (torch.rand(H, W, generator=g) < 0.5))
        black = x.clone()
        black[:, hole] = 0
        tiles = [x, most_likely(net, x, ~hole, K, card["input"]["encoding"]),
                 most_likely(net, x, half, K, card["input"]["encoding"]),
                 most_likely(net, black, half, K, card["input"]["encoding"])]
        rows.append(np.concatenate([sheet.pad_tile(sheet.to_rgb(t, K)) for t in tiles], 1))
    im = np.concatenate(rows, 0)
    scale = max(1, 128 // max(H, W))
    Image.fromarray(im).resize((im.shape[1] * scale, im.shape[0] * scale), Image.NEAREST).save(a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
