"""The U-Net architecture: BN folding (transposed convs too), the ONNX contract, training end to end."""
import json

import numpy as np
import pytest
import torch
from onnx import numpy_helper

from models.training.__main__ import main
from models.training.nets import card_architecture
from models.training.onnx_io import ALLOWED_OPS, export_onnx, net_from_onnx, node_available, run_ort_node
from models.training.tests.test_export import batch, with_trained_looking_bn
from models.training.tests.test_train import common, read_val
from models.training.unet import UNetTrain, fold_unet


def trained_looking_unet(C, K, enc, widths=(8, 12, 16), blocks=(1, 0, 1)):
    torch.manual_seed(0)
    return with_trained_looking_bn(UNetTrain(C, K, enc, list(widths), list(blocks)))


def test_bn_folding_is_exact_for_strided_and_transposed_convs():
    net = trained_looking_unet(3, 4, "onehot")
    inp, x, known = batch(net, 2, 8, 12)
    with torch.no_grad():
        assert (net(inp).permute(0, 2, 3, 1) - fold_unet(net)(x, known)).abs().max() < 1e-5


def test_sizes_must_be_multiples_of_the_coarsest_level():
    net = trained_looking_unet(1, 2, "onehot")  # 3 levels: multiples of 4
    inp, _, _ = batch(net, 1, 8, 6)
    with pytest.raises(ValueError, match="not a multiple of 4"):
        net(inp)


@pytest.mark.parametrize("C,K,enc", [(1, 2, "onehot"), (3, 5, "scalar")])
def test_export_round_trip(tmp_path, C, K, enc):
    net = trained_looking_unet(C, K, enc)
    enet = fold_unet(net)
    path = str(tmp_path / "model.onnx")
    g = export_onnx(enet, path).graph
    assert {n.op_type for n in g.node} <= ALLOWED_OPS
    names = {t.name for t in g.initializer}
    assert {"down.0.strided.weight", "up.1.transposed.bias", "mid.0.conv2.weight", "head.bias"} <= names
    assert sum(numpy_helper.to_array(t).size for t in g.initializer) == sum(p.numel() for p in enet.parameters())
    up = next(n for n in g.node if n.op_type == "ConvTranspose")
    attrs = {a.name: list(a.ints) for a in up.attribute}
    assert attrs["strides"] == [2, 2] and attrs["kernel_shape"] == [2, 2]

    inp, x, known = batch(net, 3, 12, 20, seed=1)  # a size the export never saw
    with torch.no_grad():
        ref = net(inp).permute(0, 2, 3, 1).numpy()
        card = {"channels": C, "levels": K, "input": {"encoding": enc}, "architecture": card_architecture(net)}
        assert np.abs(net_from_onnx(path, card)(x, known).numpy() - ref).max() <= 1e-4
    if not node_available():
        pytest.skip("node + onnxruntime-node not installed")
    assert np.abs(run_ort_node(path, x.numpy(), known.numpy()) - ref).max() <= 1e-4


def test_an_untrained_net_exports_every_parameter_as_its_own_initializer(tmp_path):
    # zero-initialised residual convs are equal tensors, which torch.onnx would share via Identity
    enet = fold_unet(UNetTrain(1, 2, "onehot", [4, 4], [1, 1]).eval())
    g = export_onnx(enet, str(tmp_path / "model.onnx")).graph
    assert "Identity" not in {n.op_type for n in g.node}
    assert len(g.initializer) == len(list(enet.parameters()))


def test_train_and_export_a_unet(tmp_path):
    out = tmp_path / "run"
    main(common(tmp_path, out, 20) + ["--arch", "unet", "--widths", "8,12", "--level-blocks", "1,1"])
    val = read_val(out)
    assert val[-1] < 0.9 * val[0], val
    main(["export", "--run", str(out), "--id", "u", "--title", "t", "--models-dir", str(tmp_path), "--time-runs", "0"])
    card = json.loads((tmp_path / "u" / "card.json").read_text())
    assert card["architecture"] == {"kind": "unet", "widths": [8, 12], "blocks": [1, 1], "kernel": 3}
    assert card["metrics"]["exportCheck"]["foldMaxAbsDiff"] < 1e-4


def test_grow_from_refuses_a_unet(tmp_path):
    with pytest.raises(SystemExit, match="--grow-from deepens a resnet"):
        main(common(tmp_path, tmp_path / "run", 2) + ["--arch", "unet", "--grow-from", str(tmp_path / "best.pt")])
