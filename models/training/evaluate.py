"""`evaluate`: test NLL (single random ordering with a 95% interval; exact ensembles over orderings
on a subset), hole NLL of a centre square, bits/dim, and a sheet of annealed-Gibbs inpaintings.

The weights come from the exported model.onnx (rebuilt in torch from its initializers), so the
figures describe exactly what ships.
"""
from __future__ import annotations

import json
import math
import os
import time

import torch

from . import command_line, data as data_mod
from .jsonfile import write_json_atomic
from .model import encode
from .objective import nll_terms, single_ordering_nll, weighted_loss
from .onnx_io import net_from_onnx
from .sheet import centre_hole, sample_sheet
from .devices import DEVICES, hardware, pick_device


def add_args(p):
    p.add_argument("--model", required=True, help="model folder models/<id>")
    p.add_argument("--data", required=True, help="mnist | emoji | PATH, as in training")
    p.add_argument("--binarize", default="dynamic", choices=["dynamic", "threshold"])
    p.add_argument("--skin-tones", action="store_true")
    p.add_argument("--split", default="test", choices=["test", "val", "all"],
                   help="all: every image of a folder (PATH), for a folder held out as a whole")
    p.add_argument("--limit", type=int, default=None, help="evaluate only the first N images")
    p.add_argument("--draws", type=int, default=1, help="random orderings (masks) per image for the estimate")
    p.add_argument("--ensemble-images", type=int, default=20, help="first N images for the exact ensemble")
    p.add_argument("--orderings", type=int, default=4, help="orderings in the exact ensemble")
    p.add_argument("--hole", type=int, default=None, help="side of the centre square (default H/2)")
    p.add_argument("--sheet-images", type=int, default=8, help="held-out images on the sample sheet (0 = none)")
    p.add_argument("--sheet-chains", type=int, default=3, help="inpaintings per hole on the sample sheet")
    p.add_argument("--sheet-init", default=None, choices=["border", "model", "uniform"],
                   help="how the sheet's chains start the hole (default: as the app does)")
    p.add_argument("--sheet-block", default="independent", choices=["independent", "channelwise", "ancestral"],
                   help="how the sheet's chains resample a block (the app's default: independent)")
    p.add_argument("--blob-fraction", type=float, default=0.2, help="share of the image the sheet's blob hole covers")
    p.add_argument("--gibbs-steps", type=int, default=None, help="default: number of hole pixels")
    p.add_argument("--batch", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="auto", choices=DEVICES)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--no-card", action="store_true", help="do not write metrics into card.json")
    p.add_argument("--sheet-only", action="store_true",
                   help="redraw only samples.png (after a sampler change); eval.json keeps its likelihood figures")


def _mean_ci(v: torch.Tensor) -> dict:
    v = v.double()
    n = v.numel()
    sd = float(v.std()) if n > 1 else float("nan")
    half = 1.96 * sd / math.sqrt(n) if n > 1 else float("nan")
    m = float(v.mean())
    return {"mean": m, "ci95": [m - half, m + half], "std": sd, "n": n}


@torch.no_grad()
def exact_ordering_logp(net, lv, K, enc, order, chunk, device):
    """log p_σ(x) for one image [C,H,W] and one ordering σ: D passes, pass d knows σ_<d."""
    C, H, W = lv.shape
    D = H * W
    rank = torch.empty(D, dtype=torch.long)
    rank[order] = torch.arange(D)
    total = 0.0
    for s in range(0, D, chunk):
        d = torch.arange(s, min(D, s + chunk))
        known_px = (rank[None, :] < d[:, None]).float().reshape(-1, H, W).to(device)
        m = known_px.shape[0]
        x = lv[None].expand(m, C, H, W).to(device)
        logits = net(encode(x, known_px[:, None].expand(m, C, H, W), K, enc))
        terms = nll_terms(logits, x).reshape(m, D)        # −log p at every pixel, pass d
        total += float(terms[torch.arange(m), order[d].to(device)].double().sum())
    return -total


@torch.no_grad()
def hole_nll(net, split, K, enc, n, side, batch, device, g, draws=1):
    """−log p(centre square | rest), unbiased over a random ordering of the hole's pixels."""
    return torch.stack([_hole_nll_once(net, split, K, enc, n, side, batch, device, g) for _ in range(draws)]).mean(0)


