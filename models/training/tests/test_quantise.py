"""The int8 (QDQ) and fp16 variants of docs/quantisation.md: which tensors are quantised, that
onnxruntime-node fuses them into its int8 kernels, and that both stay close to the fp32 graph."""
import numpy as np
import onnx
import pytest
import torch

import hashlib
import json
import os
from types import SimpleNamespace

from models.training import quantise
from models.training.model import fold
from models.training.nets import card_architecture
from models.training.onnx_io import export_onnx, node_available, run_ort_node
from models.training.quantise import calibrate, fp16_graph, graph_names, int8_graph
from models.training.tests.test_export import batch, trained_looking_net

BLOCKS = 2
CARD = {"levels": 4, "channels": 3, "height": 8, "width": 8, "input": {"encoding": "onehot"}}


class RandomSplit:
    """Stands in for a data split: seeded random level images."""
    def __len__(self):
        return 16

    def levels(self, idx, g):
        return torch.randint(0, CARD["levels"], (len(idx), CARD["channels"], CARD["height"], CARD["width"]), generator=g)


@pytest.fixture(scope="module")
def fp32(tmp_path_factory):
    net = fold(trained_looking_net(3, 4, "onehot", [1, 2]))
    path = str(tmp_path_factory.mktemp("q") / "model.onnx")
    export_onnx(net, path)
    return net, path


def quantised(net, path):
    model = onnx.load(path)
    names = graph_names(model)
    qp = calibrate(net, names, RandomSplit(), CARD, 32, 8, 0)
    return names, qp, int8_graph(model, qp)


def test_every_block_is_found_in_the_graph_and_calibrated(fp32):
    names, qp, _ = quantised(*fp32)
    assert len(names) == 2 + 3 * BLOCKS  # the input, the stem's ReLU, per block: conv1's ReLU, conv2, its ReLU
    assert set(qp) == set(names.values())
    assert all(scale > 0 for scale, _ in qp.values())
    assert qp[names["blocks.1.conv2"]][1] > 0  # conv2's output is signed: a zero point above 0


@pytest.mark.skipif(not node_available(), reason="needs node and onnxruntime-node")
def test_onnxruntime_runs_int8_kernels_close_to_fp32(fp32, tmp_path):
    net, path = fp32
    _, _, model = quantised(net, path)
    qpath, opt = str(tmp_path / "model.int8.onnx"), str(tmp_path / "optimised.onnx")
    onnx.save(model, qpath)
    _, x, known = batch(net, 2, 8, 8)
    ref = run_ort_node(path, x.numpy(), known.numpy())
    out = run_ort_node(qpath, x.numpy(), known.numpy(), optimized=opt)
    ops = [n.op_type for n in onnx.load(opt).graph.node]
    assert ops.count("QLinearConv") == 1 + 2 * BLOCKS and ops.count("QLinearAdd") == BLOCKS
    assert ops.count("Conv") == 1  # the head alone stays fp32
    err = np.abs(out - ref).max()
    assert 0 < err < 0.05 * np.abs(ref).max()


@pytest.mark.skipif(not node_available(), reason="needs node and onnxruntime-node")
def test_fp16_graph_matches_fp32(fp32, tmp_path):
    net, path = fp32
    hpath = str(tmp_path / "model.fp16.onnx")
    onnx.save(fp16_graph(onnx.load(path)), hpath)
    _, x, known = batch(net, 2, 8, 8)
    ref = run_ort_node(path, x.numpy(), known.numpy())
    out = run_ort_node(hpath, x.numpy(), known.numpy())
    assert out.dtype == np.float32 and np.abs(out - ref).max() < 1e-2 * np.abs(ref).max()


def test_ship_writes_a_valid_int8_graph_into_the_model_folder_and_a_rerun_reproduces_it(fp32, tmp_path, monkeypatch):
    net, path = fp32
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "model.onnx").write_bytes(open(path, "rb").read())
    card = {**CARD, "id": "tiny", "architecture": card_architecture(net)}
    (folder / "card.json").write_text(json.dumps(card))
    monkeypatch.setattr(quantise.data_mod, "load", lambda *a, **k: SimpleNamespace(val=RandomSplit()))
    args = SimpleNamespace(calibration=32, batch=8, seed=0)
    shipped = quantise.ship(str(folder), "random", args)
    assert shipped == str(folder / quantise.INT8_FILE)
    assert sorted(os.listdir(folder)) == ["card.json", "model.int8.onnx", "model.onnx"]  # no temporary left
    model = onnx.load(shipped)
    onnx.checker.check_model(model)
    assert [i.name for i in model.graph.input] == ["x", "known"] and [o.name for o in model.graph.output] == ["logits"]
    ops = {n.op_type for n in model.graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    digest = hashlib.sha256(open(shipped, "rb").read()).hexdigest()
    quantise.ship(str(folder), "random", args)  # seeded calibration: the same bytes again
    assert hashlib.sha256(open(shipped, "rb").read()).hexdigest() == digest
    if node_available():
        _, x, known = batch(net, 1, 8, 8)
        assert run_ort_node(shipped, x.numpy(), known.numpy()).shape == (1, 8, 8, 3 * 4)
