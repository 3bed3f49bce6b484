"""The conv stack of docs/model-format.md ("resnet"), with batch norm for training and folding for export."""
from __future__ import annotations

import torch
from torch import nn
import torch.nn.functional as F


def expand_dilations(dilations: list[int] | None, blocks: int) -> list[int]:
    """Cycle a short dilation pattern to the 2·B numbers the card holds."""
    if not dilations:
        dilations = [1]
    return [int(dilations[i % len(dilations)]) for i in range(2 * blocks)]


def encode(levels: torch.Tensor, known: torch.Tensor, K: int, encoding: str) -> torch.Tensor:
    """NCHW input of the net, channel-first twin of the NHWC contract.

    levels: [N, C, H, W] long in 0..K-1; known: [N, C, H, W] float (1 = given).
    Returns concat(encoded(levels) * known, known) with C·E + C channels,
    one-hot slot of channel c, level v at index c·K + v.
    """
    N, C, H, W = levels.shape
    if encoding == "onehot":
        oh = F.one_hot(levels, K).permute(0, 1, 4, 2, 3).to(known.dtype)  # N C K H W
        x = (oh * known[:, :, None]).reshape(N, C * K, H, W)
    elif encoding == "scalar":
        x = levels.to(known.dtype) / (K - 1) * known
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    return torch.cat([x, known], dim=1)


def in_channels(C: int, K: int, encoding: str) -> int:
    return C * (K if encoding == "onehot" else 1) + C


class ConvBN(nn.Module):
    """k×k 'same' conv followed by optional batch norm (folded away at export)."""

    def __init__(self, cin: int, cout: int, k: int, dilation: int, norm: bool):
        super().__init__()
        self.conv = same_conv(cin, cout, k, dilation)
        self.bn = nn.BatchNorm2d(cout) if norm else nn.Identity()

    def forward(self, h):
        return self.bn(self.conv(h))


class Residual(nn.Module):
    """relu(conv2(relu(conv1(h))) + h): a residual block over whichever convs it is given (with
    batch norm for training, plain for export: the module names stay the same)."""

    def __init__(self, conv1: nn.Module, conv2: nn.Module):
        super().__init__()
        self.conv1, self.conv2 = conv1, conv2

    def forward(self, h):
        return F.relu(self.conv2(F.relu(self.conv1(h))) + h)


def same_conv(cin: int, cout: int, k: int, dilation: int) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, k, padding=dilation * (k - 1) // 2, dilation=dilation)


class TrainNet(nn.Module):
    """The training-time net: NCHW in ([N, C·E+C, H, W]), NCHW logits out ([N, C·K, H, W]).
    `plain` builds the export twin's convs (no batch norm) under the same module names."""

    def __init__(self, C: int, K: int, encoding: str, features: int, blocks: int,
                 kernel: int = 3, dilations: list[int] | None = None, norm: bool = True, plain: bool = False):
        super().__init__()
        self.C, self.K, self.encoding = C, K, encoding
        self.features, self.nblocks, self.kernel = features, blocks, kernel
        self.dilations = expand_dilations(dilations, blocks)
        self.norm = norm

        def conv(cin, cout, k, dilation):
            return same_conv(cin, cout, k, dilation) if plain else ConvBN(cin, cout, k, dilation, norm)

        self.stem = conv(in_channels(C, K, encoding), features, 3, 1)
        self.blocks = nn.ModuleList(
            Residual(conv(features, features, kernel, self.dilations[2 * i]),
                     conv(features, features, kernel, self.dilations[2 * i + 1]))
            for i in range(blocks))
        self.head = nn.Conv2d(features, C * K, 1)
        if norm and not plain:  # each residual branch starts as the identity (zero-init the last BN scale)
            for b in self.blocks:
                nn.init.zeros_(b.conv2.bn.weight)

    def config(self) -> dict:
        return dict(C=self.C, K=self.K, encoding=self.encoding, features=self.features,
                    blocks=self.nblocks, kernel=self.kernel, dilations=self.dilations, norm=self.norm)

    def forward(self, h):
        h = F.relu(self.stem(h))
        for b in self.blocks:
            h = b(h)
        return self.head(h)


