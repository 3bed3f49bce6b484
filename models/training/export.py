"""`export`: fold batch norm, write models/<id>/model.onnx + card.json (docs/model-format.md)."""
from __future__ import annotations

import json
import math
import os

import numpy as np
import torch

from . import REPO
from .jsonfile import write_json_atomic
from .model import count_parameters, encode
from .nets import TrainingNet, card_architecture, folded, from_config
from .objective import sample_masks
from .onnx_io import export_onnx, node_available, run_ort_node

MAX_BYTES = 20 * 1024 * 1024
SHIPPED_MODELS = os.path.join(REPO, "models")


def objective(run: dict) -> str:
    text = "orderless NADE, D/(D-k)-weighted cross-entropy of unknown pixels (channels masked together)"
    hole_frac, channel_frac = run.get("hole_frac", 0.0), run.get("channel_frac", 0.0)
    if hole_frac > 0:
        text += (f"; in {hole_frac:.0%} of the examples the unknown pixels are a random subset of a painted "
                 "hole, the rest known (the states of an inpainting Gibbs chain)")
    if channel_frac > 0:
        text += (f"; in {channel_frac:.0%} of the examples the hole keeps its first 1..C-1 channels known "
                 "(the states of the channelwise block sampler)")
    return text


def add_args(p):
    p.add_argument("--run", required=True, help="training run folder (or a .pt checkpoint)")
    p.add_argument("--which", default="best", choices=["best", "last"], help="best.pt (val) or ckpt.pt")
    p.add_argument("--id", required=True, help="model id = folder name under --models-dir")
    p.add_argument("--title", required=True)
    p.add_argument("--models-dir", default=os.path.join(REPO, "models"))
    p.add_argument("--note", action="append", default=[], help="a line for card.metrics.notes (repeatable)")
    p.add_argument("--time-runs", type=int, default=20, help="onnxruntime-node timing runs (0 = skip)")


def load_checkpoint(run: str, which: str = "best") -> tuple[TrainingNet, dict]:
    path = run
    if os.path.isdir(run):
        path = os.path.join(run, "best.pt" if which == "best" else "ckpt.pt")
        if not os.path.exists(path):
            path = os.path.join(run, "ckpt.pt")
    ck = torch.load(path, map_location="cpu")
    net = from_config(ck["config"])
    net.load_state_dict(ck["model"])
    ck["path"] = path
    return net.eval(), ck


