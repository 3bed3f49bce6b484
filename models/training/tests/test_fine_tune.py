"""`train --base`: fine-tuning a model folder on a folder of images, and the model folder it ends in."""
import json
import os

import numpy as np
import pytest
import torch
from PIL import Image

from models.training.__main__ import main
from models.training.base_model import load_base
from models.training.export import make_card
from models.training.model import TrainNet, count_parameters, encode
from models.training.nets import folded
from models.training.onnx_io import export_onnx, net_from_onnx
from models.training.unet import UNetTrain

from models.training.tests.test_export import with_trained_looking_bn


def model_folder(root, name, net, H=8, background=(255, 255, 255)):
    """A bundled-looking model folder of `net` (batch norm folded), as export writes one."""
    folder = os.path.join(root, name)
    os.makedirs(folder)
    enet = folded(net)
    export_onnx(enet, os.path.join(folder, "model.onnx"))
    run = {"H": H, "W": H, "background": list(background), "hardware": "test", "blob_frac": 0.5, "batch": 1,
           "lr": 0.0, "seed": 0, "commands": ["python3 -m models.training train --made-the-base"],
           "data": {k: "test" for k in ("name", "source", "licence", "attribution", "split")}}
    card = make_card(name, "a base", net, {"run": run, "step": 0, "elapsed": 0.0, "path": "x.pt"}, count_parameters(enet))
    with open(os.path.join(folder, "card.json"), "w") as f:
        json.dump(card, f)
    return folder


def grey_folder(root, n=6):
    folder = os.path.join(root, "greys")
    os.makedirs(folder)
    for i in range(n):
        Image.fromarray(np.tile((np.arange(10, dtype=np.uint8) * 25)[None], (10 + i, 1))).save(os.path.join(folder, f"g{i}.png"))
    return folder


def fine_tune(tmp_path, base, steps, *extra):
    return ["train", "--data-dir", grey_folder(str(tmp_path)) if not (tmp_path / "greys").exists() else str(tmp_path / "greys"),
            "--base", base, "--batch", "4", "--steps", str(steps), "--val-every", "2", "--val-images", "8",
            "--device", "cpu", "--threads", "1", "--out", str(tmp_path / "run"), *extra]


def batch(C, K, H=8, seed=1):
    g = torch.Generator().manual_seed(seed)
    levels = torch.randint(0, K, (2, C, H, H), generator=g)
    known = (torch.rand(2, 1, H, H, generator=g) < 0.5).float().expand(2, C, H, H)
    return encode(levels, known, K, "onehot")


@pytest.mark.parametrize("arch", ["resnet", "unet"])
def test_a_fine_tune_starts_from_the_folders_weights_with_its_levels_channels_and_size(tmp_path, arch):
    torch.manual_seed(0)
    net = TrainNet(3, 4, "onehot", 8, 2, dilations=[1, 2]) if arch == "resnet" else UNetTrain(3, 4, "onehot", [4, 8], [1, 1])
    base = model_folder(str(tmp_path), "base", with_trained_looking_bn(net))
    main(fine_tune(tmp_path, base, 4, "--stop-at", "0"))
    ck = torch.load(tmp_path / "run" / "ckpt.pt")
    assert ck["step"] == 0 and ck["config"]["C"] == 3 and ck["config"]["K"] == 4 and not ck["config"]["norm"]
    assert ck["run"]["H"] == 8 and ck["run"]["base"] == "base" and ck["run"]["data"]["images"] == 6  # grey images, RGB base
    started = TrainNet(3, 4, "onehot", 8, 2, dilations=[1, 2], norm=False) if arch == "resnet" \
        else UNetTrain(3, 4, "onehot", [4, 8], [1, 1], norm=False)
    started.load_state_dict(ck["model"])
    shipped = net_from_onnx(os.path.join(base, "model.onnx"), json.load(open(os.path.join(base, "card.json"))))
    x = batch(3, 4)
    with torch.no_grad():
        torch.testing.assert_close(started.eval()(x), shipped.forward_nchw(x), rtol=0, atol=1e-5)
    assert ck["base_val_nll"] is not None  # the base scored on the user's images before any step


