"""`python3 -m models.training.launch --nproc-per-node N train …`: torchrun's single-machine job,
for where torchrun itself fails (Debian's torch 1.13 on Python 3.11: its Std.from_str("0") is None,
so it stops before starting a worker). Starts N processes with torchrun's environment (RANK,
LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) running `python3 -m models.training ARGS`;
`train` sees that environment and trains with DistributedDataParallel. A signal reaches every
worker (each finishes its step and rank 0 checkpoints); when a worker fails the others get a few
seconds to end on their own (rank 0 reports a fault every rank found), then are killed,
and the exit status is the failure's."""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

from . import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m models.training.launch")
    p.add_argument("--nproc-per-node", type=int, required=True, help="processes (one per GPU, or CPU processes)")
    p.add_argument("args", nargs=argparse.REMAINDER, help="what follows `python3 -m models.training`")
    a = p.parse_args(argv)
    if a.nproc_per_node < 1:
        p.error("--nproc-per-node must be at least 1")
    port = str(free_port())
    workers = []
    for rank in range(a.nproc_per_node):
        env = {**os.environ, "RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": str(a.nproc_per_node),
               "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": port, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
        workers.append(subprocess.Popen([sys.executable, "-m", "models.training", *a.args], cwd=REPO, env=env))

    def forward(signum, frame):
        for w in workers:
            if w.poll() is None:
                w.send_signal(signum)
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, forward)
    return wait_all(workers)


# Seconds the other workers get to end on their own once one has failed: they often fail for the
# same reason (a bad flag every rank checks), and rank 0 is the one that reports it.
FAILURE_GRACE_S = 5.0


def wait_all(workers: list[subprocess.Popen]) -> int:
    """Waits for every worker; once one fails the others get a grace period to end, then are
    killed (they would wait forever in their next collective), and its exit status is the launcher's."""
    while True:
        codes = [w.poll() for w in workers]
        failed = next((c for c in codes if c not in (None, 0)), None)
        if failed is not None:
            deadline = time.monotonic() + FAILURE_GRACE_S
            while any(w.poll() is None for w in workers) and time.monotonic() < deadline:
                time.sleep(0.05)
            for w in workers:
                if w.poll() is None:
                    w.kill()
            for w in workers:
                w.wait()
            return failed
        if all(c == 0 for c in codes):
            return 0
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
