"""A 20-step training smoke run on tiny synthetic images, and checkpoint resume."""
import csv
import json
import os

import numpy as np
import torch
from PIL import Image

import pytest

from models.training.__main__ import main
from models.training.model import TrainNet, encode, grow_from


def synthetic_folder(path, n=48, size=8):
    # grey stripes at random phase: strong local structure a tiny net learns in a few steps
    rng = np.random.default_rng(0)
    os.makedirs(path, exist_ok=True)
    for i in range(n):
        phase = rng.integers(0, 4)
        row = ((np.arange(size) + phase) % 4 < 2).astype(np.uint8) * 255
        img = np.repeat(np.tile(row, (size, 1))[..., None], 3, 2)
        Image.fromarray(img).save(os.path.join(path, f"img{i:03d}.png"))
    return path


def common(tmp_path, out, steps):
    data = synthetic_folder(str(tmp_path / "data"))
    return ["train", "--data", data, "--size", "8", "--levels", "2", "--blocks", "1", "--features", "8",
            "--batch", "16", "--lr", "1e-2", "--warmup", "1", "--steps", str(steps), "--val-every", "1",
            "--val-images", "64", "--device", "cpu", "--seed", "3", "--out", str(out)]


def read_val(out):
    with open(os.path.join(out, "log.csv")) as f:
        return [float(r["val_nll"]) for r in csv.DictReader(f) if r["val_nll"]]


def test_twenty_steps_lower_the_loss(tmp_path):
    out = tmp_path / "run"
    main(common(tmp_path, out, 20))
    val = read_val(out)
    assert len(val) == 20
    assert val[-1] < 0.9 * val[0], val  # 44.5 → 38.8 nats when written
    assert os.path.exists(out / "ckpt.pt") and os.path.exists(out / "best.pt")


def test_resume_continues_exactly(tmp_path):
    full, part = tmp_path / "full", tmp_path / "part"
    main(common(tmp_path, full, 12))
    main(common(tmp_path, part, 12) + ["--stop-at", "5"])
    assert torch.load(part / "ckpt.pt")["step"] == 5
    main(common(tmp_path, part, 12) + ["--resume"])
    a, b = torch.load(full / "ckpt.pt"), torch.load(part / "ckpt.pt")
    assert a["step"] == b["step"] == 12
    for k in a["model"]:
        torch.testing.assert_close(a["model"][k], b["model"][k], rtol=0, atol=1e-6)
    assert len(b["commands"]) == 2
    assert read_val(full) == read_val(part)


@pytest.mark.parametrize("norm", [True, False])
def test_grow_from_starts_a_deeper_net_computing_what_the_trained_one_did(norm):
    torch.manual_seed(0)
    small = TrainNet(3, 4, "onehot", 8, 1, dilations=[1, 2], norm=norm)
    for t in list(small.parameters()) + [b for n, b in small.named_buffers() if "running" in n]:
        t.data.uniform_(0.5, 1.5)  # no zero BN scale left: the trained block is not the identity
    small.eval()
    deep = TrainNet(3, 4, "onehot", 8, 3, dilations=[1, 2], norm=norm)
    grow_from(deep, small.state_dict(), small.config())
    deep.eval()
    g = torch.Generator().manual_seed(1)
    levels = torch.randint(0, 4, (2, 3, 6, 6), generator=g)
    known = (torch.rand(2, 1, 6, 6, generator=g) < 0.5).float().expand(2, 3, 6, 6)
    x = encode(levels, known, 4, "onehot")
    torch.testing.assert_close(deep(x), small(x))
    with pytest.raises(SystemExit, match="features"):
        grow_from(TrainNet(3, 4, "onehot", 16, 3, dilations=[1, 2], norm=norm), small.state_dict(), small.config())
    with pytest.raises(SystemExit, match="dilations"):
        grow_from(TrainNet(3, 4, "onehot", 8, 3, dilations=[1, 4], norm=norm), small.state_dict(), small.config())


def test_grow_from_records_the_trained_run_and_trains_on(tmp_path):
    small, deep = tmp_path / "small", tmp_path / "deep"
    main(common(tmp_path, small, 4))
    main(common(tmp_path, deep, 3) + ["--blocks", "2", "--grow-from", str(small / "best.pt")])
    ck = torch.load(deep / "ckpt.pt")
    assert ck["config"]["blocks"] == 2 and ck["step"] == 3
    assert len(ck["commands"]) == 2 and "--grow-from" in ck["commands"][1]


def test_new_lr_mult_trains_what_growth_added_at_its_own_rate_through_a_resume(tmp_path):
    small, deep = tmp_path / "small", tmp_path / "deep"
    main(common(tmp_path, small, 4))
    grow = common(tmp_path, deep, 6) + ["--blocks", "2", "--grow-from", str(small / "best.pt"), "--new-lr-mult", "10"]
    main(grow + ["--stop-at", "3"])
    ck = torch.load(deep / "ckpt.pt")
    assert "blocks.1.conv1.conv.weight" in ck["new_params"] and "blocks.1.conv2.bn.weight" in ck["new_params"]
    assert "blocks.0.conv1.conv.weight" not in ck["new_params"] and "stem.conv.weight" not in ck["new_params"]
    main([v for v in grow if v != "--grow-from" and v != str(small / "best.pt")] + ["--resume"])
    ck = torch.load(deep / "ckpt.pt")
    base, added = ck["opt"]["param_groups"]
    assert ck["step"] == 6 and added["lr"] == pytest.approx(10 * base["lr"])


def test_grow_from_a_shipped_model_folder_starts_from_its_weights(tmp_path):
    from models.training.onnx_io import net_from_onnx
    run, grown = tmp_path / "run", tmp_path / "grown"
    main(common(tmp_path, run, 3))
    main(["export", "--run", str(run), "--id", "m", "--title", "t", "--models-dir", str(tmp_path), "--time-runs", "0"])
    folder = tmp_path / "m"
    grow = common(tmp_path, grown, 0) + ["--blocks", "2", "--norm", "none", "--grow-from", str(folder)]
    with pytest.raises(SystemExit, match="norm"):  # the folder's weights have batch norm folded in
        main([v for v in grow if v not in ("--norm", "none")])
    main(grow + ["--stop-at", "0"])
    ck = torch.load(grown / "ckpt.pt")
    assert ck["config"]["blocks"] == 2 and not ck["config"]["norm"]
    assert len(ck["commands"]) == 2 and str(folder) in ck["commands"][1]  # the card's, then this one
    net = TrainNet(1, 2, "onehot", 8, 2, norm=False)
    net.load_state_dict(ck["model"])
    shipped = net_from_onnx(str(folder / "model.onnx"), json.load(open(folder / "card.json")))
    g = torch.Generator().manual_seed(1)
    levels = torch.randint(0, 2, (2, 1, 8, 8), generator=g)
    known = (torch.rand(2, 1, 8, 8, generator=g) < 0.5).float()
    x = encode(levels, known, 2, "onehot")
    torch.testing.assert_close(net.eval()(x), shipped.forward_nchw(x), rtol=0, atol=1e-5)
