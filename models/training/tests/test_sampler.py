"""The evaluation sheet's annealed Gibbs sampler (SPEC §2–3)."""
import torch

from models.training.sampler import annealed_gibbs, sample_tempered, yao_schedule


def test_yao_schedule_divides_only_the_decay_by_eta():
    # α_n = max(α_min, α_max − (n/N)(α_max − α_min)/η)
    assert yao_schedule(0, 10, 0.9, 0.1, 0.7) == 0.9
    assert abs(yao_schedule(5, 10, 0.9, 0.1, 0.7) - (0.9 - 0.5 * 0.8 / 0.7)) < 1e-12
    assert yao_schedule(9, 10, 0.9, 0.1, 0.7) == 0.1


def test_temperature_zero_is_argmax_and_large_t_is_near_uniform():
    logits = torch.tensor([[0.0, 3.0, 3.0, -1.0]])
    assert sample_tempered(logits, 0, None).item() == 1          # first maximum on ties
    g = torch.Generator().manual_seed(0)
    draws = sample_tempered(logits.expand(20000, 4), 1e6, g)
    assert (torch.bincount(draws, minlength=4).float() / 20000 - 0.25).abs().max() < 0.02


def test_pixels_outside_the_hole_never_change_and_every_step_resamples_something():
    g = torch.Generator().manual_seed(1)
    K = 4
    x = torch.randint(0, K, (3, 2, 6, 5), generator=g)
    hole = torch.zeros(3, 6, 5, dtype=torch.bool)
    hole[:, 2:4, 1:4] = True

    def predict(levels, known):  # a fake model: prefers level 2 everywhere
        logits = torch.zeros(levels.shape[0], levels.shape[1] * K, *levels.shape[2:])
        logits[:, 2::K] = 5.0
        return logits

    steps = []
    out = annealed_gibbs(predict, x, hole, K, alpha_max=0.5, alpha_min=0.001, eta=0.1, T=0.0, steps=12,
                         generator=g, on_step=steps.append)
    assert torch.equal(out[~hole[:, None].expand_as(out)], x[~hole[:, None].expand_as(x)])
    assert [s["n"] for s in steps] == list(range(12))
    assert all(s["blockSize"] >= 3 for s in steps)                # at least one pixel per chain
    assert steps[-1]["alpha"] == 0.001
