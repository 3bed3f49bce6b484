"""The fine-tune study of docs/training.md ("Fine-tuning on another style"), run by
finetune_study.sh: emoji-64 fine-tuned on Twemoji drawings, which it never saw.

    prepare DIR STUDY   the images: a fixed 40 held out, 200 to train on (STUDY/held-out, STUDY/train)
    draw STUDY WHICH    one model's sheet (before | after) on the held-out images
    sheet STUDY PNG     before/after sample sheet: each held-out row inpainted by both models
    report STUDY JSON   the figures, commands, steps, wall time and machine load, as one JSON
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sys

import numpy as np
from PIL import Image, ImageDraw

from .jsonfile import write_json_atomic

HELD_OUT, TRAIN = 40, 200
# model folders (the CLI wants id = folder name): the base; the run's export (its best validation,
# which is the base itself until a validation beats it); the weights the run ended with
BEFORE, BEST, AFTER = "before/emoji-64", "after/emoji-64-twemoji", "last/emoji-64-twemoji"
SHEET = {"images": 3, "chains": 2, "steps": 64}   # small: each fill is a CLI run on a shared 2-core machine


def _drawings(twemoji_dir: str) -> list[tuple[str, str]]:
    """(unified code point, PNG path) of every Twemoji drawing without a skin tone, in sha1 order of
    the code point, so the choice depends only on the package's contents."""
    meta = json.load(open(os.path.join(twemoji_dir, "emoji.json")))
    img_dir = os.path.join(twemoji_dir, "img", "twitter", "64")
    found = [(e["unified"], os.path.join(img_dir, e["image"])) for e in meta
             if e.get("has_img_twitter") and os.path.exists(os.path.join(img_dir, e["image"]))]
    return sorted(found, key=lambda u: hashlib.sha1(u[0].encode()).hexdigest())


def prepare(twemoji_dir: str, study: str) -> None:
    drawings = _drawings(twemoji_dir)
    if len(drawings) < HELD_OUT + TRAIN:
        raise SystemExit(f"{twemoji_dir}: {len(drawings)} drawings, the study needs {HELD_OUT + TRAIN}")
    chosen = {"held-out": drawings[:HELD_OUT], "train": drawings[HELD_OUT:HELD_OUT + TRAIN]}
    for part, items in chosen.items():
        folder = os.path.join(study, part)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        for unified, path in items:
            shutil.copyfile(path, os.path.join(folder, f"{unified}.png"))
    write_json_atomic(os.path.join(study, "images.json"), {k: [u for u, _ in v] for k, v in chosen.items()})


