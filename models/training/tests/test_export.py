"""BN folding and the ONNX round trip (real execution with onnxruntime-node)."""
import json

import numpy as np
import onnx
import pytest
import torch
from onnx import numpy_helper

from models.training.model import TrainNet, encode, fold, count_parameters
from models.training.objective import sample_masks
from models.training.onnx_io import ALLOWED_OPS, export_onnx, net_from_onnx, node_available, run_ort_node


def trained_looking_net(C, K, enc, dil):
    torch.manual_seed(0)
    return with_trained_looking_bn(TrainNet(C, K, enc, 16, 2, dilations=dil))


def with_trained_looking_bn(net):
    """Batch-norm statistics and scales far from the identity, as after training; eval mode."""
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.normal_(0, 0.5)
            m.running_var.uniform_(0.3, 3.0)
            m.weight.data.normal_(1, 0.5)
            m.bias.data.normal_(0, 0.5)
    return net.eval()


def batch(net, N, H, W, seed=0):
    g = torch.Generator().manual_seed(seed)
    lv = torch.randint(0, net.K, (N, net.C, H, W), generator=g)
    known, _ = sample_masks(N, H, W, 0.5, g)
    inp = encode(lv, known[:, None].expand(N, net.C, H, W), net.K, net.encoding)
    nhwc = inp.permute(0, 2, 3, 1)
    return inp, nhwc[..., :-net.C].contiguous(), nhwc[..., -net.C:].contiguous()


@pytest.mark.parametrize("C,K,enc,dil", [(1, 2, "onehot", [1]), (3, 5, "scalar", [1, 2])])
def test_bn_folding_is_exact(C, K, enc, dil):
    net = trained_looking_net(C, K, enc, dil)
    inp, x, known = batch(net, 3, 9, 7)
    with torch.no_grad():
        ref = net(inp).permute(0, 2, 3, 1)
        out = fold(net)(x, known)
    assert (ref - out).abs().max() < 1e-5


def test_encoding_matches_the_contract():
    # onehot: x[..., c·K + v] = known[..., c]; scalar: x[..., c] = known·v/(K−1)
    lv = torch.tensor([[[[2]], [[0]]]])            # N=1, C=2, 1×1, levels 2 and 0
    known = torch.tensor([[[[1.0]], [[1.0]]]])
    oh = encode(lv, known, 3, "onehot")[0, :, 0, 0].tolist()
    assert oh == [0, 0, 1, 1, 0, 0, 1, 1]
    sc = encode(lv, known * torch.tensor([1.0, 0.0])[None, :, None, None], 3, "scalar")[0, :, 0, 0].tolist()
    assert sc == [1.0, 0.0, 1.0, 0.0]


@pytest.mark.parametrize("C,K,enc,dil", [(1, 2, "onehot", [1]), (3, 4, "onehot", [1, 2, 4]), (3, 6, "scalar", [2])])
def test_export_round_trip(tmp_path, C, K, enc, dil):
    net = trained_looking_net(C, K, enc, dil)
    enet = fold(net)
    path = str(tmp_path / "model.onnx")
    model = export_onnx(enet, path)
    g = model.graph
    names = [t.name for t in g.initializer]
    want = ["stem.weight", "stem.bias"] + [f"blocks.{i}.conv{j}.{p}" for i in range(2) for j in (1, 2)
                                           for p in ("weight", "bias")] + ["head.weight", "head.bias"]
    assert sorted(names) == sorted(want)
    assert {n.op_type for n in g.node} <= ALLOWED_OPS
    assert sum(numpy_helper.to_array(t).size for t in g.initializer) == count_parameters(enet)
    assert [i.name for i in g.input] == ["x", "known"] and [o.name for o in g.output] == ["logits"]
    convs = {n.input[1]: n for n in g.node if n.op_type == "Conv"}
    d = {a.name: list(a.ints) for a in convs["blocks.1.conv2.weight"].attribute}
    assert d["dilations"] == [net.dilations[3]] * 2 and d["pads"] == [net.dilations[3]] * 4

    # a size and batch the export never saw (dynamic N, H, W)
    inp, x, known = batch(net, 3, 11, 6, seed=1)
    with torch.no_grad():
        ref = net(inp).permute(0, 2, 3, 1).numpy()
    rebuilt = net_from_onnx(path, {"channels": C, "levels": K, "input": {"encoding": enc},
                                   "architecture": {"kind": "resnet", "features": 16, "blocks": 2, "kernel": 3,
                                                    "dilations": net.dilations}})
    with torch.no_grad():
        assert np.abs(rebuilt(x, known).numpy() - ref).max() <= 1e-4
    if not node_available():
        pytest.skip("node + onnxruntime-node not installed")
    out = run_ort_node(path, x.numpy(), known.numpy())
    assert out.shape == ref.shape
    assert np.abs(out - ref).max() <= 1e-4


def test_a_failed_export_leaves_the_shipped_model_as_it_was(tmp_path, monkeypatch):
    from models.training import export
    from models.training.__main__ import main
    from models.training.tests.test_train import common

    run = tmp_path / "run"
    main(common(tmp_path, run, 3))
    args = ["export", "--run", str(run), "--id", "m", "--title", "t", "--models-dir", str(tmp_path), "--time-runs", "0"]
    main(args)
    folder = tmp_path / "m"
    shipped = {name: (folder / name).read_bytes() for name in ("model.onnx", "card.json")}
    monkeypatch.setattr(export, "MAX_BYTES", 100)
    with pytest.raises(SystemExit, match="nothing written"):
        main(args + ["--title", "a new title"])
    assert {name: (folder / name).read_bytes() for name in shipped} == shipped
    assert sorted(p.name for p in folder.iterdir()) == ["card.json", "model.onnx"]


def test_an_export_to_a_staging_folder_keeps_the_shipped_models_sample_list(tmp_path, monkeypatch):
    from models.training import export
    from models.training.__main__ import main
    from models.training.tests.test_train import common

    run = tmp_path / "run"
    main(common(tmp_path, run, 3))
    shipped = tmp_path / "shipped"
    (shipped / "m").mkdir(parents=True)
    (shipped / "m" / "card.json").write_text(json.dumps({"id": "m", "samples": ["a.png", "b.png"]}))
    monkeypatch.setattr(export, "SHIPPED_MODELS", str(shipped))
    args = ["export", "--run", str(run), "--title", "t", "--models-dir", str(tmp_path / "staging"), "--time-runs", "0"]
    staged_card = tmp_path / "staging" / "m" / "card.json"
    main(args + ["--id", "m"])
    assert json.loads(staged_card.read_text())["samples"] == ["a.png", "b.png"]
    (shipped / "m" / "card.json").unlink()
    main(args + ["--id", "m"])  # a second export over the staged folder keeps its own list
    assert json.loads(staged_card.read_text())["samples"] == ["a.png", "b.png"]
    main(args + ["--id", "other"])
    assert json.loads((tmp_path / "staging" / "other" / "card.json").read_text())["samples"] == []
