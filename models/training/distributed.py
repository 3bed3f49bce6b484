"""`train` under torchrun: one process per GPU (or CPU process with gloo), DistributedDataParallel.

Every rank draws the same global batch (the same generator, seeded alike) and trains on its own
slice of it; DDP averages the gradients, so with equal slices an update is the one a single
process makes on the whole batch (up to float summation order). Only rank 0 writes files and
progress lines. The step's stop decision and rank 0's training time are agreed every step, so
every rank takes the same learning rate and stops at the same step (a cancel reaches the ranks
at slightly different moments).
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, replace

import torch
import torch.distributed as dist
from torch import nn

TORCHRUN_VARS = ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT")


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    comm: str = "cpu"  # where collective tensors live: nccl takes CUDA tensors, gloo CPU ones

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def several(self) -> bool:
        return self.world > 1

    def share(self, batch: int) -> tuple[int, int]:
        """This rank's slice lo…hi−1 of a global batch."""
        per = batch // self.world
        return self.rank * per, (self.rank + 1) * per


def ranks_from_env(required: bool) -> Ranks:
    """torchrun's environment, or a single process; `required` (--distributed) refuses to run without it."""
    missing = [v for v in TORCHRUN_VARS if v not in os.environ]
    if missing:
        if required:
            raise SystemExit("--distributed: start train under torchrun, e.g. `torchrun --nproc_per_node 2 -m "
                             f"models.training train …` (no {', '.join(missing)} in the environment)")
        return Ranks()
    return Ranks(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ["LOCAL_RANK"]))


def start(ranks: Ranks, device: torch.device, batch: int) -> Ranks:
    if not ranks.several:
        return ranks
    if batch % ranks.world:
        raise SystemExit(f"--batch {batch} is the global batch: it must divide among the {ranks.world} processes")
    if device.type == "mps":
        raise SystemExit("distributed training runs on CUDA (nccl) or the CPU (gloo), not MPS")
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo", timeout=datetime.timedelta(hours=2))
    return replace(ranks, comm=str(device) if device.type == "cuda" else "cpu")


def stop(ranks: Ranks) -> None:
    if ranks.several and dist.is_initialized():
        dist.destroy_process_group()


def wrap(net: nn.Module, ranks: Ranks, device: torch.device) -> nn.Module:
    """The module the training step calls: DDP over `net` when there are several ranks. On CUDA
    batch norm becomes SyncBatchNorm (statistics over the global batch); gloo has none, so on CPU
    each rank normalises over its own slice."""
    if not ranks.several:
        return net
    if device.type == "cuda":
        net = nn.SyncBatchNorm.convert_sync_batchnorm(net)
        return nn.parallel.DistributedDataParallel(net, device_ids=[device.index])
    return nn.parallel.DistributedDataParallel(net)


def agree(ranks: Ranks, stop_asked: bool, elapsed: float) -> tuple[bool, float]:
    """(any rank asked to stop, rank 0's training seconds), the same on every rank."""
    if not ranks.several:
        return stop_asked, elapsed
    t = torch.tensor([float(stop_asked), elapsed if ranks.main else 0.0], dtype=torch.float64, device=ranks.comm)
    dist.all_reduce(t)
    return bool(t[0] > 0), float(t[1])


def mean(ranks: Ranks, value: torch.Tensor) -> float:
    """The mean over ranks of a scalar (each rank's mean loss → the global batch's)."""
    if not ranks.several:
        return float(value)
    t = value.detach().double().reshape(1).to(ranks.comm)
    dist.all_reduce(t)
    return float(t) / ranks.world
