"""Annealed blocked Gibbs in torch (SPEC §2–3), for the evaluation sample sheet only."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def yao_schedule(n: int, N: int, alpha_max: float, alpha_min: float, eta: float) -> float:
    """α_n = max(α_min, α_max − (n/N)·(α_max − α_min)/η)  (Yao et al. 2014)."""
    return max(alpha_min, alpha_max - (n / N) * (alpha_max - alpha_min) / eta)


def sample_tempered(logits: torch.Tensor, T: float, generator: torch.Generator | None) -> torch.Tensor:
    """Draw from p^(1/T) along the last axis; T = 0 is argmax (first maximum on ties)."""
    if T == 0:
        return logits.argmax(-1)
    p = F.softmax(logits / T, dim=-1)
    flat = p.reshape(-1, p.shape[-1])
    return torch.multinomial(flat, 1, generator=generator).reshape(p.shape[:-1])


@torch.no_grad()
def annealed_gibbs(predict, levels: torch.Tensor, hole: torch.Tensor, K: int, *, T: float = 0.99,
                   alpha_max: float = 0.9, alpha_min: float = 0.1, eta: float = 0.7,
                   steps: int | None = None, generator: torch.Generator | None = None, on_step=None):
    """Annealed blocked Gibbs sampling (Yao et al. 2014; Huang et al., Coconet 2017).

    predict(levels [N,C,H,W] long, known [N,C,H,W] float) → logits [N, C·K, H, W] (opaque).
    hole: [N, H, W] bool, 1 = inpaint. Pixels outside the hole are never changed.
    """
    x = levels.clone()
    N, C, H, W = x.shape
    R = hole.bool()
    steps = steps if steps is not None else int(R.sum(dim=(1, 2)).max())
    # initialise the hole with uniform random categories
    init = torch.randint(0, K, x.shape, generator=generator)
    x = torch.where(R[:, None], init, x)
    for n in range(steps):
        alpha = yao_schedule(n, steps, alpha_max, alpha_min, eta)
        # choose the block B_n: each hole pixel with probability α_n, at least one per chain
        B = (torch.rand(N, H, W, generator=generator) < alpha) & R
        empty = ~B.flatten(1).any(1) & R.flatten(1).any(1)
        for i in torch.nonzero(empty).flatten().tolist():
            cand = torch.nonzero(R[i].flatten()).flatten()
            j = cand[torch.randint(0, len(cand), (1,), generator=generator)]
            B[i].view(-1)[j] = True
        known = (~B)[:, None].expand(N, C, H, W).float()
        logits = predict(x, known).reshape(N, C, K, H, W).permute(0, 1, 3, 4, 2)
        # resample the block from p^(1/T)
        new = sample_tempered(logits, T, generator)
        x = torch.where(B[:, None], new, x)
        if on_step is not None:
            logp = F.log_softmax(logits, -1).gather(-1, new[..., None])[..., 0].sum(1)
            mean_lp = float((logp * B).sum() / B.sum().clamp(min=1))
            on_step({"n": n, "alpha": alpha, "blockSize": int(B.sum()), "image": x, "meanLogProb": mean_lp})
    return x
