"""The orderless NADE objective: D/(D−k) weighting and mask statistics."""
import itertools
import math

import torch

from models.training.model import TrainNet, encode
from models.training.objective import nll_terms, sample_masks, weighted_loss


def chi2_pvalue(stat: float, dof: int) -> float:
    """Upper tail of χ²(dof) by the Wilson–Hilferty cube-root normal approximation."""
    z = ((stat / dof) ** (1 / 3) - (1 - 2 / (9 * dof))) / math.sqrt(2 / (9 * dof))
    return 0.5 * math.erfc(z / math.sqrt(2))


def test_uniform_logits_give_D_log_K_whatever_the_mask():
    # −log p = log K at every pixel, so D/(D−k)·(D−k)·log K = D·log K for every k
    N, C, K, H, W = 64, 3, 4, 5, 6
    levels = torch.randint(0, K, (N, C, H, W))
    known, k = sample_masks(N, H, W, 0.5)
    loss = weighted_loss(torch.zeros(N, C * K, H, W), levels, known, k)
    torch.testing.assert_close(loss, torch.full((N,), H * W * C * math.log(K)))


def test_weighted_loss_is_the_mean_over_orderings_of_the_exact_nll():
    # exact expectation over k uniform in 0..D−1 and uniform subsets vs. the average over all D!
    # orderings of Σ_d −log p(x_σd | x_σ<d), for a fixed random net on a 2×2 image (D = 4)
    torch.manual_seed(0)
    K, H, W = 3, 2, 2
    D = H * W
    net = TrainNet(1, K, "onehot", 8, 1, norm=False).eval()
    x = torch.randint(0, K, (1, 1, H, W))

    def terms(known_set):
        m = torch.zeros(1, H, W)
        for p in known_set:
            m.view(-1)[p] = 1
        with torch.no_grad():
            return nll_terms(net(encode(x, m[:, None], K, "onehot")), x).view(-1), m

    expectation = 0.0
    for k in range(D):
        subsets = list(itertools.combinations(range(D), k))
        for s in subsets:
            t, m = terms(s)
            loss = weighted_loss(torch.zeros(1, K, H, W), x, m, torch.tensor([k]))  # shape check only
            assert loss.shape == (1,)
            with torch.no_grad():
                logits = net(encode(x, m[:, None], K, "onehot"))
            expectation += float(weighted_loss(logits, x, m, torch.tensor([k]))) / (D * len(subsets))
    orderings = list(itertools.permutations(range(D)))
    exact = sum(sum(float(terms(o[:d])[0][o[d]]) for d in range(D)) for o in orderings) / len(orderings)
    assert abs(expectation - exact) < 1e-4, (expectation, exact)


def test_number_of_unknown_pixels_is_uniform_chi_square():
    H, W, N = 4, 4, 16000
    D = H * W
    g = torch.Generator().manual_seed(1)
    for blob_frac in (0.0, 1.0):
        known, k = sample_masks(N, H, W, blob_frac, g)
        u = (1 - known).sum((1, 2)).long()
        assert torch.equal(u, D - k)                 # k is exactly the known count
        assert u.min() >= 1 and u.max() <= D
        counts = torch.bincount(u - 1, minlength=D).double()
        expected = N / D
        stat = float(((counts - expected) ** 2 / expected).sum())
        assert chi2_pvalue(stat, D - 1) > 1e-3, (blob_frac, stat)


def test_uniform_masks_treat_every_pixel_alike_and_blobs_are_contiguous():
    H, W, N = 8, 8, 8000
    g = torch.Generator().manual_seed(2)
    known, _ = sample_masks(N, H, W, 0.0, g)
    rate = (1 - known).mean(0).flatten()             # P(unknown) = E[u]/D = (D+1)/(2D) everywhere
    expected = (H * W + 1) / (2 * H * W)
    assert (rate - expected).abs().max() < 0.03

    def same_neighbour(m):  # fraction of horizontal neighbour pairs with equal state
        return float((m[:, :, 1:] == m[:, :, :-1]).float().mean())
    blobs, _ = sample_masks(N, H, W, 1.0, g)
    assert same_neighbour(blobs) > same_neighbour(known) + 0.15


