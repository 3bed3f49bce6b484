"""Issue 20's quantisation question: int8 (static, QDQ) and fp16 variants of a bundled model.onnx,
measured in docs/quantisation.md. model.onnx stays the fp32 default; the int8 graph ships beside it
as an optional variant (`--ship` writes it into the model folder as model.int8.onnx).

int8: activations calibrated with torch.ao.quantization HistogramObservers on validation
examples (random orderless masks, as the evaluator draws them), weights per-channel symmetric int8
(7-bit range: AVX2 without VNNI saturates u8×s8 pairs otherwise), biases int32. The QDQ graph puts
Q/DQ where onnxruntime's QDQ fusion turns Conv and Add into QLinearConv / QLinearAdd: on every
conv input, after each ReLU (zero point 0, so the ReLU folds into the Q), and on every conv2
output before its residual Add. The head stays fp32 (its logits feed a log-softmax).
fp16: every initializer and value float16, a Cast at each input and at the logits.

  npm run quantisation   (= python3 -m models.training quantise --model models/emoji-64:emoji ...)
builds both variants of each model in --out, checks which kernels onnxruntime-node runs, times
them against model.onnx (bench/quantised-forward.ts) and compares NLL on the test split; writes
docs/quantisation.json.

  python3 -m models.training quantise --model models/emoji-64:emoji --ship
calibrates (seeded, about a minute) and writes only MODEL_DIR/model.int8.onnx, the graph measured
above (same calibration and seed), without the timing and NLL runs.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper
from torch.ao.quantization.observer import HistogramObserver, PerChannelMinMaxObserver

from . import REPO, command_line, data as data_mod
from .jsonfile import write_json_atomic
from .model import encode
from .objective import sample_masks
from .evaluate import hole_nll
from .objective import single_ordering_nll
from .onnx_io import net_from_onnx, run_ort_node

INT8_FILE = "model.int8.onnx"  # the shipped variant's name, beside model.onnx (the card's variants.int8.file)


def activation_tensors(net, h):
    """The named fp32 tensors the QDQ graph quantises, for one NCHW input (mirrors TrainNet)."""
    out = {"input": h}
    h = F.relu(net.stem(h))
    out["stem.relu"] = h
    for i, b in enumerate(net.blocks):
        r = F.relu(b.conv1(h))
        out[f"blocks.{i}.conv1.relu"] = r
        c2 = b.conv2(r)
        out[f"blocks.{i}.conv2"] = c2
        h = F.relu(c2 + h)
        out[f"blocks.{i}.relu"] = h
    return out


def graph_names(model: onnx.ModelProto) -> dict[str, str]:
    """activation_tensors' keys -> the tensor names in this graph (the exporter's names vary)."""
    nodes = model.graph.node
    consumer = {i: n for n in nodes for i in n.input}
    names = {}
    for n in nodes:
        if n.op_type != "Conv":
            continue
        layer = n.input[1].removesuffix(".weight")
        if layer == "stem":
            names["input"] = n.input[0]
        after = consumer[n.output[0]]
        if after.op_type == "Relu":  # stem, conv1
            names[f"{layer}.relu"] = after.output[0]
        elif after.op_type == "Add":  # conv2 -> Add -> Relu
            names[layer] = n.output[0]
            names[layer.removesuffix(".conv2") + ".relu"] = consumer[after.output[0]].output[0]
    return names


@torch.no_grad()
def calibrate(net, names, split, card, examples: int, batch: int, seed: int) -> dict[str, tuple[float, int]]:
    """uint8 (scale, zero point) per quantised tensor (by graph name), from HistogramObservers."""
    K, enc, H, W, C = card["levels"], card["input"]["encoding"], card["height"], card["width"], card["channels"]
    g = torch.Generator().manual_seed(seed)
    observers: dict[str, HistogramObserver] = {}
    for s in range(0, examples, batch):
        idx = torch.arange(s, min(examples, s + batch)) % len(split)
        lv = split.levels(idx, g)
        known_px, _ = sample_masks(len(idx), H, W, 0.0, g)
        h = encode(lv, known_px[:, None].expand(len(idx), C, H, W), K, enc)
        for name, t in activation_tensors(net, h).items():
            observers.setdefault(name, HistogramObserver(dtype=torch.quint8))(t)
    qp = {}
    for name, ob in observers.items():
        scale, zp = ob.calculate_qparams()
        qp[names[name]] = (float(scale), int(zp))
    qp[names["input"]] = (1 / 255, 0)  # one-hot and known flags are 0 or 1: exact
    for key in names:  # after a ReLU: zero point 0 lets onnxruntime fold the ReLU into the Q
        if key.endswith("relu"):
            qp[names[key]] = (qp[names[key]][0], 0)
    return qp


def _const(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def int8_graph(model: onnx.ModelProto, qp: dict[str, tuple[float, int]]) -> onnx.ModelProto:
    g = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    new_inits, nodes = [], []
    dq_of = {}  # fp32 tensor name -> its Q/DQ'd twin

    def qdq(name):
        if name not in dq_of:
            scale, zp = qp[name]
            new_inits.extend([_const(name + "_s", np.float32(scale)), _const(name + "_z", np.uint8(zp))])
            nodes.append(helper.make_node("QuantizeLinear", [name, name + "_s", name + "_z"], [name + "_q"]))
            nodes.append(helper.make_node("DequantizeLinear", [name + "_q", name + "_s", name + "_z"], [name + "_dq"]))
            dq_of[name] = name + "_dq"
        return dq_of[name]

    for n in g.node:
        if n.op_type == "Conv" and not n.input[1].startswith("head."):
            x, w_name, b_name = n.input
            w, b = inits[w_name], inits[b_name]
            ob = PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8, qscheme=torch.per_channel_symmetric,
                                          quant_min=-64, quant_max=63)
            ob(torch.from_numpy(w.copy()))
            ws, _ = ob.calculate_qparams()
            ws = ws.numpy().astype(np.float32)
            wq = np.clip(np.round(w / ws[:, None, None, None]), -64, 63).astype(np.int8)
            bs = (qp[x][0] * ws).astype(np.float32)
            bq = np.round(b / bs).astype(np.int32)
            cout = w.shape[0]
            new_inits += [_const(w_name + "_q", wq), _const(w_name + "_s", ws), _const(w_name + "_z", np.zeros(cout, np.int8)),
                          _const(b_name + "_q", bq), _const(b_name + "_s", bs), _const(b_name + "_z", np.zeros(cout, np.int32))]
            wd = helper.make_node("DequantizeLinear", [w_name + "_q", w_name + "_s", w_name + "_z"], [w_name + "_dq"], axis=0)
            bd = helper.make_node("DequantizeLinear", [b_name + "_q", b_name + "_s", b_name + "_z"], [b_name + "_dq"], axis=0)
            xin = qdq(x)
            nodes += [wd, bd]
            conv = helper.make_node("Conv", [xin, w_name + "_dq", b_name + "_dq"], list(n.output), name=n.name)
            conv.attribute.extend(n.attribute)
            nodes.append(conv)
            out = n.output[0]
            if out in qp:  # conv2: quantised before the residual Add
                qdq(out)
        elif n.op_type == "Relu":
            nodes.append(n)
            if n.output[0] in qp:
                qdq(n.output[0])
        elif n.op_type == "Add":
            nodes.append(helper.make_node("Add", [dq_of.get(i, i) for i in n.input], list(n.output), name=n.name))
        elif n.op_type == "Conv":  # the head: fp32 weights, quantised input
            nodes.append(helper.make_node("Conv", [qdq(n.input[0])] + list(n.input[1:]), list(n.output),
                                          name=n.name))
            nodes[-1].attribute.extend(n.attribute)
        else:
            nodes.append(n)
            if n.output[0] in qp:
                qdq(n.output[0])
    keep = [t for t in g.initializer if t.name.startswith("head.")]
    graph = helper.make_graph(nodes, g.name, list(g.input), list(g.output), keep + new_inits)
    out = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    out.ir_version = model.ir_version
    onnx.checker.check_model(out)
    return out


def fp16_graph(model: onnx.ModelProto) -> onnx.ModelProto:
    g = model.graph
    inits = [numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name) for t in g.initializer]
    ren = {"x": "x_h", "known": "known_h", "logits": "logits_h"}
    nodes = [helper.make_node("Cast", ["x"], ["x_h"], to=TensorProto.FLOAT16),
             helper.make_node("Cast", ["known"], ["known_h"], to=TensorProto.FLOAT16)]
    for n in g.node:
        m = onnx.NodeProto()
        m.CopyFrom(n)
        m.input[:] = [ren.get(i, i) for i in n.input]
        m.output[:] = [ren.get(o, o) for o in n.output]
        nodes.append(m)
    nodes.append(helper.make_node("Cast", ["logits_h"], ["logits"], to=TensorProto.FLOAT))
    graph = helper.make_graph(nodes, g.name, list(g.input), list(g.output), inits)
    out = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    out.ir_version = model.ir_version
    onnx.checker.check_model(out)
    return out


def ort_net(onnx_path: str, C: int):
    """The evaluator's net interface (NCHW encoded input -> NCHW logits) run by onnxruntime-node,
    so the figures describe the graph as onnxruntime executes it (its int8 kernels included)."""
    def net(h: torch.Tensor) -> torch.Tensor:
        x, known = h[:, :-C], h[:, -C:]
        nhwc = lambda t: t.permute(0, 2, 3, 1).contiguous().numpy()
        logits = run_ort_node(onnx_path, nhwc(x), nhwc(known))
        return torch.from_numpy(logits).permute(0, 3, 1, 2)
    return net


def paired_nll(paths: dict[str, str], split, card, n: int, draws: int, batch: int, seed: int) -> dict:
    """Test NLL (single ordering, nats/image) and centre-hole NLL per variant, every variant on the
    same images and masks (same seed), with each variant's mean change against the first, paired."""
    K, C, H, W = card["levels"], card["channels"], card["height"], card["width"]
    enc, side, D = card["input"]["encoding"], card["height"] // 2, H * W * C
    per = {}
    for name, path in paths.items():
        net = ort_net(path, C)
        nll = single_ordering_nll(net, split, K, enc, n, draws, batch, "cpu", torch.Generator().manual_seed(seed))
        hole = hole_nll(net, split, K, enc, n, side, batch, "cpu", torch.Generator().manual_seed(seed + 1), draws)
        per[name] = (nll, hole)
    base_nll, base_hole = next(iter(per.values()))
    out = {}
    for name, (nll, hole) in per.items():
        d, dh = nll - base_nll, hole - base_hole
        half = lambda v: float(1.96 * v.std() / len(v) ** 0.5)
        out[name] = {"nllNats": float(nll.mean()), "bitsPerDim": float(nll.mean()) / (D * np.log(2)),
                     "holeNllNats": float(hole.mean()),
                     "nllChangePercent": 100 * float(d.mean() / base_nll.mean()),
                     "nllChangeCi95Nats": [float(d.mean()) - half(d), float(d.mean()) + half(d)],
                     "holeNllChangePercent": 100 * float(dh.mean() / base_hole.mean())}
    return {"images": n, "split": "test", "drawsPerImage": draws, "seed": seed, "holeSquare": side,
            "what": "single-ordering NLL and centre-hole NLL (objective.single_ordering_nll and evaluate.hole_nll, "
                    "the evaluator's estimators), run by onnxruntime-node, all variants on the same masks",
            "variants": out}


