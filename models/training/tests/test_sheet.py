"""The sample sheet's holes, and its inpaintings by the product's CLI on a tiny exported model."""
import json
import os

import numpy as np
import pytest
import torch

from models.training.export import make_card
from models.training.model import TrainNet, count_parameters, fold
from models.training.onnx_io import export_onnx, node_available
from models.training.sheet import (blob_hole, centre_hole, from_rgb, held_out_indices, inpaint_with_cli,
                                   off_palette_share, to_rgb)


def test_centre_and_blob_holes_have_the_asked_size():
    assert int(centre_hole(10, 12, 4).sum()) == 16
    assert centre_hole(10, 12, 4)[3:7, 4:8].all()
    hole = blob_hole(64, 64, 0.2, torch.Generator().manual_seed(0))
    assert int(hole.sum()) == round(0.2 * 64 * 64)
    # a blob, not scattered pixels: most hole pixels have a hole pixel to their right
    pairs = (hole[:, :-1] & hole[:, 1:]).sum()
    assert pairs > 0.9 * hole.sum() - 64


def test_held_out_indices_spread_over_the_split():
    assert held_out_indices(109, 6).tolist() == [0, 22, 43, 65, 86, 108]
    assert held_out_indices(3, 6).tolist() == [0, 1, 2]


def test_level_rgb_round_trip_is_exact():
    lv = torch.randint(0, 32, (3, 5, 4), generator=torch.Generator().manual_seed(1))
    assert torch.equal(from_rgb(to_rgb(lv, 32), 3, 32), lv)


def test_off_palette_share_counts_hole_pixels_far_from_every_context_colour():
    orange, brown, green = (240, 140, 20), (90, 50, 20), (90, 140, 20)  # green = brown's R, orange's G
    original = np.zeros((4, 4, 3), np.uint8)
    original[:, :2], original[:, 2:] = orange, brown
    hole = np.zeros((4, 4), bool)
    hole[1:3, 1:3] = True
    fill = original.copy()
    assert off_palette_share(fill, original, hole) == 0.0
    fill[1, 1] = green
    assert off_palette_share(fill, original, hole) == 0.25
    fill[1:3, 1:3] = green
    assert off_palette_share(fill, original, hole) == 1.0
    fill[1:3, 1:3] = (250, 150, 30)  # within the tolerance of orange
    assert off_palette_share(fill, original, hole) == 0.0
    assert off_palette_share(fill, original, hole, tolerance=5) == 1.0


def tiny_model_folder(root, C, K, H, W):
    torch.manual_seed(0)
    net = TrainNet(C, K, "onehot", 8, 1, dilations=[1]).eval()
    folder = os.path.join(root, "tiny")
    os.makedirs(folder)
    export_onnx(fold(net), os.path.join(folder, "model.onnx"))
    run = {"H": H, "W": W, "background": [255] * 3, "hardware": "test", "blob_frac": 0.5, "batch": 1,
           "lr": 0.0, "seed": 0, "commands": ["none"],
           "data": {k: "test" for k in ("name", "source", "licence", "attribution", "split")}}
    card = make_card("tiny", "tiny test model", net, {"run": run, "step": 0, "elapsed": 0.0, "path": "x.pt"},
                     count_parameters(fold(net)))
    with open(os.path.join(folder, "card.json"), "w") as f:
        json.dump(card, f)
    return folder


@pytest.mark.skipif(not node_available(), reason="needs node and node_modules")
def test_cli_inpaints_only_the_hole_with_one_picture_per_chain(tmp_path):
    C, K, H, W = 3, 4, 10, 12
    folder = tiny_model_folder(str(tmp_path), C, K, H, W)
    lv = torch.randint(0, K, (C, H, W), generator=torch.Generator().manual_seed(2))
    hole = centre_hole(H, W, 4)
    outs, provenance = inpaint_with_cli(folder, lv, hole, K, chains=3, seed=5, steps=6)
    assert provenance["seed"] == 5 and provenance["params"]["steps"] == 6  # what the CLI says it ran
    assert provenance["params"]["sampler"] == "gibbs"  # the sheet's sampler, whatever the app's default
    assert outs.shape == (3, C, H, W)
    assert torch.equal(outs[:, :, ~hole], lv[:, ~hole].expand(3, -1, -1))
    assert not torch.equal(outs[0], outs[1])  # independent chains
    again, _ = inpaint_with_cli(folder, lv, hole, K, chains=3, seed=5, steps=6)
    assert torch.equal(outs, again)           # a seed reproduces the chains
