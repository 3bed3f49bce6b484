"""A sample sheet of the current weights while `train` runs: the net exported to a snapshot model
folder in the run (`RUN/snapshot/snapshot`, overwritten each time), then inpainted by the
product's CLI as `evaluate` does (sheet.py), written to `RUN/sheets/step-N.png`.

The CLI needs Node and this repository's node_modules (a development checkout); without them no
sheet is drawn and the run says so once."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import torch

from .jsonfile import write_json_atomic
from .model import count_parameters

SNAPSHOT_ID = "snapshot"


@dataclass
class Outcome:
    path: str | None = None
    note: str | None = None
    permanent: bool = False  # the note means no later sheet can be drawn either


def cli_available() -> bool:
    from .sheet import CLI
    return shutil.which("node") is not None and all(os.path.exists(p) for p in CLI)


def draw(net, run_info: dict, split, run_dir: str, step: int, images: int, chains: int, gibbs_steps: int) -> Outcome:
    """Writes the sheet; a failure is a note, never the end of the run. The run's random streams
    are left as they were (building the export twin initialises convs from torch's generator)."""
    if not cli_available():
        return Outcome(note="no sample sheets: they need Node and the app's node_modules (a development checkout)",
                       permanent=True)
    from .export import make_card
    from .nets import folded
    from .onnx_io import export_onnx
    from .sheet import sample_sheet
    folder = os.path.join(run_dir, "snapshot", SNAPSHOT_ID)
    sheets = os.path.join(run_dir, "sheets")
    os.makedirs(folder, exist_ok=True)
    os.makedirs(sheets, exist_ok=True)
    path = os.path.join(sheets, f"step-{step:07d}.png")
    try:
        with torch.random.fork_rng(devices=[]):
            enet = folded(net)
            export_onnx(enet, os.path.join(folder, "model.onnx"))
        ck = {"run": run_info, "step": step, "elapsed": 0.0, "path": "ckpt.pt"}
        write_json_atomic(os.path.join(folder, "card.json"),
                          make_card(SNAPSHOT_ID, f"snapshot at step {step}", net, ck, count_parameters(enet)))
        sample_sheet(folder, split, net.K, run_info["H"] // 2, images, chains, gibbs_steps, 0.2, path, seed=0)
    except (RuntimeError, OSError, ValueError) as e:
        return Outcome(note=f"sample sheet at step {step} failed: {str(e)[-500:]}")
    return Outcome(path=path)
