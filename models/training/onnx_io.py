"""ONNX export per docs/model-format.md, and two independent ways to run the result.

- `export_onnx`: opset 13, inputs x/known, output logits, dynamic N/H/W, NHWC at the boundary,
  initializers named as PyTorch's state_dict (renamed after export if the exporter changed them).
- `net_from_onnx`: rebuild the conv stack in torch from the ONNX initializers alone (the tfjs
  backends' route), used by `evaluate` so it measures exactly the weights that ship, and by
  `train --base` / `--grow-from` (base_model.py) to start from a model folder.
- `run_ort_node`: execute the .onnx with onnxruntime-node (node_modules) in a child process.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from . import REPO
from .nets import ShippedNet, from_card

ALLOWED_OPS = {"Conv", "ConvTranspose", "Relu", "Add", "Concat", "Transpose"}
ORT_SCRIPT = os.path.join(os.path.dirname(__file__), "ort_run.cjs")


def export_onnx(net: ShippedNet, path: str) -> onnx.ModelProto:
    net = net.eval()
    C, K = net.C, net.K
    E = K if net.encoding == "onehot" else 1
    side = 32  # a multiple of every U-Net's 2^(levels−1) (the card allows up to 5 levels)
    x = torch.zeros(1, side, side, C * E)
    known = torch.zeros(1, side, side, C)
    axes = {0: "N", 1: "H", 2: "W"}
    torch.onnx.export(net, (x, known), path, opset_version=13, input_names=["x", "known"],
                      output_names=["logits"], dynamic_axes={"x": axes, "known": axes, "logits": axes},
                      do_constant_folding=False, keep_initializers_as_inputs=False,
                      export_params=True)
    model = onnx.load(path)
    changed = _unshare_initializers(model)
    want = {name: p.detach().numpy() for name, p in net.named_parameters()}
    inits = {t.name: t for t in model.graph.initializer}
    if set(inits) != set(want):
        # the exporter renamed some initializers: map them back by exact value
        renames = {}
        for old, t in inits.items():
            arr = numpy_helper.to_array(t)
            match = [n for n, w in want.items() if w.shape == arr.shape and np.array_equal(w, arr)
                     and n not in renames.values()]
            if not match:
                raise RuntimeError(f"exported initializer {old} matches no parameter")
            renames[old] = match[0]
        for t in model.graph.initializer:
            t.name = renames[t.name]
        for node in model.graph.node:
            node.input[:] = [renames.get(i, i) for i in node.input]
        changed = True
    if changed:
        onnx.save(model, path)
    check_graph(model, net)
    return model


def _unshare_initializers(model: onnx.ModelProto) -> bool:
    """torch.onnx stores equal parameters once and aliases the others through Identity nodes (a
    fresh net's zero-initialised convs, say); the contract gives every parameter its own initializer."""
    inits = {t.name: t for t in model.graph.initializer}
    aliases = [n for n in model.graph.node if n.op_type == "Identity" and n.input[0] in inits]
    for n in aliases:
        copy = onnx.TensorProto()
        copy.CopyFrom(inits[n.input[0]])
        copy.name = n.output[0]
        model.graph.initializer.append(copy)
        model.graph.node.remove(n)
    return bool(aliases)


def check_graph(model: onnx.ModelProto, net: ShippedNet) -> None:
    """The contract's rules: names, ops, shapes, dynamic axes, initializers = parameters exactly."""
    onnx.checker.check_model(model)
    g = model.graph
    ops = {n.op_type for n in g.node}
    assert ops <= ALLOWED_OPS, f"graph holds ops {sorted(ops - ALLOWED_OPS)}"
    assert [i.name for i in g.input] == ["x", "known"], [i.name for i in g.input]
    assert [o.name for o in g.output] == ["logits"], [o.name for o in g.output]
    for v in list(g.input) + list(g.output):
        dims = v.type.tensor_type.shape.dim
        assert len(dims) == 4 and all(d.dim_param for d in dims[:3]), f"{v.name} axes {dims}"
    params = {n: p.detach().numpy() for n, p in net.named_parameters()}
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    assert set(inits) == set(params), f"initializers {sorted(inits)} != parameters {sorted(params)}"
    for n, w in params.items():
        assert inits[n].dtype == np.float32 and np.array_equal(inits[n], w), n
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    assert opset == [13], opset


def net_from_onnx(path: str, card: dict) -> ShippedNet:
    """The net built from card.json's architecture, weights from the ONNX initializers only."""
    net = from_card(card)
    inits = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
             for t in onnx.load(path).graph.initializer}
    net.load_state_dict(inits, strict=True)
    return net.eval()


def node_available() -> bool:
    return shutil.which("node") is not None and os.path.isdir(os.path.join(REPO, "node_modules", "onnxruntime-node"))


def run_ort_node(onnx_path: str, x: np.ndarray, known: np.ndarray, repeat: int = 0, optimized: str | None = None):
    """logits from onnxruntime-node (CPU) for NHWC float32 inputs; with repeat > 0, also the
    median milliseconds of `repeat` more runs: (logits, ms). `optimized`: a path to save the graph
    as onnxruntime optimised it (full optimisation, as the app runs it)."""
    with tempfile.TemporaryDirectory() as d:
        x.astype("<f4").tofile(os.path.join(d, "x.bin"))
        known.astype("<f4").tofile(os.path.join(d, "known.bin"))
        spec = {"model": os.path.abspath(onnx_path), "dir": d, "repeat": repeat,
                "inputs": {"x": list(x.shape), "known": list(known.shape)}}
        if optimized:
            spec["optimized"] = os.path.abspath(optimized)
        out = subprocess.run(["node", ORT_SCRIPT, json.dumps(spec)], cwd=REPO, capture_output=True,
                             text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"onnxruntime-node failed: {out.stderr[-2000:]}")
        res = json.loads(out.stdout.strip().splitlines()[-1])
        logits = np.fromfile(os.path.join(d, "logits.bin"), dtype="<f4").reshape(res["shape"])
        return (logits, res["medianMs"]) if repeat else logits