def kernels(path: str, card: dict, tmp: str) -> dict[str, int]:
    """Node counts by op of the graph onnxruntime-node actually runs (saved after optimisation):
    QLinearConv, not Conv, shows the int8 kernels are in use rather than a dequantised fallback."""
    opt = os.path.join(tmp, os.path.basename(path) + ".optimised.onnx")
    C, E = card["channels"], card["levels"] if card["input"]["encoding"] == "onehot" else 1
    H, W = card["height"], card["width"]
    run_ort_node(path, np.zeros((1, H, W, C * E), np.float32), np.ones((1, H, W, C), np.float32), optimized=opt)
    counts: dict[str, int] = {}
    for n in onnx.load(opt).graph.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    return dict(sorted(counts.items()))


def forward_times(model_dir: str, paths: dict[str, str], rounds: int) -> dict:
    variants = [f"{name}={path}" for name, path in paths.items() if name != "fp32"]
    out = subprocess.run(["npx", "tsx", "bench/quantised-forward.ts", model_dir, str(rounds), *variants], cwd=REPO,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def calibrated_int8(model_dir: str, card: dict, ds, a) -> onnx.ModelProto:
    """The int8 graph of MODEL_DIR/model.onnx, calibrated on the validation split (seeded)."""
    src = os.path.join(model_dir, "model.onnx")
    t0 = time.time()
    model = onnx.load(src)
    qp = calibrate(net_from_onnx(src, card), graph_names(model), ds.val, card, a.calibration, a.batch, a.seed)
    print(f"{card['id']}: calibrated {len(qp)} tensors on {a.calibration} validation examples ({time.time() - t0:.0f} s)", flush=True)
    return int8_graph(model, qp)


def save_atomic(model: onnx.ModelProto, path: str) -> None:
    """Write next to `path` and rename, so a reader never sees half a graph."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        onnx.save(model, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def ship(model_dir: str, data: str, a) -> str:
    """Write the int8 variant into the model folder, beside model.onnx (no timing, no NLL)."""
    card = json.load(open(os.path.join(model_dir, "card.json")))
    ds = data_mod.load(data, card["levels"], card["height"], card["channels"])
    path = os.path.join(model_dir, INT8_FILE)
    save_atomic(calibrated_int8(model_dir, card, ds, a), path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)", flush=True)
    return path



def measure(model_dir: str, data: str, out_dir: str, a) -> dict:
    card = json.load(open(os.path.join(model_dir, "card.json")))
    src = os.path.join(model_dir, "model.onnx")
    ds = data_mod.load(data, card["levels"], card["height"], card["channels"])
    os.makedirs(out_dir, exist_ok=True)
    paths = {"fp32": src, "int8": os.path.join(out_dir, INT8_FILE), "fp16": os.path.join(out_dir, "model.fp16.onnx")}
    onnx.save(calibrated_int8(model_dir, card, ds, a), paths["int8"])
    onnx.save(fp16_graph(onnx.load(src)), paths["fp16"])
    res = {"model": card["id"], "calibration": {"split": "val", "examples": a.calibration, "observer": "HistogramObserver (quint8)",
                                                "weights": "PerChannelMinMaxObserver, symmetric int8, range -64..63"},
           "bytes": {name: os.path.getsize(p) for name, p in paths.items()},
           "kernels": {name: kernels(p, card, out_dir) for name, p in paths.items()}}
    print(f"{card['id']}: kernels {res['kernels']}", flush=True)
    res["forward"] = forward_times(model_dir, paths, a.rounds)
    print(f"{card['id']}: ms/pass {res['forward']['msPerPass']} speed-up {res['forward']['speedUp']}", flush=True)
    n = min(a.images, len(ds.test))
    res["nll"] = paired_nll(paths, ds.test, card, n, a.draws, a.batch, a.seed)
    print(f"{card['id']}: NLL {json.dumps(res['nll']['variants'])}", flush=True)
    return res


def add_args(p):
    p.add_argument("--model", action="append", required=True, help="MODEL_DIR:DATA, e.g. models/emoji-64:emoji (repeatable)")
    p.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "gibbs-quantised"),
                   help="folder for the variant graphs (measured, not shipped)")
    p.add_argument("--json", default=None, help="write the figures here")
    p.add_argument("--calibration", type=int, default=256, help="validation examples (cycled, fresh masks)")
    p.add_argument("--images", type=int, default=200, help="test images for the NLL comparison")
    p.add_argument("--draws", type=int, default=2, help="random orderings per image")
    p.add_argument("--rounds", type=int, default=5, help="interleaved timing rounds")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ship", action="store_true",
                   help="only calibrate and write MODEL_DIR/model.int8.onnx (the shipped variant); no timing, no NLL")


def run(a, argv):
    if a.ship:
        for spec in a.model:
            ship(*spec.split(":"), a)
        return
    t0 = time.time()
    res = {"command": command_line(argv),
           "hardware": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared: see loadavg1m)",
           "models": []}
    for spec in a.model:
        model_dir, data = spec.split(":")
        res["models"].append(measure(model_dir, data, os.path.join(a.out, os.path.basename(model_dir)), a))
    res["seconds"] = round(time.time() - t0, 1)
    if a.json:
        write_json_atomic(a.json, res)
        print(f"wrote {a.json}")
