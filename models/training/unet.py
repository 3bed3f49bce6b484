"""The multi-scale conv net of docs/model-format.md ("unet"), with batch norm for training.

Why: on a 64×64 image the resnet's full-resolution convs pay for every pixel at every layer, and
its receptive field grows only through dilation. Halving the resolution per level puts the
parameters where context is cheap (the bottom level sees the whole image) and keeps full
resolution for edges, through the skip connections.
"""
from __future__ import annotations

import torch
from torch import nn
import torch.nn.functional as F

from .model import ConvBN, NhwcBoundary, Residual, fold_into, in_channels, same_conv


class Resample(nn.Module):
    """2×2 stride-2 conv (down) or transposed conv (up), then optional batch norm.

    Kernel = stride, so neither needs padding: every backend computes the same thing."""

    def __init__(self, cin: int, cout: int, up: bool, norm: bool):
        super().__init__()
        self.conv = resample_conv(cin, cout, up)
        self.bn = nn.BatchNorm2d(cout) if norm else nn.Identity()

    def forward(self, h):
        return self.bn(self.conv(h))


def resample_conv(cin: int, cout: int, up: bool) -> nn.Module:
    return (nn.ConvTranspose2d if up else nn.Conv2d)(cin, cout, 2, stride=2)


class UNetTrain(nn.Module):
    """NCHW in ([N, C·E+C, H, W]), NCHW logits out; H and W divisible by 2^(levels−1).

    widths[l], blocks[l]: channels and residual blocks at level l (resolution H / 2^l). Levels
    above the bottom have blocks[l] blocks on the way down and again on the way up; the skip
    from the way down is added after the transposed conv. `plain` builds the export twin's
    convs (no batch norm) under the same module names, which are the ONNX initializer names."""

    def __init__(self, C: int, K: int, encoding: str, widths: list[int], blocks: list[int],
                 kernel: int = 3, norm: bool = True, plain: bool = False):
        super().__init__()
        if len(widths) != len(blocks) or len(widths) < 2:
            raise ValueError(f"unet: widths {widths} and blocks {blocks} need the same length ≥ 2")
        self.C, self.K, self.encoding = C, K, encoding
        self.widths, self.blocks, self.kernel, self.norm = list(widths), list(blocks), kernel, norm

        def conv(cin, cout, k):
            return same_conv(cin, cout, k, 1) if plain else ConvBN(cin, cout, k, 1, norm)

        def resample(cin, cout, up):
            return resample_conv(cin, cout, up) if plain else Resample(cin, cout, up, norm)

        def level(width, n):
            return nn.ModuleList(Residual(conv(width, width, kernel), conv(width, width, kernel)) for _ in range(n))

        L = len(widths) - 1
        self.stem = conv(in_channels(C, K, encoding), widths[0], 3)
        self.down, self.up = nn.ModuleList(), nn.ModuleList()
        for l in range(L):
            d = nn.Module()
            d.blocks = level(widths[l], blocks[l])
            d.strided = resample(widths[l], widths[l + 1], False)
            self.down.append(d)
            u = nn.Module()
            u.transposed = resample(widths[l + 1], widths[l], True)
            u.blocks = level(widths[l], blocks[l])
            self.up.append(u)
        self.mid = level(widths[L], blocks[L])
        self.head = nn.Conv2d(widths[0], C * K, 1)
        if norm and not plain:  # each residual branch starts as the identity (zero-init the last BN scale)
            for b in self.residual_blocks():
                nn.init.zeros_(b.conv2.bn.weight)

    def residual_blocks(self):
        for d in self.down:
            yield from d.blocks
        yield from self.mid
        for u in self.up:
            yield from u.blocks

    def config(self) -> dict:
        return dict(kind="unet", C=self.C, K=self.K, encoding=self.encoding, widths=self.widths,
                    blocks=self.blocks, kernel=self.kernel, norm=self.norm)

    def forward(self, h):
        step = 2 ** (len(self.widths) - 1)
        if not torch.jit.is_tracing() and (h.shape[2] % step or h.shape[3] % step):
            raise ValueError(f"unet: {h.shape[2]}×{h.shape[3]} is not a multiple of {step}")
        h = F.relu(self.stem(h))
        skips = []
        for d in self.down:
            for b in d.blocks:
                h = b(h)
            skips.append(h)
            h = F.relu(d.strided(h))
        for b in self.mid:
            h = b(h)
        for u, skip in zip(reversed(self.up), reversed(skips)):
            h = F.relu(u.transposed(h) + skip)
            for b in u.blocks:
                h = b(h)
        return self.head(h)


class UNetExport(NhwcBoundary, UNetTrain):
    """The shipped graph: plain convs (batch norm folded), NHWC at the boundary like ExportNet."""

    def __init__(self, C: int, K: int, encoding: str, widths: list[int], blocks: list[int], kernel: int):
        super().__init__(C, K, encoding, widths, blocks, kernel, norm=False, plain=True)


def fold_unet(net: UNetTrain) -> UNetExport:
    """The export twin of a training U-Net, batch norm folded into the convs and resampling convs."""
    out = UNetExport(net.C, net.K, net.encoding, net.widths, net.blocks, net.kernel)
    return fold_into(net, out, (ConvBN, Resample))