class NhwcBoundary:
    """Mixin for an export twin: its training class's forward becomes `forward_nchw`, and
    `forward` takes and returns NHWC as the ONNX contract does."""

    def forward_nchw(self, h):
        return super().forward(h)

    def forward(self, x, known):
        """x: [N, H, W, C·E], known: [N, H, W, C] → logits [N, H, W, C·K]."""
        h = torch.cat([x, known], dim=3).permute(0, 3, 1, 2)
        return self.forward_nchw(h).permute(0, 2, 3, 1)


class ExportNet(NhwcBoundary, TrainNet):
    """The shipped graph: convs, ReLU, Add, Concat, Transpose only; NHWC at the boundary.

    Parameter names are the contract's initializer names (stem.weight, blocks.0.conv1.weight, …).
    """

    def __init__(self, C: int, K: int, encoding: str, features: int, blocks: int,
                 kernel: int, dilations: list[int]):
        super().__init__(C, K, encoding, features, blocks, kernel, list(dilations), norm=False, plain=True)


@torch.no_grad()
def grow_from(net: TrainNet, state: dict, config: dict) -> None:
    """Starts `net` from a trained, shallower net (`state`, `config` of a checkpoint): its stem and
    head are copied, its B blocks become blocks 0…B−1, and the blocks after them start as the
    identity (a zero residual branch), so the grown net computes what the trained one did."""
    same = ("C", "K", "encoding", "features", "kernel", "norm")
    if any(config[k] != getattr(net, k) for k in same):
        raise SystemExit(f"--grow-from: the trained net's {', '.join(f'{k}={config[k]}' for k in same)} "
                         f"must equal this one's")
    B = config["blocks"]
    if B > net.nblocks or config["dilations"] != net.dilations[:2 * B]:
        raise SystemExit(f"--grow-from: this net's first {B} blocks must have the trained net's dilations "
                         f"{config['dilations']}, got {net.dilations[:2 * B]} of {net.nblocks} blocks")
    own = net.state_dict()
    own.update(state)  # names match: stem.*, head.*, blocks.i.* for i < B
    net.load_state_dict(own)
    if not net.norm:  # with batch norm the zero BN scale of __init__ already does this
        for b in net.blocks[B:]:
            b.conv2.conv.weight.zero_()
            b.conv2.conv.bias.zero_()


def fold_conv_bn(cb: nn.Module) -> tuple[torch.Tensor, torch.Tensor]:
    """Weights and bias of one conv (`cb.conv`, also transposed) with its eval-mode batch norm
    (`cb.bn`) folded in."""
    w = cb.conv.weight.detach().clone()
    out_axis = 1 if isinstance(cb.conv, nn.ConvTranspose2d) else 0  # ONNX/torch: IOHW vs OIHW
    b = cb.conv.bias.detach().clone() if cb.conv.bias is not None else torch.zeros(w.shape[out_axis])
    if isinstance(cb.bn, nn.BatchNorm2d):
        bn = cb.bn
        scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
        w = w * scale.reshape([-1 if i == out_axis else 1 for i in range(4)])
        b = (b - bn.running_mean) * scale + bn.bias.detach()
    return w, b


@torch.no_grad()
def fold_into(net: nn.Module, out: nn.Module, normed: tuple[type, ...] = (ConvBN,)) -> nn.Module:
    """Copies a training net into its export twin `out` (same module names), each `normed` conv
    with its batch norm folded in (eval semantics); the head has none."""
    plain = dict(out.named_modules())
    for name, m in net.named_modules():
        if isinstance(m, normed):
            w, b = fold_conv_bn(m)
            plain[name].weight.copy_(w)
            plain[name].bias.copy_(b)
    out.head.weight.copy_(net.head.weight)
    out.head.bias.copy_(net.head.bias)
    return out.eval()


def fold(net: TrainNet) -> ExportNet:
    """The export twin of a training net, batch norm folded into the convs."""
    return fold_into(net, ExportNet(net.C, net.K, net.encoding, net.features, net.nblocks, net.kernel, net.dilations))


def count_parameters(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
