"""Orderless NADE training objective (docs/algorithm.md §1): masks, per-example loss, D/(D−k) weighting."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .model import encode

BLOB_SCALES = (2, 3, 4, 6)  # side of the low-resolution noise grid blobs are grown from


def _select_top(field: torch.Tensor, unknown: torch.Tensor) -> torch.Tensor:
    """Per example, mark the `unknown[n]` pixels with the highest field value (exact count)."""
    N, H, W = field.shape
    order = field.reshape(N, H * W).argsort(dim=1, descending=True)
    rank = torch.empty_like(order)
    rank.scatter_(1, order, torch.arange(H * W, device=field.device).expand(N, -1))
    return (rank < unknown[:, None]).reshape(N, H, W)


def smooth_field(n: int, H: int, W: int, scale: int, generator: torch.Generator | None = None,
                 device: str | torch.device = "cpu") -> torch.Tensor:
    """[n, H, W] smooth random noise: a uniform `scale`×`scale` grid upsampled bicubically."""
    coarse = torch.rand(n, 1, scale, scale, generator=generator).to(device)
    return F.interpolate(coarse, size=(H, W), mode="bicubic", align_corners=False)[:, 0]


def painted_holes(n: int, H: int, W: int, generator: torch.Generator | None = None,
                  device: str | torch.device = "cpu") -> torch.Tensor:
    """[n, H, W] bool holes like the ones users paint: half blobs of D/16…D/2 pixels (the top of a
    smooth noise field), half rectangles with sides H/8…3H/4 (W likewise) at a random place."""
    D = H * W
    holes = torch.zeros(n, H, W, dtype=torch.bool)
    blob = torch.rand(n, generator=generator) < 0.5
    size = torch.randint(max(1, D // 16), max(1, D // 2) + 1, (n,), generator=generator)
    scale = torch.randint(0, len(BLOB_SCALES), (n,), generator=generator)
    for i in range(n):
        if blob[i]:
            field = smooth_field(1, H, W, BLOB_SCALES[scale[i]], generator)
            holes[i] = _select_top(field + 1e-3 * torch.rand(1, H, W, generator=generator), size[i:i + 1])[0]
        else:
            h, w = (int(torch.randint(max(1, s // 8), max(1, 3 * s // 4) + 1, (1,), generator=generator))
                    for s in (H, W))
            top = int(torch.randint(0, H - h + 1, (1,), generator=generator))
            left = int(torch.randint(0, W - w + 1, (1,), generator=generator))
            holes[i, top:top + h, left:left + w] = True
    return holes.to(device)


def sample_masks(N: int, H: int, W: int, blob_frac: float, generator: torch.Generator | None = None,
                 device: str | torch.device = "cpu", hole_frac: float = 0.0
                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """Known-pixel masks for one batch.

    The number of unknown pixels u is uniform in 1..D (D = H·W; k = D − u known pixels, so k is
    uniform in 0..D−1) for every example. Which pixels: a uniformly random subset, or with
    probability `blob_frac` a "contiguish" blob — the u highest pixels of smooth random noise
    (random noise on a coarse grid, upsampled bicubically), which is what inpainting users paint.
    With probability `hole_frac` (drawn after the others, so 0 draws nothing extra) an example is
    instead what an inpainting Gibbs chain conditions on: a painted hole (`painted_holes`, h
    pixels), u uniform in 1..h of them unknown, a uniformly random subset; the rest is known.
    Returns (known [N, H, W] float, k [N] long).
    """
    D = H * W
    g = generator
    u = torch.randint(1, D + 1, (N,), generator=g).to(device)
    field = torch.rand(N, H, W, generator=g).to(device)
    blob = torch.rand(N, generator=g).to(device) < blob_frac
    if blob.any():
        scale = torch.randint(0, len(BLOB_SCALES), (N,), generator=g).to(device)
        for i, s in enumerate(BLOB_SCALES):
            sel = blob & (scale == i)
            if sel.any():
                # a little jitter breaks ties without making the blob ragged
                field[sel] = smooth_field(int(sel.sum()), H, W, s, g, device) + 1e-3 * field[sel]
    unknown = _select_top(field, u)
    if hole_frac > 0:
        hole = (torch.rand(N, generator=g) < hole_frac).to(device)
        if hole.any():
            unknown[hole] = random_subsets(painted_holes(int(hole.sum()), H, W, g, device), g)
    known = (~unknown).float()
    return known, D - unknown.sum((1, 2))


def random_subsets(regions: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """Per region [n, H, W] (bool, h pixels): u uniform in 1..h of its pixels, a uniform subset."""
    n, H, W = regions.shape
    h = regions.sum((1, 2))
    u = 1 + (torch.rand(n, generator=generator).to(regions.device) * h).long()
    # the region's pixels outrank the rest; among them the order is uniformly random
    return _select_top(regions.float() + 0.5 * torch.rand(n, H, W, generator=generator).to(regions.device), u)


def split_hole_channels(known_px: torch.Tensor, C: int, generator: torch.Generator | None = None
                        ) -> tuple[torch.Tensor, torch.Tensor]:
    """Per example, the first j channels (j uniform in 1..C−1) of every unknown pixel become known:
    the states a channel-by-channel sampler conditions on (R drawn, then G | R, then B | R, G).
    known_px [N, H, W] → (known [N, C, H, W] float, k [N] long known channel variables)."""
    N = known_px.shape[0]
    j = torch.randint(1, C, (N,), generator=generator).to(known_px.device)
    leading = (torch.arange(C, device=known_px.device)[None] < j[:, None]).float()  # [N, C]
    known = torch.maximum(known_px[:, None], leading[:, :, None, None])
    return known, known.sum(dim=(1, 2, 3)).long()


def channel_nll_terms(logits: torch.Tensor, levels: torch.Tensor) -> torch.Tensor:
    """−log p(x) per channel variable: logits [N, C·K, H, W], levels [N, C, H, W] → [N, C, H, W]."""
    N, C, H, W = levels.shape
    K = logits.shape[1] // C
    logp = F.log_softmax(logits.reshape(N, C, K, H, W).float(), dim=2)
    return -logp.gather(2, levels[:, :, None]).squeeze(2)


def weighted_channel_loss(logits: torch.Tensor, levels: torch.Tensor, known: torch.Tensor,
                          k: torch.Tensor) -> torch.Tensor:
    """Per-example D/(D−k) · Σ_unknown −log p over D = C·H·W channel variables (known [N, C, H, W]).
    The weight keeps these examples on the scale of the whole-pixel ones; with split_hole_channels'
    masks (not uniform subsets) the sum is a training loss, not an NLL estimate."""
    D = known[0].numel()
    summed = (channel_nll_terms(logits, levels) * (1.0 - known)).sum(dim=(1, 2, 3))
    return summed * (D / (D - k).to(summed.dtype))


def nll_terms(logits: torch.Tensor, levels: torch.Tensor) -> torch.Tensor:
    """−log p(x) per pixel, channels summed: logits [N, C·K, H, W], levels [N, C, H, W] → [N, H, W]."""
    return channel_nll_terms(logits, levels).sum(1)


def weighted_loss(logits: torch.Tensor, levels: torch.Tensor, known_px: torch.Tensor,
                  k: torch.Tensor, D: int | None = None) -> torch.Tensor:
    """Per-example D/(D−k) · Σ_unknown −log p: an unbiased single-random-ordering NLL estimate (nats)
    of the D pixels the ordering runs over, k of them known (default: the whole image)."""
    D = D or known_px.shape[1] * known_px.shape[2]
    per_px = nll_terms(logits, levels)
    summed = (per_px * (1.0 - known_px)).sum(dim=(1, 2))
    return summed * (D / (D - k).to(summed.dtype))


@torch.no_grad()
def single_ordering_nll(net, split, K, enc, n, draws, batch, device, g):
    """Unbiased per-example estimate: D/(D−k)·Σ_unknown −log p, k uniform in 0..D−1, uniform subset.
    n > len(split) cycles through the split again with fresh masks (small validation sets)."""
    per_image = []
    for s in range(0, n, batch):
        idx = torch.arange(s, min(n, s + batch)) % len(split)
        lv = split.levels(idx, g).to(device)
        N, C, H, W = lv.shape
        acc = torch.zeros(N, dtype=torch.float64)
        for _ in range(draws):
            known_px, k = sample_masks(N, H, W, 0.0, g, device)
            logits = net(encode(lv, known_px[:, None].expand(N, C, H, W), K, enc))
            acc += weighted_loss(logits, lv, known_px, k).double().cpu()
        per_image.append(acc / draws)
    return torch.cat(per_image)


@dataclass
class BatchMasks:
    """What one batch conditions on: `known` [N, C, H, W] (1 = given), the pixel mask [N, H, W]
    and its known count k [N]; where `channel_frac` split some examples' hole by channel, which
    (`by_channel` [N] bool) and their known channel-variable counts (`k_channels`)."""
    known: torch.Tensor
    known_px: torch.Tensor
    k: torch.Tensor
    by_channel: torch.Tensor | None = None
    k_channels: torch.Tensor | None = None

    def part(self, lo: int, hi: int) -> "BatchMasks":
        """Examples lo…hi−1: one rank's share of a batch every rank drew whole."""
        return BatchMasks(*(None if t is None else t[lo:hi] for t in
                            (self.known, self.known_px, self.k, self.by_channel, self.k_channels)))


