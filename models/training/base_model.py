"""A model folder (bundled or the user's) as the start of a training run: `train --base` fine-tunes
it, `train --grow-from` deepens it. Its weights come from model.onnx, so batch norm is already
folded into the convs: the training net has none (`norm: false`), and its levels, channels,
size and background are the card's."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from . import REPO
from .model import ConvBN
from .nets import TrainingNet, from_config
from .unet import Resample

BUNDLED_MODELS = os.path.join(REPO, "models")
MODEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # the card's id rule: one portable path segment


@dataclass
class BaseModel:
    folder: str
    card: dict
    config: dict          # the norm-free training net's config (nets.from_config)
    state: dict           # its state_dict, from the ONNX initializers
    commands: list[str]   # the card's training commands, which a run from it continues


def resolve(name: str) -> str:
    """A model folder path, or the id of a bundled model (models/<id>)."""
    if os.path.isdir(name):
        return os.path.abspath(name)
    if MODEL_ID.match(name) and os.path.isdir(os.path.join(BUNDLED_MODELS, name)):
        return os.path.join(BUNDLED_MODELS, name)
    bundled = sorted(d for d in os.listdir(BUNDLED_MODELS) if os.path.isfile(os.path.join(BUNDLED_MODELS, d, "card.json"))) \
        if os.path.isdir(BUNDLED_MODELS) else []
    raise SystemExit(f"--base {name}: neither a model folder nor a bundled model id (bundled: {', '.join(bundled) or 'none'})")


def training_config(card: dict) -> dict:
    arch = card["architecture"]
    common = dict(C=card["channels"], K=card["levels"], encoding=card["input"]["encoding"], kernel=arch["kernel"], norm=False)
    if arch["kind"] == "unet":
        return dict(kind="unet", widths=arch["widths"], blocks=arch["blocks"], **common)
    return dict(features=arch["features"], blocks=arch["blocks"], dilations=arch["dilations"], **common)


def load_base(name: str, flag: str = "--base") -> BaseModel:
    """The folder's card and weights, as a norm-free training net's state; a folder that does not
    load is refused with the reason."""
    from .onnx_io import net_from_onnx  # needs onnx, which a lent GPU machine may lack
    folder = resolve(name)
    card_path, onnx_path = os.path.join(folder, "card.json"), os.path.join(folder, "model.onnx")
    for path in (card_path, onnx_path):
        if not os.path.isfile(path):
            raise SystemExit(f"{flag} {folder}: no {os.path.basename(path)}")
    try:
        with open(card_path, encoding="utf-8") as f:
            card = json.load(f)
        shipped = net_from_onnx(onnx_path, card)
        config = training_config(card)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
        raise SystemExit(f"{flag} {folder}: the model does not load ({type(e).__name__}: {e})") from None
    net = from_config(config)
    state = unfolded_state(net, shipped.state_dict())
    net.load_state_dict(state)  # strict: every parameter came from the ONNX file
    return BaseModel(folder, card, config, state, card.get("training", {}).get("command", "").split(" && "))


def unfolded_state(net: TrainingNet, shipped: dict) -> dict:
    """A shipped net's weights (stem.weight …) under a norm-free training net's names
    (stem.conv.weight …): the inverse of fold_into with nothing to fold."""
    state = {}
    for name, m in net.named_modules():
        if isinstance(m, (ConvBN, Resample)):
            for leaf in ("weight", "bias"):
                state[f"{name}.conv.{leaf}"] = shipped[f"{name}.{leaf}"]
    for leaf in ("weight", "bias"):
        state[f"head.{leaf}"] = shipped[f"head.{leaf}"]
    return state


def grown_from_folder(folder: str) -> dict:
    """A shipped resnet folder as `train --grow-from` reads a best.pt: model, config, commands."""
    base = load_base(folder, "--grow-from")
    if base.card["architecture"]["kind"] != "resnet":
        raise SystemExit(f"--grow-from: {base.folder} is a {base.card['architecture']['kind']}; only a resnet grows")
    return {"model": base.state, "config": base.config, "commands": base.commands}