def test_the_model_folder_card_names_the_images_the_base_the_command_and_the_licence(tmp_path, capsys):
    torch.manual_seed(0)
    base = model_folder(str(tmp_path), "base", with_trained_looking_bn(TrainNet(1, 4, "onehot", 8, 1)))
    out = tmp_path / "user-models" / "my-greys"
    main(fine_tune(tmp_path, base, 4, "--model-out", str(out), "--progress", "jsonl"))
    msgs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert msgs[-1] == {**msgs[-1], "type": "done", "model": str(out)}
    vals = [m for m in msgs if m["type"] == "validation"]
    assert [m["step"] for m in vals] == [0, 2, 4]  # step 0: the base's own score
    card = json.load(open(out / "card.json"))
    assert card["id"] == "my-greys" and card["channels"] == 1 and card["levels"] == 4
    assert card["data"]["source"] == str(tmp_path / "greys") and card["data"]["images"] == 6
    assert card["data"]["licence"] == "the user's" and card["data"]["skipped"] == 0
    assert card["training"]["baseModel"] == "base" and card["training"]["device"] == "cpu"
    commands = card["training"]["command"].split(" && ")
    assert commands[0].endswith("--made-the-base") and "--base" in commands[1] and "--data-dir" in commands[1]
    assert card["metrics"]["baseValBitsPerDim"] == pytest.approx(vals[0]["nll"], abs=1e-5)
    assert card["metrics"]["valBitsPerDim"] == pytest.approx(min(m["nll"] for m in vals), abs=1e-5)
    assert "fine-tuned from base" in card["title"]
    load_base(str(out))  # the result is itself a base to fine-tune further


def test_what_the_base_fixes_is_refused_and_a_broken_base_is_named(tmp_path):
    torch.manual_seed(0)
    base = model_folder(str(tmp_path), "base", TrainNet(1, 4, "onehot", 8, 1).eval())
    with pytest.raises(SystemExit, match="drop --net-size, --levels"):
        main(fine_tune(tmp_path, base, 2, "--levels", "8", "--net-size", "small"))
    with open(os.path.join(base, "card.json"), "w") as f:
        f.write("{ not json")
    with pytest.raises(SystemExit, match="the model does not load"):
        main(fine_tune(tmp_path, base, 2))
    with pytest.raises(SystemExit, match="neither a model folder nor a bundled model id"):
        main(fine_tune(tmp_path, str(tmp_path / "nowhere"), 2))


def test_model_out_must_be_a_new_folder_with_an_id_for_a_name(tmp_path):
    torch.manual_seed(0)
    base = model_folder(str(tmp_path), "base", TrainNet(1, 4, "onehot", 8, 1).eval())
    with pytest.raises(SystemExit, match="already exists"):
        main(fine_tune(tmp_path, base, 2, "--model-out", base))
    with pytest.raises(SystemExit, match="the folder's name is the model's id"):
        main(fine_tune(tmp_path, base, 2, "--model-out", str(tmp_path / "my art")))
    assert not (tmp_path / "run").exists()  # refused before anything was written


def test_a_resumed_fine_tune_keeps_the_fine_tuning_defaults_without_the_base_flag(tmp_path):
    torch.manual_seed(0)
    base = model_folder(str(tmp_path), "base", TrainNet(1, 4, "onehot", 8, 1).eval())
    main(fine_tune(tmp_path, base, 4, "--stop-at", "2"))
    resume = fine_tune(tmp_path, base, 4, "--resume")
    main(resume[:resume.index("--base")] + resume[resume.index("--base") + 2:])  # the net comes from the checkpoint
    ck = torch.load(tmp_path / "run" / "ckpt.pt")
    assert ck["step"] == 4 and ck["run"]["lr"] == 5e-5 and ck["opt"]["param_groups"][0]["lr"] <= 5e-5
