"""What `train` reports while it runs: human lines, or the JSON-lines protocol the app reads.

`--progress jsonl` writes one JSON object per line to stdout, each with a `type` (docs/training.md,
"Progress protocol"); everything else the run prints goes to stderr then, so stdout holds only
the protocol. Only rank 0 of a distributed run reports.
"""
from __future__ import annotations

import json
import math
import sys
from typing import TextIO

PROTOCOL = 1  # bump on any change a reader must know about; `start` carries it
KINDS = ("start", "step", "validation", "checkpoint", "sheet", "skipped", "note", "done", "cancelled", "error")


def _finite(value):
    """JSON has no NaN or infinity: such a figure is reported as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class Progress:
    def __init__(self, mode: str = "text", main: bool = True, out: TextIO | None = None):
        self.jsonl, self.main = mode == "jsonl", main
        self.out = out or sys.stdout

    def __call__(self, kind: str, **fields) -> None:
        assert kind in KINDS, kind
        if not self.main:
            return
        if self.jsonl:
            line = json.dumps({"type": kind, **{k: _finite(v) for k, v in fields.items()}},
                              ensure_ascii=False, allow_nan=False)
        else:
            line = TEXT[kind](fields)
        self.out.write(line + "\n")
        self.out.flush()


def _fmt(value, spec: str, none: str = "–") -> str:
    return none if value is None else format(value, spec)


def _start(f) -> str:
    data = (f"{f['examples']} training / {f['validation']} validation images"
            + (f" ({f['exampleMode']}s)" if f.get("exampleMode") else "") + (f", {f['skipped']} skipped" if f.get("skipped") else ""))
    base = f"fine-tuning {f['base']}" if f.get("base") else "a fresh net"
    resumed = f"; resuming at step {f['resumedFrom']}" if f.get("resumedFrom") is not None else ""
    return (f"data: {data}, {f['size'][0]}×{f['size'][1]}×{f['channels']}, K={f['levels']}; {base}, "
            f"{f['parameters']} parameters; {f['hardware']}" + (f", {f['processes']} processes" if f["processes"] > 1 else "")
            + resumed)


TEXT = {
    "start": _start,
    "step": lambda f: (f"step {f['step']} loss {f['lossNats']:.2f} nats/img ({f['loss']:.4f} bits/dim) lr {f['lr']:.2e} "
                       f"{f['stepsPerSecond']:.2f} steps/s ETA {_fmt(f['eta'] and f['eta'] / 60, '.1f')} min"),
    "validation": lambda f: (f"validation at step {f['step']}: {f['nllNats']:.2f} nats/img ({f['nll']:.4f} bits/dim), "
                             f"best {f['best']:.4f} bits/dim"),
    "checkpoint": lambda f: f"checkpoint {f['path']}" + (" (best so far)" if f["best"] else ""),
    "sheet": lambda f: f"sample sheet {f['path']}",
    "skipped": lambda f: f"skipped {f['file']}: {f['reason']}",
    "note": lambda f: f["message"],
    "done": lambda f: (f"done: {f['steps']} steps, best validation {_fmt(f['best'], '.4f')} bits/dim; run {f['run']}"
                       + (f"; model {f['model']}" if f.get("model") else "")),
    "cancelled": lambda f: (f"stopped at step {f['step']}: checkpoint {f['checkpoint']} (resume with --resume)"
                            + (f", best {f['best']}" if f.get("best") else "")),
    "error": lambda f: f"error: {f['message']}",
}
