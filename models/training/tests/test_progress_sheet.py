"""The training run's sample sheet, drawn in PyTorch from the live net: no Node, the context kept,
the run's random streams and the net's mode untouched."""
import shutil

import torch
from PIL import Image
from torch import nn

from models.training.data import Split
from models.training.model import TrainNet
from models.training.progress_sheet import alpha, draw, gibbs_fill
from models.training.sheet import centre_hole

C, K, S = 3, 4, 8


def tiny_net() -> TrainNet:
    torch.manual_seed(0)
    return TrainNet(C, K, "onehot", features=8, blocks=1)


def split(n=5) -> Split:
    return Split(torch.randint(0, 256, (n, C, S, S), dtype=torch.uint8, generator=torch.Generator().manual_seed(3)), K)


class Always(nn.Module):
    """Predicts `level` everywhere with near certainty, whatever it is given."""

    def __init__(self, level: int):
        super().__init__()
        self.K, self.encoding, self.level = K, "onehot", level
        self.w = nn.Parameter(torch.zeros(1))

    def forward(self, h):
        N, _, H, W = h.shape
        logits = torch.full((N, C, K, H, W), -50.0)
        logits[:, :, self.level] = 50.0
        return logits.reshape(N, C * K, H, W)


def test_every_fill_keeps_the_known_pixels_exactly_and_fills_every_hole_pixel():
    levels = split().levels(torch.arange(4))
    holes = torch.stack([centre_hole(S, S, 4), centre_hole(S, S, 2), torch.rand(S, S, generator=torch.Generator().manual_seed(1)) < 0.5,
                         torch.ones(S, S, dtype=torch.bool)])  # the last has no border to start from
    with torch.no_grad():
        fills = gibbs_fill(tiny_net().eval(), levels, holes, K, 5, torch.Generator().manual_seed(0))
    keep = ~holes[:, None].expand_as(levels)
    assert torch.equal(fills[keep], levels[keep])
    assert fills.min() >= 0 and fills.max() < K
    with torch.no_grad():  # the hole is drawn from the net: one that says 2 fills 2
        always = gibbs_fill(Always(2), levels, holes, K, 3, torch.Generator().manual_seed(0))
    assert torch.equal(always[keep], levels[keep]) and (always[~keep] == 2).all()


class Spy(Always):
    """Records how many pixels each pass was told are known (the input's last C channels)."""

    def __init__(self):
        super().__init__(1)
        self.known: list[int] = []

    def forward(self, h):
        self.known.append(int(h[0, -1].sum()))
        return super().forward(h)


def test_the_border_start_hides_the_undrawn_hole_and_each_gibbs_step_only_its_block():
    spy = Spy()
    with torch.no_grad():  # a 4×4 hole in 8×8: ring 1 (12 pixels) given the context, ring 2 given both
        gibbs_fill(spy, split().levels(torch.arange(1)), centre_hole(S, S, 4)[None], K, 3, torch.Generator().manual_seed(0))
    assert spy.known[:2] == [64 - 16, 64 - 4] and len(spy.known) == 2 + 3
    assert all(64 - 16 <= k < 64 for k in spy.known[2:])  # a Gibbs step hides its block only (at least one pixel)


def test_the_block_probability_follows_the_apps_default_schedule():
    assert alpha(0, 10) == 0.5 and abs(alpha(7, 10) - 0.1) < 1e-12 and alpha(9, 10) == 0.1  # α_min after η·N
    assert abs(alpha(2, 10) - (0.5 - 0.2 * 0.4 / 0.7)) < 1e-12


def test_a_sheet_is_drawn_without_node_and_leaves_the_run_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    net = tiny_net().train()
    weights = {k: v.clone() for k, v in net.state_dict().items()}
    torch.manual_seed(7)
    rng = torch.get_rng_state()
    outcome = draw(net, split(), str(tmp_path / "run"), 12, images=2, chains=3, gibbs_steps=4)
    assert outcome.note is None and outcome.path == str(tmp_path / "run" / "sheets" / "step-0000012.png")
    with Image.open(outcome.path) as png:  # 2 rows; original, then per hole the hole and 3 chains; ×16
        assert png.size == (9 * (S + 4) * 16, 2 * (S + 4) * 16)
    assert torch.equal(torch.get_rng_state(), rng)
    assert net.training and all(torch.equal(v, weights[k]) for k, v in net.state_dict().items())


def test_a_failing_sheet_is_a_note_and_the_net_keeps_its_mode(tmp_path):
    class Broken(Always):
        def forward(self, h):
            raise RuntimeError("out of memory")
    net = Broken(0).train()
    outcome = draw(net, split(), str(tmp_path / "run"), 3, images=1, chains=1, gibbs_steps=1)
    assert outcome.path is None and "step 3 failed: out of memory" in outcome.note and net.training
