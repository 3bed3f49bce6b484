"""`evaluate --sheet-only`: a new sample sheet without recomputing (or losing) the likelihood figures."""
import json
import os

import numpy as np
import pytest
import torch
from PIL import Image

from models.training import off_palette
from models.training.__main__ import main
from models.training.data import _hash_split
from models.training.onnx_io import node_available
from models.training.tests.test_sheet import tiny_model_folder


def image_folder(root, size, count):
    """`count` random PNGs whose names the fixed hash split puts in the test split."""
    folder = os.path.join(root, "images")
    os.makedirs(folder)
    names = [f"img{i}.png" for i in range(1000) if _hash_split(f"img{i}.png") == "test"][:count]
    rng = np.random.RandomState(0)
    for name in names:
        Image.fromarray(rng.randint(0, 256, (size, size, 3), np.uint8)).save(os.path.join(folder, name))
    return folder


@pytest.mark.skipif(not node_available(), reason="needs node and node_modules")
def test_sheet_only_replaces_the_sheet_and_keeps_every_other_figure(tmp_path):
    model = tiny_model_folder(str(tmp_path), 3, 4, 8, 8)
    data = image_folder(str(tmp_path), 8, 2)
    before = {"model": "tiny", "nllNatsSingleOrdering": {"mean": 123.5}, "sampleSheet": {"file": "old"}}
    json.dump(before, open(os.path.join(model, "eval.json"), "w"))
    main(["evaluate", "--model", model, "--data", data, "--sheet-only", "--sheet-images", "2",
          "--sheet-chains", "2", "--gibbs-steps", "3"])
    after = json.load(open(os.path.join(model, "eval.json")))
    assert after["nllNatsSingleOrdering"] == before["nllNatsSingleOrdering"]
    sheet = after["sampleSheet"]
    assert sheet["file"] == "samples.png" and sheet["images"] == [0, 1] and sheet["outsideHoleUnchanged"]
    assert sheet["params"]["steps"] == 3 and "--sheet-only" in sheet["command"]
    assert set(sheet["offPaletteShare"]) == {"centre", "blob"}
    with Image.open(os.path.join(model, "samples.png")) as png:
        # 2 rows × 7 tiles (original, then per hole: the hole and 2 chains), 8 px + 4 of padding, ×16
        assert png.size == (7 * 12 * 16, 2 * 12 * 16)
    assert not os.path.exists(os.path.join(model, "eval.json.tmp"))


def test_full_evaluation_writes_its_figures_and_only_a_full_test_run_updates_the_card(tmp_path):
    model = tiny_model_folder(str(tmp_path), 3, 4, 8, 8)
    data = image_folder(str(tmp_path), 8, 3)
    card_path = os.path.join(model, "card.json")
    card_before = open(card_path).read()
    run = ["evaluate", "--model", model, "--data", data, "--ensemble-images", "2", "--orderings", "2",
           "--sheet-images", "0", "--threads", "1"]
    main(run + ["--limit", "2"])
    res = json.load(open(os.path.join(model, "eval.json")))
    assert res["images"] == 2 and open(card_path).read() == card_before
    main(run)
    res = json.load(open(os.path.join(model, "eval.json")))
    nll = res["nllNatsSingleOrdering"]
    assert res["images"] == 3 and nll["n"] == 3 and nll["ci95"][0] <= nll["mean"] <= nll["ci95"][1]
    assert 0 < res["holeNllNats"]["mean"] < nll["mean"] * 2
    assert res["nllNatsExactOrderings"]["orderings"] == 2
    metrics = json.load(open(card_path))["metrics"]
    assert metrics["testNllNatsSingleOrdering"] == round(nll["mean"], 3) and metrics["evaluation"] == "eval.json"


def test_sheet_only_needs_an_earlier_evaluation(tmp_path):
    with pytest.raises(SystemExit, match="run the full evaluation first"):
        main(["evaluate", "--model", str(tmp_path), "--data", "mnist", "--sheet-only"])


@pytest.mark.skipif(not node_available(), reason="needs node and node_modules")
def test_off_palette_compares_presets_on_the_same_images_and_seeds(tmp_path):
    model = tiny_model_folder(str(tmp_path), 3, 4, 8, 8)
    data = image_folder(str(tmp_path), 8, 2)
    out = os.path.join(str(tmp_path), "off.json")
    off_palette.main(["--model", model, "--data", data, "--images", "2", "--chains", "2",
                      "--presets", "default", "coconet", "--out", out])
    res = json.load(open(out))
    default, coconet = res["presets"]["default"], res["presets"]["coconet"]
    assert default["params"]["alphaMax"] == 0.5 and coconet["params"]["alphaMax"] == 0.9
    assert default["images"] == coconet["images"] == [0, 1]
    for r in (default, coconet):
        shares = np.array(r["perFill"])
        assert shares.shape == (2, 2) and ((shares >= 0) & (shares <= 1)).all()
        assert r["fills"] == 4 and abs(r["meanShare"] - shares.mean()) < 1e-3


def test_split_all_evaluates_every_image_of_a_held_out_folder_on_the_models_background(tmp_path):
    model = tiny_model_folder(str(tmp_path), 3, 4, 8, 8)   # its card's background is white
    folder = os.path.join(str(tmp_path), "held-out")
    os.makedirs(folder)
    for i in range(5):  # names the hash split would spread over train, val and test
        rgba = np.zeros((8, 8, 4), np.uint8)
        rgba[2:6, 2:6] = (200, 10, 10, 255)                 # an opaque square on transparency
        Image.fromarray(rgba, "RGBA").save(os.path.join(folder, f"icon{i}.png"))
    main(["evaluate", "--model", model, "--data", folder, "--split", "all", "--ensemble-images", "0",
          "--sheet-images", "0", "--threads", "1", "--no-card"])
    assert json.load(open(os.path.join(model, "eval.json")))["images"] == 5
    from argparse import Namespace
    from models.training.evaluate import open_model_and_split
    _, _, split = open_model_and_split(Namespace(model=model, data=folder, split="all", binarize="dynamic",
                                                 skin_tones=False))
    assert len(split) == 5 and (split.data[:, :, 0, 0] == 255).all()   # transparency became white
    assert (split.data[:, :, 3, 3] == torch.tensor([200, 10, 10], dtype=torch.uint8)).all()


def test_split_all_is_refused_for_the_built_in_sets(tmp_path):
    model = tiny_model_folder(str(tmp_path), 3, 4, 8, 8)
    with pytest.raises(SystemExit, match="--split all is for a held-out folder"):
        main(["evaluate", "--model", model, "--data", "emoji", "--split", "all"])
