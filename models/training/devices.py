"""Which device trains: CUDA when torch sees a GPU, Apple's MPS when available, else CPU threads."""
from __future__ import annotations

import os
import platform

import torch

DEVICES = ("auto", "cpu", "cuda", "mps")


def mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)  # torch < 1.12 has none
    return bool(mps and mps.is_available())


def pick_device(name: str, local_rank: int = 0) -> torch.device:
    """`auto` takes CUDA, then MPS, then the CPU; a named device that is absent is refused.
    Under torchrun each process takes the GPU of its local rank."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "mps" if mps_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda but torch sees no CUDA GPU")
    if name == "mps" and not mps_available():
        raise SystemExit("--device mps but Apple's MPS is not available to this torch")
    if name == "cuda":
        return torch.device("cuda", local_rank % torch.cuda.device_count())
    return torch.device(name)


def hardware(device: torch.device) -> str:
    """One line for logs and the card: the GPU's name, or the CPU's and its torch threads."""
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (CUDA, torch {torch.__version__})"
    if device.type == "mps":
        return f"Apple GPU via MPS, {platform.machine()} (torch {torch.__version__})"
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"CPU {cpu} ({os.cpu_count()} cores), {torch.get_num_threads()} torch thread(s) (torch {torch.__version__})"
