"""The two architectures of docs/model-format.md behind one interface: build from a checkpoint's
config or a card's architecture, fold for export, describe for the card."""
from __future__ import annotations

from torch import nn

from .model import ExportNet, TrainNet, fold
from .unet import UNetExport, UNetTrain, fold_unet

TrainingNet = TrainNet | UNetTrain
ShippedNet = ExportNet | UNetExport


def from_config(c: dict) -> TrainingNet:
    """The training net a checkpoint's `config` describes (configs before the U-Net have no kind)."""
    if c.get("kind", "resnet") == "unet":
        return UNetTrain(c["C"], c["K"], c["encoding"], c["widths"], c["blocks"], c["kernel"], c["norm"])
    return TrainNet(c["C"], c["K"], c["encoding"], c["features"], c["blocks"], c["kernel"], c["dilations"], c["norm"])


def folded(net: TrainingNet) -> ShippedNet:
    return fold_unet(net) if isinstance(net, UNetTrain) else fold(net)


def from_card(card: dict) -> ShippedNet:
    """The shipped net card.json describes, with untrained weights."""
    arch, C, K, enc = card["architecture"], card["channels"], card["levels"], card["input"]["encoding"]
    if arch["kind"] == "unet":
        return UNetExport(C, K, enc, arch["widths"], arch["blocks"], arch["kernel"])
    return ExportNet(C, K, enc, arch["features"], arch["blocks"], arch["kernel"], arch["dilations"])


def card_architecture(net: nn.Module) -> dict:
    """card.json's `architecture` of a training or shipped net."""
    if isinstance(net, UNetTrain):
        return {"kind": "unet", "widths": net.widths, "blocks": net.blocks, "kernel": net.kernel}
    return {"kind": "resnet", "features": net.features, "blocks": net.nblocks, "kernel": net.kernel,
            "dilations": net.dilations}