def _hole_nll_once(net, split, K, enc, n, side, batch, device, g):
    per_image = []
    for s in range(0, n, batch):
        idx = torch.arange(s, min(n, s + batch))
        lv = split.levels(idx, g).to(device)
        N, C, H, W = lv.shape
        hole = centre_hole(H, W, side)
        Dh = side * side
        u = torch.randint(1, Dh + 1, (N,), generator=g)          # unknown hole pixels, uniform 1..Dh
        field = torch.rand(N, Dh, generator=g)
        rank = field.argsort(1).argsort(1)
        unk_h = rank < u[:, None]
        unknown = torch.zeros(N, H, W, dtype=torch.bool)
        unknown[:, hole] = unk_h
        known_px = (~unknown).float().to(device)
        logits = net(encode(lv, known_px[:, None].expand(N, C, H, W), K, enc))
        per_image.append(weighted_loss(logits, lv, known_px, Dh - u.to(device), Dh).double().cpu())
    return torch.cat(per_image)


def draw_sheet(a, split, K: int, side: int) -> dict:
    """samples.png beside the model, as the sheet options ask; returns what eval.json records."""
    return sample_sheet(a.model, split, K, side, a.sheet_images, a.sheet_chains, a.gibbs_steps, a.blob_fraction,
                        os.path.join(a.model, "samples.png"), a.seed, a.sheet_init, a.sheet_block)


def open_model_and_split(a) -> tuple[dict, data_mod.DataSet, data_mod.Split]:
    """card.json, and the data set at the card's size and levels with the split to evaluate."""
    card = json.load(open(os.path.join(a.model, "card.json")))
    if a.split == "all" and a.data in ("mnist", "emoji"):
        raise SystemExit(f"--split all is for a held-out folder of images; {a.data} has a test split (--split test)")
    background = card.get("quantisation", {}).get("background", [0, 0, 0])
    ds = data_mod.load(a.data, card["levels"], card["height"], card["channels"], a.binarize, a.skin_tones,
                       background=background)
    if a.split == "all":
        return card, ds, data_mod.Split(torch.cat([ds.train.data, ds.val.data, ds.test.data]), card["levels"])
    return card, ds, (ds.test if a.split == "test" else ds.val)