def _weights(path: str):
    if not os.path.exists(path):
        return None
    import onnx
    from onnx import numpy_helper
    return {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def make_card(model_id, title, net, ck, n_params, notes=None) -> dict:
    run = ck["run"]
    commands = ck.get("commands") or run["commands"]
    D = run["H"] * run["W"] * net.C
    data = {k: run["data"][k] for k in ("name", "source", "licence", "attribution", "split")}
    data.update({k: run["data"][k] for k in ("images", "skipped") if k in run["data"]})  # a folder of the user's
    training = {
        "command": " && ".join(commands),
        "wallTimeSeconds": round(float(ck.get("wall", ck["elapsed"])), 1),
        "hardware": run["hardware"],
        "steps": int(ck["step"]),
        "objective": objective(run),
        "blobFraction": run["blob_frac"], "batch": run["batch"], "lr": run["lr"], "seed": run["seed"],
        "batchNorm": "folded into the convs at export" if net.norm else "none",
        "checkpoint": os.path.basename(ck["path"]),
    }
    training.update({key: run[k] for key, k in (("device", "device"), ("processes", "processes"),
                                                 ("baseModel", "base")) if run.get(k) is not None})
    return {
        "format": 1,
        "id": model_id,
        "title": title,
        "height": run["H"], "width": run["W"],
        "channels": net.C,
        "levels": net.K,
        "quantisation": {"kind": "linear", "background": run["background"]},
        "input": {"encoding": net.encoding, "layout": "NHWC"},
        "architecture": card_architecture(net),
        "parameters": n_params,
        "data": data,
        "training": training,
        "metrics": {k: v for k, v in {
            "valNllNatsSingleOrdering": ck.get("val_nll"),
            "valBitsPerDim": None if ck.get("val_nll") is None else round(ck["val_nll"] / (D * math.log(2)), 5),
            "baseValBitsPerDim": None if ck.get("base_val_nll") is None else round(ck["base_val_nll"] / (D * math.log(2)), 5),
            "notes": notes,
        }.items() if v is not None},
        "samples": [],
    }


def card_at(path: str) -> dict:
    """The card.json at `path`, or {} where there is none yet."""
    return json.load(open(path)) if os.path.exists(path) else {}


def run(a, argv):
    net, ck = load_checkpoint(a.run, a.which)
    export_checkpoint(net, ck, os.path.join(a.models_dir, a.id), a.title, a.note or None, a.time_runs)


def export_checkpoint(net: TrainingNet, ck: dict, folder: str, title: str, notes: list[str] | None = None,
                      time_runs: int = 20) -> dict:
    """Writes `folder`/model.onnx and card.json (the folder's name is the id) from a training net
    and its checkpoint, once every check has passed; returns the card."""
    enet = folded(net)
    os.makedirs(folder, exist_ok=True)
    onnx_path = os.path.join(folder, "model.onnx")
    candidate = onnx_path + ".new"  # replaces the shipped weights only once every check has passed
    try:
        return _export_checked(net, enet, ck, folder, title, notes, time_runs, onnx_path, candidate)
    finally:
        if os.path.exists(candidate):
            os.remove(candidate)


def _export_checked(net, enet, ck, folder, title, notes, time_runs, onnx_path, candidate):
    model_id = os.path.basename(os.path.abspath(folder))
    old_weights = _weights(onnx_path)
    export_onnx(enet, candidate)
    same_weights = old_weights is not None and _same(old_weights, _weights(candidate))
    size = os.path.getsize(candidate)
    if size > MAX_BYTES:
        raise SystemExit(f"{onnx_path}: the export is {size / 2**20:.1f} MiB > 20 MiB; nothing written")

    # BN folding and the ONNX graph against the training net, on a random masked batch
    g = torch.Generator().manual_seed(0)
    N, H, W = 2, ck["run"]["H"], ck["run"]["W"]
    lv = torch.randint(0, net.K, (N, net.C, H, W), generator=g)
    known_px, _ = sample_masks(N, H, W, 0.5, g)
    inp = encode(lv, known_px[:, None].expand(N, net.C, H, W), net.K, net.encoding)
    with torch.no_grad():
        ref = net(inp).permute(0, 2, 3, 1).numpy()
        nhwc = inp.permute(0, 2, 3, 1)
        x, known = nhwc[..., :-net.C].contiguous(), nhwc[..., -net.C:].contiguous()
        folded = enet(x, known).numpy()
    check = {"foldMaxAbsDiff": float(np.abs(ref - folded).max())}
    if node_available():
        ort = run_ort_node(candidate, x.numpy(), known.numpy())
        check["onnxruntimeNodeMaxAbsDiff"] = float(np.abs(ref - ort).max())
    print(f"checks vs. the training net (eval mode): {check}")
    timing = None
    if node_available() and time_runs > 0:
        _, ms = run_ort_node(candidate, x[:1].numpy(), known[:1].numpy(), repeat=time_runs)
        timing = {"msPerPass": round(ms, 2), "batch": 1, "size": f"{H}×{W}", "runs": time_runs,
                  "what": f"median onnxruntime-node CPU forward pass, this training machine "
                          f"({os.cpu_count()} cores, shared with other jobs)"}
        print(f"onnxruntime-node forward, batch 1, {H}×{W}: {ms:.2f} ms (median of {time_runs})")
    if max(check.values()) > 1e-4:
        raise SystemExit(f"export check failed: {check}; nothing written")

    n_params = count_parameters(enet)
    card = make_card(model_id, title, net, ck, n_params, notes)
    card["metrics"]["exportCheck"] = check
    card_path = os.path.join(folder, "card.json")
    old_card = card_at(card_path)
    # The bundled sample images outlive the weights: an export to a staging folder takes the shipped
    # models/<id>'s list, so that copying the staged files over keeps it.
    shipped_card_path = os.path.join(SHIPPED_MODELS, model_id, "card.json")
    card["samples"] = old_card.get("samples") or card_at(shipped_card_path).get("samples", [])
    if same_weights:  # re-export of the same weights keeps evaluate's metrics
        card["metrics"] = {**old_card.get("metrics", {}), **card["metrics"]}
    if timing:
        card["metrics"]["onnxruntimeNodeTiming"] = timing
    os.replace(candidate, onnx_path)
    write_json_atomic(card_path, card)
    print(f"wrote {onnx_path} ({size / 1024:.0f} KiB, {n_params} parameters) and card.json")
    return card