def test_random_subsets_take_a_uniform_count_and_a_uniform_subset_of_the_region():
    from models.training.objective import random_subsets
    H, W, N = 5, 5, 20000
    region = torch.zeros(H, W, dtype=torch.bool)
    region[1, :] = True
    region[2:, 3] = True                             # an L of h = 8 pixels
    h = int(region.sum())
    unknown = random_subsets(region.expand(N, H, W).clone(), torch.Generator().manual_seed(5))
    assert not bool(unknown[:, ~region].any())       # only the region's pixels
    u = unknown.sum((1, 2))
    counts = torch.bincount(u - 1, minlength=h).double()
    assert counts.numel() == h                       # u in 1..h
    stat = float(((counts - N / h) ** 2 / (N / h)).sum())
    assert chi2_pvalue(stat, h - 1) > 1e-3, stat
    rate = unknown[:, region].float().mean(0)        # every region pixel alike: E[u]/h
    assert (rate - (h + 1) / (2 * h)).abs().max() < 0.02


def test_painted_holes_are_half_rectangles_half_blobs_of_the_stated_sizes():
    from models.training.objective import painted_holes
    H, W, n = 16, 16, 600
    holes = painted_holes(n, H, W, torch.Generator().manual_seed(6))
    rect = 0
    for hole in holes:
        rows, cols = hole.any(1).nonzero()[:, 0], hole.any(0).nonzero()[:, 0]
        h, w = int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)
        if int(hole.sum()) == h * w and 2 <= h <= 12 and 2 <= w <= 12:
            rect += 1
        else:
            assert 16 <= int(hole.sum()) <= 128       # a blob of D/16…D/2 pixels
    assert 0.4 < rect / n < 0.6


def test_hole_masks_count_their_known_pixels():
    H, W, N = 8, 8, 64
    known, k = sample_masks(N, H, W, 0.5, torch.Generator().manual_seed(7), hole_frac=1.0)
    assert torch.equal(k, known.sum((1, 2)).long()) and bool((k < H * W).all())
    assert bool((k >= H * W // 2).all())             # a hole is at most D/2 pixels (blobs; 3/4·3/4 rectangles)


def test_channel_masks_keep_the_holes_leading_channels_and_weight_over_channel_variables():
    from models.training.objective import split_hole_channels, weighted_channel_loss
    C, H, W = 3, 4, 5
    known_px, _ = sample_masks(3000, H, W, 0.5, torch.Generator().manual_seed(2))
    known, k = split_hole_channels(known_px, C, torch.Generator().manual_seed(3))
    assert torch.equal(known.sum((1, 2, 3)).long(), k)
    outside = known_px[:, None].expand_as(known) == 1
    assert bool((known[outside] == 1).all())  # known pixels stay known in every channel
    hole = known_px == 0
    j = torch.zeros(known.shape[0], dtype=torch.long)  # per example: leading channels the hole keeps
    for n in range(known.shape[0]):
        per_px = known[n][:, hole[n]]  # [C, unknown pixels]
        lead = int(per_px[:, 0].sum())
        assert torch.equal(per_px, (torch.arange(C)[:, None] < lead).float().expand_as(per_px))
        j[n] = lead
    counts = torch.bincount(j, minlength=C).tolist()
    assert counts[0] == 0 and all(abs(c - 1500) < 150 for c in counts[1:])  # j uniform in 1..C−1
    # the weight is D/(D − k) over the C·H·W channel variables
    levels = torch.zeros(1, C, H, W, dtype=torch.long)
    logits = torch.zeros(1, C * 2, H, W)  # K = 2, uniform: −log p = log 2 per variable
    got = float(weighted_channel_loss(logits, levels, known[:1], k[:1]))
    assert abs(got - C * H * W * math.log(2)) < 1e-4


def test_batch_loss_mixes_channel_masks_only_when_asked():
    from models.training.objective import batch_loss
    torch.manual_seed(3)
    net = TrainNet(3, 4, "onehot", 8, 1, norm=False).eval()
    x = torch.randint(0, 4, (16, 3, 5, 5))
    with torch.no_grad():
        plain = batch_loss(net, x, 4, "onehot", 0.5, torch.Generator().manual_seed(4))
        zero = batch_loss(net, x, 4, "onehot", 0.5, torch.Generator().manual_seed(4), channel_frac=0.0)
        mixed = batch_loss(net, x, 4, "onehot", 0.5, torch.Generator().manual_seed(4), channel_frac=0.5)
    assert torch.equal(plain, zero)  # the default draws nothing extra: old runs resume bit for bit
    assert mixed.shape == (16,) and torch.isfinite(mixed).all() and not torch.equal(mixed, plain)