def _label(text: str, height: int, width: int = 96) -> np.ndarray:
    im = Image.new("RGB", (width, height), (255, 255, 255))
    ImageDraw.Draw(im).text((6, height // 2 - 6), text, fill=(0, 0, 0))
    return np.asarray(im)


def draw(study: str, which: str) -> None:
    """One model's sheet (`which`: before | after): sheet.py's sample_sheet, the product's CLI at the
    app's defaults, on the held-out images; its record beside it."""
    from argparse import Namespace

    from .evaluate import open_model_and_split
    from .sheet import sample_sheet
    model = os.path.join(study, {"before": BEFORE, "after": AFTER}[which])
    card, _, split = open_model_and_split(Namespace(model=model, data=os.path.join(study, "held-out"), split="all",
                                                    binarize="dynamic", skin_tones=False))
    record = sample_sheet(model, split, card["levels"], card["height"] // 2, SHEET["images"], SHEET["chains"],
                          SHEET["steps"], 0.2, os.path.join(model, "study-sheet.png"), seed=0)
    write_json_atomic(os.path.join(model, "study-sheet.json"), record)


def sheet(study: str, out: str) -> None:
    """Both models inpaint the same held-out images, holes and seeds; the rows are interleaved:
    emoji-64, then fine-tuned. A model's sheet already drawn (`draw`) is reused."""
    drawn, records = {}, {}
    for which, folder in (("before", BEFORE), ("after", AFTER)):
        if not os.path.exists(os.path.join(study, folder, "study-sheet.json")):
            draw(study, which)
        records[folder] = json.load(open(os.path.join(study, folder, "study-sheet.json")))
        drawn[folder] = np.asarray(Image.open(os.path.join(study, folder, "study-sheet.png")).convert("RGB"))
    rows = len(records[BEFORE]["images"])
    h = drawn[BEFORE].shape[0] // rows
    parts = []
    for r in range(rows):
        for name, folder in (("emoji-64", BEFORE), ("fine-tuned", AFTER)):
            parts.append(np.concatenate([_label(name, h), drawn[folder][r * h:(r + 1) * h]], 1))
        if r < rows - 1:
            parts.append(np.full((6, parts[-1].shape[1], 3), 255, np.uint8))
    Image.fromarray(np.concatenate(parts, 0)).save(out, optimize=True)
    write_json_atomic(os.path.join(study, "sheet.json"), records)


def _eval_figures(path: str) -> dict:
    e = json.load(open(path))
    return {"bitsPerDim": round(e["bitsPerDim"], 4),
            "nllNatsPerImage": round(e["nllNatsSingleOrdering"]["mean"], 1),
            "nllNatsCi95": [round(v, 1) for v in e["nllNatsSingleOrdering"]["ci95"]],
            "holeNllNats": round(e["holeNllNats"]["mean"], 1),
            "holeBitsPerDim": round(e["holeNllNats"]["bitsPerHoleDim"], 4),
            "images": e["images"], "command": e["command"]}


def report(study: str, out: str) -> None:
    timing = json.load(open(os.path.join(study, "timing.json")))
    with open(os.path.join(study, "run", "log.csv")) as f:
        log = list(csv.DictReader(f))
    best_card = os.path.join(study, BEST, "card.json")   # absent when the run was stopped before it ended
    card = json.load(open(best_card if os.path.exists(best_card) else os.path.join(study, AFTER, "card.json")))
    last = json.load(open(os.path.join(study, AFTER, "card.json")))
    run = json.load(open(os.path.join(study, "run", "run.json")))
    sheet_records = json.load(open(os.path.join(study, "sheet.json")))
    before = _eval_figures(os.path.join(study, BEFORE, "eval.json"))
    after = _eval_figures(os.path.join(study, AFTER, "eval.json"))
    vals = [(int(r["step"]), float(r["val_nll"])) for r in log if r.get("val_nll") not in (None, "", "nan")]
    if timing.get("validationStep0Nats") is not None:   # the base's, printed by the trainer (not in log.csv)
        vals.insert(0, (0, float(timing["validationStep0Nats"])))
    res = {
        "what": "emoji-64 fine-tuned on Twemoji drawings (a style it was not trained on); held-out bits/dim "
                "of 40 other Twemoji drawings before and after, by `evaluate` (the cards' single random "
                "ordering estimate, 2 draws per image, the same masks for both models) and a before/after sample sheet",
        "reproduce": "models/training/finetune_study.sh (TWEMOJI=DIR: the npm package emoji-datasource-twitter@16.0.0)",
        "data": {"style": "Twemoji 16.0.0 64×64 PNGs (npm emoji-datasource-twitter), no skin-tone variants",
                 "licence": "CC-BY-4.0, Twitter, Inc. and other contributors",
                 "choice": f"sorted by sha1(unified code point): first {HELD_OUT} held out, next {TRAIN} to train "
                           "(the trainer keeps 10 % of those for its own validation); see images.json",
                 "heldOut": HELD_OUT, "train": TRAIN},
        "before": before, "after": after,
        "sheet": {"file": "docs/finetune-twemoji.png", **SHEET, "holes": "centre 32×32 and a blob of 20 %",
                  "rows": "each held-out image twice: emoji-64, then the fine-tuned model (same holes and seeds)",
                  "offPaletteShare": {k: v["offPaletteShare"] for k, v in sheet_records.items()},
                  "outsideHoleUnchanged": all(v["outsideHoleUnchanged"] for v in sheet_records.values()),
                  "params": sheet_records[BEFORE]["params"]},
        "gainBitsPerDim": round(before["bitsPerDim"] - after["bitsPerDim"], 4),
        "gainPercent": round(100 * (before["bitsPerDim"] - after["bitsPerDim"]) / before["bitsPerDim"], 1),
        "training": {"command": timing["trainCommand"], "stepsReached": int(log[-1]["step"]) if log else 0,
                     "trainingSeconds": float(log[-1]["seconds"]) if log else 0.0,
                     "wallSeconds": timing["trainWallSeconds"],
                     "exportedByTheRun": os.path.exists(best_card) and {"steps": card["training"].get("steps"),
                                                                        "checkpoint": card["training"].get("checkpoint")},
                     "afterWeightsStep": last["training"].get("steps"),
                     "stopped": timing.get("stopped"),
                     "after": "the weights the run ended with (ckpt.pt, exported as last/); the run's own export "
                              "is its best validation, the base itself when no validation beat it",
                     "validation": [{"step": s, "nats": round(v, 1)} for s, v in vals],
                     "validationNote": "the trainer's own validation: 20 of the 200 training-folder drawings, "
                                       "64 fixed crops × 4 masks; step 0 is the base",
                     "device": run.get("device"), "hardware": card["training"].get("hardware")},
        "machine": {"cores": os.cpu_count(), "loadavgBefore": timing["loadBefore"],
                    "loadavgAfter": timing["loadAfter"],
                    "note": "the load averages count every job on the machine: a load above its cores means "
                            "the run got less than the whole CPU, and fewer steps than an idle machine gives"},
        "wallSecondsAll": timing["allWallSeconds"],
    }
    write_json_atomic(out, res)
    print(json.dumps({k: res[k] for k in ("gainBitsPerDim", "gainPercent")} |
                     {"before": before["bitsPerDim"], "after": after["bitsPerDim"],
                      "steps": res["training"]["stepsReached"]}))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"prepare": prepare, "draw": draw, "sheet": sheet, "report": report}[cmd](*args)