def draw_masks(N: int, C: int, H: int, W: int, blob_frac: float, generator: torch.Generator | None = None,
               channel_frac: float = 0.0, hole_frac: float = 0.0, device: str | torch.device = "cpu") -> BatchMasks:
    """The masks of one batch (see `sample_masks`); in a `channel_frac` share of the examples the
    hole's leading channels are known. Neither share draws random numbers at 0, so old runs
    resume bit for bit."""
    known_px, k = sample_masks(N, H, W, blob_frac, generator, device, hole_frac)
    known = known_px[:, None].expand(N, C, H, W)
    if channel_frac <= 0:
        return BatchMasks(known, known_px, k)
    by_channel = (torch.rand(N, generator=generator) < channel_frac).to(device)
    known_ch, k_ch = split_hole_channels(known_px, C, generator)
    known = torch.where(by_channel[:, None, None, None], known_ch, known)
    return BatchMasks(known, known_px, k, by_channel, k_ch)


def masked_loss(net, levels: torch.Tensor, masks: BatchMasks, K: int, encoding: str) -> torch.Tensor:
    """Per-example weighted losses of level images [N, C, H, W] under `masks`."""
    logits = net(encode(levels, masks.known, K, encoding))
    whole = weighted_loss(logits, levels, masks.known_px, masks.k)
    if masks.by_channel is None:
        return whole
    return torch.where(masks.by_channel, weighted_channel_loss(logits, levels, masks.known, masks.k_channels), whole)


def batch_loss(net, levels: torch.Tensor, K: int, encoding: str, blob_frac: float,
               generator: torch.Generator | None = None, channel_frac: float = 0.0,
               hole_frac: float = 0.0) -> torch.Tensor:
    """Per-example weighted losses for one batch of level images [N, C, H, W], masks drawn afresh."""
    N, C, H, W = levels.shape
    masks = draw_masks(N, C, H, W, blob_frac, generator, channel_frac, hole_frac, levels.device)
    return masked_loss(net, levels, masks, K, encoding)
