"""A sample sheet of the current weights while `train` runs, drawn in PyTorch from the live net
(no export, no Node: the installed app has neither the CLI nor Node), into `RUN/sheets/step-N.png`.

The sampler is the product's Gibbs preset (docs/algorithm.md §2, `BASELINE_PARAMS`) written over the
net's own forward pass: the hole filled ring by ring from its border inward (§2.3), then
`gibbs_steps` annealed blocked Gibbs steps with independent blocks (§2.1–2.2), every draw from the
logits divided by T (§3). Pixels outside the hole are never written. Every image, hole and chain
runs in one batch, so a step is one network pass (a few seconds for a 64×64 sheet on CPU).
The sheet's layout is evaluate's (sheet.py): original | centre hole (red) | chains | blob hole
(red) | chains, one row per validation image."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .model import encode
from .sheet import HOLE_RED, blob_hole, centre_hole, held_out_indices, pad_tile, to_rgb

TEMPERATURE, ALPHA_MAX, ALPHA_MIN, ETA = 0.7, 0.5, 0.1, 0.7  # the app's BASELINE_PARAMS (the Gibbs preset)
BLOB_FRACTION = 0.2


@dataclass
class Outcome:
    path: str | None = None
    note: str | None = None


def tempered_draw(logits: torch.Tensor, T: float, g: torch.Generator) -> torch.Tensor:
    """[N, C, K, H, W] logits → [N, C, H, W] levels drawn from p^(1/T) (Gumbel-max; argmax at T 0)."""
    z = logits.float().cpu()
    if T > 0:
        u = torch.rand(z.shape, generator=g).clamp_min(1e-20)
        z = z / T - torch.log(-torch.log(u))
    return z.argmax(2)


def alpha(n: int, N: int) -> float:
    """The block probability of step n of N (Yao's schedule, `yaoSchedule`)."""
    return max(ALPHA_MIN, ALPHA_MAX - (n / N) * (ALPHA_MAX - ALPHA_MIN) / ETA)


def redraw(net, levels: torch.Tensor, unknown: torch.Tensor, block: torch.Tensor, K: int, T: float,
           g: torch.Generator) -> torch.Tensor:
    """One network pass with the [N, H, W] `unknown` pixels hidden from the net; the `block`
    pixels redrawn, all else kept."""
    N, C, H, W = levels.shape
    device = next(net.parameters()).device
    known = (~unknown)[:, None].expand(N, C, H, W).float()
    logits = net(encode(levels.to(device), known.to(device), K, net.encoding)).reshape(N, C, K, H, W)
    return torch.where(block[:, None], tempered_draw(logits, T, g), levels)


def gibbs_fill(net, levels: torch.Tensor, hole: torch.Tensor, K: int, steps: int, g: torch.Generator,
               T: float = TEMPERATURE) -> torch.Tensor:
    """[N, C, H, W] levels, [N, H, W] holes → the holes inpainted: border-in start, then `steps`
    annealed Gibbs steps (an empty block becomes one hole pixel chosen uniformly)."""
    x = torch.where(hole[:, None], torch.zeros_like(levels), levels)
    unknown = hole.clone()
    while unknown.any():  # rings: undrawn pixels touching a known one, diagonals included; the
        # undrawn ones stay unknown to the net (their zeros are not context)
        touches = F.max_pool2d((~unknown)[:, None].float(), 3, 1, 1)[:, 0] > 0
        ring = unknown & touches
        if not ring.any():  # a hole covering the whole image: no border to start from
            ring = unknown
        x = redraw(net, x, unknown, ring, K, T, g)
        unknown = unknown & ~ring
    for n in range(steps):
        block = hole & (torch.rand(hole.shape, generator=g) < alpha(n, steps))
        for i in torch.nonzero(~block.flatten(1).any(1)).flatten().tolist():
            px = torch.nonzero(hole[i].flatten()).flatten()
            if len(px):
                block[i].view(-1)[px[torch.randint(len(px), (1,), generator=g)]] = True
        x = redraw(net, x, block, block, K, T, g)
    return x


def sheet_image(net, split, K: int, n_img: int, chains: int, steps: int, seed: int = 0) -> Image.Image:
    """The sheet: one row per validation image, tiles padded, scaled up to about 128 pixels a tile."""
    idx = held_out_indices(len(split), n_img)
    lv = split.levels(idx, torch.Generator().manual_seed(seed + 1))
    N, C, H, W = lv.shape
    g = torch.Generator().manual_seed(seed + 2)
    holes = [(centre_hole(H, W, H // 2), blob_hole(H, W, BLOB_FRACTION, g)) for _ in range(N)]
    per_chain = torch.stack([h for pair in holes for h in pair])  # [N·2, H, W]: image i, hole j at 2i + j
    images = lv.repeat_interleave(2, 0)
    fills = gibbs_fill(net, images.repeat(chains, 1, 1, 1), per_chain.repeat(chains, 1, 1), K, steps, g)
    fills = fills.reshape(chains, N * 2, C, H, W)
    rows = []
    for i in range(N):
        tiles = [to_rgb(lv[i], K)]
        for j in range(2):
            hole = per_chain[2 * i + j].numpy()
            shown = tiles[0].copy()
            shown[hole] = HOLE_RED
            tiles += [shown] + [to_rgb(fills[c, 2 * i + j], K) for c in range(chains)]
        rows.append(np.concatenate([pad_tile(t) for t in tiles], 1))
    sheet = np.concatenate(rows, 0)
    scale = max(1, 128 // max(H, W))
    return Image.fromarray(sheet).resize((sheet.shape[1] * scale, sheet.shape[0] * scale), Image.NEAREST)


def draw(net, split, run_dir: str, step: int, images: int, chains: int, gibbs_steps: int) -> Outcome:
    """Writes the sheet; a failure is a note, never the end of the run. The run's random streams
    and the net's training mode are left as they were."""
    path = os.path.join(run_dir, "sheets", f"step-{step:07d}.png")
    was_training = net.training
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with torch.random.fork_rng(devices=[]), torch.no_grad():
            net.eval()
            sheet = sheet_image(net, split, net.K, images, chains, gibbs_steps)
        sheet.save(path)
    except (RuntimeError, OSError, ValueError) as e:
        return Outcome(note=f"sample sheet at step {step} failed: {str(e)[-500:]}")
    finally:
        net.train(was_training)
    return Outcome(path=path)