def redraw_sheet(a, argv):
    """Replaces samples.png and eval.json's sampleSheet; every other figure in eval.json stays."""
    path = os.path.join(a.model, "eval.json")
    if not os.path.exists(path):
        raise SystemExit(f"--sheet-only: no {path} yet; run the full evaluation first")
    res = json.load(open(path))
    card, _, split = open_model_and_split(a)
    res["sampleSheet"] = draw_sheet(a, split, card["levels"], a.hole or card["height"] // 2)
    res["sampleSheet"]["command"] = command_line(argv)
    write_json_atomic(path, res)
    print(f"sample sheet {res['sampleSheet']}\nwrote {path}", flush=True)


def run(a, argv):
    if a.threads:
        torch.set_num_threads(a.threads)
    if a.sheet_only:
        return redraw_sheet(a, argv)
    device = pick_device(a.device)
    card, ds, split = open_model_and_split(a)
    net = net_from_onnx(os.path.join(a.model, "model.onnx"), card).to(device).forward_nchw  # NCHW in/out
    K, C, H, W = card["levels"], card["channels"], card["height"], card["width"]
    enc = card["input"]["encoding"]
    n = min(a.limit or len(split), len(split))
    g = torch.Generator().manual_seed(a.seed)
    D = H * W * C
    t0 = time.time()
    res = {"model": card["id"], "split": a.split, "images": n, "seed": a.seed,
           "hardware": hardware(device), "data": ds.info["split"]}

    nll = single_ordering_nll(net, split, K, enc, n, a.draws, a.batch, device, g)
    res["nllNatsSingleOrdering"] = {**_mean_ci(nll), "drawsPerImage": a.draws,
                                    "what": "unbiased estimate of −log p under one random pixel ordering, per image"}
    res["bitsPerDim"] = res["nllNatsSingleOrdering"]["mean"] / (D * math.log(2))
    print(f"test NLL (single random ordering, {n} images × {a.draws} draw): {nll.mean():.2f} nats/image "
          f"95% CI [{res['nllNatsSingleOrdering']['ci95'][0]:.2f}, {res['nllNatsSingleOrdering']['ci95'][1]:.2f}]"
          f" = {res['bitsPerDim']:.4f} bits/dim", flush=True)

    if a.ensemble_images > 0 and a.orderings > 0:
        m = min(a.ensemble_images, n)
        lvs = split.levels(torch.arange(m), torch.Generator().manual_seed(a.seed + 7))
        go = torch.Generator().manual_seed(a.seed + 99)
        chunk = max(1, min(H * W, 40000 // (H * W) * 16))
        logps = torch.zeros(m, a.orderings, dtype=torch.float64)
        t1 = time.time()
        for i in range(m):
            for o in range(a.orderings):
                logps[i, o] = exact_ordering_logp(net, lvs[i], K, enc, torch.randperm(H * W, generator=go),
                                                  chunk, device)
        ens = -(torch.logsumexp(logps, 1) - math.log(a.orderings))
        single = -logps.mean(1)
        res["nllNatsExactOrderings"] = {
            "images": f"first {m} of the {a.split} split", "orderings": a.orderings,
            "singleOrderingMean": _mean_ci(-logps.flatten()),
            "ensemble": _mean_ci(ens),
            "singleOrderingEstimateSameImages": float(nll[:m].mean()),
            "seconds": round(time.time() - t1, 1),
            "what": "exact ancestral passes (H·W per image per ordering); ensemble = −log mean_σ p_σ(x)"}
        print(f"exact, first {m} images × {a.orderings} orderings: single ordering {single.mean():.2f}, "
              f"ensemble {ens.mean():.2f} nats/image ({time.time() - t1:.0f} s)", flush=True)

    side = a.hole or H // 2
    hn = hole_nll(net, split, K, enc, n, side, a.batch, device, g, a.draws)
    res["holeNllNats"] = {**_mean_ci(hn), "square": f"centre {side}×{side}", "drawsPerImage": a.draws,
                          "perHolePixel": float(hn.mean()) / (side * side),
                          "bitsPerHoleDim": float(hn.mean()) / (side * side * C * math.log(2)),
                          "what": "−log p(centre square | rest), unbiased over a random ordering of the hole"}
    print(f"hole NLL, centre {side}×{side} given the rest: {hn.mean():.2f} nats/image "
          f"({res['holeNllNats']['bitsPerHoleDim']:.4f} bits/dim of the hole)", flush=True)

    if a.sheet_images > 0:
        res["sampleSheet"] = draw_sheet(a, split, K, side)
        print(f"sample sheet {res['sampleSheet']}", flush=True)
    res["seconds"] = round(time.time() - t0, 1)
    res["command"] = command_line(argv)
    write_json_atomic(os.path.join(a.model, "eval.json"), res)
    full_test = a.split == "test" and n == len(split)
    if not a.no_card and not full_test:
        print("card.json left as it was: its test figures need the full test split (no --split val, no --limit)")
    if not a.no_card and full_test:
        card["metrics"].update({
            "testNllNatsSingleOrdering": round(res["nllNatsSingleOrdering"]["mean"], 3),
            "testNllNatsCi95": [round(v, 3) for v in res["nllNatsSingleOrdering"]["ci95"]],
            "testBitsPerDim": round(res["bitsPerDim"], 5),
            "holeNllNats": round(res["holeNllNats"]["mean"], 3),
            "holeSquare": side,
            "evaluation": "eval.json",
        })
        if "nllNatsExactOrderings" in res:
            e = res["nllNatsExactOrderings"]
            card["metrics"]["subsetExactNllNats"] = {
                "images": e["images"], "orderings": e["orderings"],
                "ensemble": round(e["ensemble"]["mean"], 3),
                "exactSingleOrdering": round(e["singleOrderingMean"]["mean"], 3),
                "unbiasedEstimateSameImages": round(e["singleOrderingEstimateSameImages"], 3),
                "note": "a small subset: compare these three with each other, not with the full-test figure"}
        write_json_atomic(os.path.join(a.model, "card.json"), card)
    print(f"wrote {os.path.join(a.model, 'eval.json')} ({res['seconds']} s)")
