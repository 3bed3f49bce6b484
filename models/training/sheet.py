"""The evaluation's sample sheet: held-out images, a centre-square and a blob hole for each, and
several inpaintings of each hole by the product's own sampler (the TypeScript CLI behind
`npm run inpaint`, at the app's default settings), so the sheet shows exactly what a user of the
app gets.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time

import numpy as np
import torch
from PIL import Image

from . import REPO
from .data import quantise_linear
from .objective import smooth_field

CLI = [os.path.join(REPO, "node_modules", ".bin", "tsx"), os.path.join(REPO, "electron", "cli", "inpaint.ts")]
HOLE_RED = np.array([191, 0, 0], np.uint8)


def to_rgb(levels: torch.Tensor, K: int) -> np.ndarray:
    """[C,H,W] levels → HxWx3 uint8, shown as round(level·255/(K−1)) (the card's linear rule)."""
    v = torch.floor(levels.float() * 255 / (K - 1) + 0.5).clamp(0, 255).byte()
    if v.shape[0] == 1:
        v = v.expand(3, -1, -1)
    return v.permute(1, 2, 0).numpy()


def from_rgb(rgb: np.ndarray, C: int, K: int) -> torch.Tensor:
    """Inverse of `to_rgb` for images it made: HxWx3 uint8 → [C,H,W] levels."""
    return quantise_linear(torch.from_numpy(np.ascontiguousarray(rgb[..., :C])), K).permute(2, 0, 1)


def centre_hole(H: int, W: int, side: int) -> torch.Tensor:
    hole = torch.zeros(H, W, dtype=torch.bool)
    t, l = (H - side) // 2, (W - side) // 2
    hole[t:t + side, l:l + side] = True
    return hole


def blob_hole(H: int, W: int, fraction: float, g: torch.Generator, scale: int = 4) -> torch.Tensor:
    """One lumpy blob covering `fraction` of the image, as a user paints it: the top pixels of
    smooth noise (the training blobs' field) minus the distance to a random interior centre."""
    cy, cx = (torch.rand(2, generator=g) * 0.5 + 0.25).tolist()
    y, x = torch.meshgrid(torch.linspace(0, 1, H), torch.linspace(0, 1, W), indexing="ij")
    field = 0.5 * smooth_field(1, H, W, scale, g)[0] - ((y - cy) ** 2 + (x - cx) ** 2).sqrt()
    hole = torch.zeros(H * W, dtype=torch.bool)
    hole[field.flatten().argsort(descending=True)[:max(1, round(fraction * H * W))]] = True
    return hole.reshape(H, W)


def inpaint_with_cli(model_dir: str, levels: torch.Tensor, hole: torch.Tensor, K: int, chains: int,
                     seed: int, steps: int | None = None, init: str | None = None, block: str = "independent",
                     preset: str | None = None) -> tuple[torch.Tensor, dict]:
    """[C,H,W] levels and an [H,W] hole → [chains, C, H, W] levels sampled by `npm run inpaint`
    with annealed Gibbs at the Gibbs preset's T and α schedule (`--preset gibbs`, BASELINE_PARAMS,
    whatever the app's default sampler; or another built-in `preset`), starting the hole as the app
    does or from `init` (border | model | uniform) and resampling blocks with `block` (independent
    | channelwise | ancestral); and the provenance record the CLI wrote into the result (backend,
    seed, the parameters it ran)."""
    C = levels.shape[0]
    with tempfile.TemporaryDirectory() as tmp:
        image, mask, out = (os.path.join(tmp, f) for f in ("image.png", "mask.png", "out.png"))
        Image.fromarray(to_rgb(levels, K)).save(image)
        Image.fromarray(np.where(hole.numpy(), 255, 0).astype(np.uint8)).save(mask)
        cmd = CLI + ["--model", model_dir, "--image", image, "--mask", mask, "--out", out,
                     "--block", block, "--chains", str(chains), "--seed", str(seed), "--quiet"]
        if steps is not None:
            cmd += ["--steps", str(steps)]
        if init is not None:
            cmd += ["--init", init]
        cmd += ["--preset", preset or "gibbs"]
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"npm run inpaint failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        with Image.open(out) as result:
            provenance = json.loads(result.text["gibbs-inpaint"])
            strip = np.asarray(result.convert("RGB"))  # the chains side by side
    W = levels.shape[2]
    return torch.stack([from_rgb(strip[:, c * W:(c + 1) * W], C, K) for c in range(chains)]), provenance


OFF_PALETTE_TOLERANCE = 40.0


def off_palette_share(fill: np.ndarray, original: np.ndarray, hole: np.ndarray,
                      tolerance: float = OFF_PALETTE_TOLERANCE) -> float:
    """Share of the hole's pixels in `fill` (HxWx3 uint8) farther than `tolerance` (RGB distance,
    0–255 scale) from every colour of `original` outside the hole: colours the image never had,
    such as the green a chain mixes from an orange face's red and its brows' green channel."""
    context = np.unique(original[~hole].reshape(-1, 3), axis=0).astype(np.float32)
    drawn = fill[hole].astype(np.float32)
    nearest = np.sqrt(((drawn[:, None, :] - context[None]) ** 2).sum(-1)).min(1)
    return float((nearest > tolerance).mean())


def held_out_indices(n_split: int, n_img: int) -> torch.Tensor:
    """Evenly spread over the split, so the sheet is not the first few (often alike) images."""
    return torch.linspace(0, n_split - 1, min(n_img, n_split)).round().long()


def pad_tile(tile: np.ndarray) -> np.ndarray:
    return np.pad(tile, ((2, 2), (2, 2), (0, 0)), constant_values=128)


def sample_sheet(model_dir: str, split, K: int, side: int, n_img: int, chains: int, steps: int | None,
                 blob_fraction: float, path: str, seed: int, init: str | None = None, block: str = "independent"
                 ) -> dict:
    """Rows: held-out images. Columns: original | centre hole (red) | `chains` inpaintings | blob hole
    (red) | `chains` inpaintings. Writes the PNG to `path` and returns what eval.json records."""
    idx = held_out_indices(len(split), n_img)
    lv = split.levels(idx, torch.Generator().manual_seed(seed + 1))
    N, C, H, W = lv.shape
    g = torch.Generator().manual_seed(seed + 2)
    centre = centre_hole(H, W, side)
    t0 = time.time()
    rows, unchanged, off_palette = [], True, {"centre": [], "blob": []}
    for i in range(N):
        tiles = [to_rgb(lv[i], K)]
        for j, (kind, hole) in enumerate((("centre", centre), ("blob", blob_hole(H, W, blob_fraction, g)))):
            outs, provenance = inpaint_with_cli(model_dir, lv[i], hole, K, chains, seed + 100 * i + j, steps, init, block)
            unchanged &= bool((outs[:, :, ~hole] == lv[i][:, ~hole]).all())
            shown = to_rgb(lv[i], K).copy()
            shown[hole.numpy()] = HOLE_RED
            fills = [to_rgb(o, K) for o in outs]
            off_palette[kind] += [off_palette_share(f, tiles[0], hole.numpy()) for f in fills]
            tiles += [shown] + fills
        rows.append(np.concatenate([pad_tile(t) for t in tiles], 1))
    sheet = np.concatenate(rows, 0)
    scale = max(1, 128 // max(H, W))
    Image.fromarray(sheet).resize((sheet.shape[1] * scale, sheet.shape[0] * scale), Image.NEAREST).save(path)
    return {"file": os.path.basename(path), "images": [int(i) for i in idx],
            "columns": ["original", f"centre {side}×{side} hole (red)"] + [f"chain {c}" for c in range(chains)]
            + [f"blob hole, {blob_fraction:.0%} of the image (red)"] + [f"chain {c}" for c in range(chains)],
            "sampler": "npm run inpaint (electron/cli) at the Gibbs preset's T and α schedule; params: what it ran",
            "params": provenance["params"], "backend": provenance["backend"],
            "gibbsSteps": steps if steps is not None else "one per hole pixel",
            "offPaletteShare": {kind: round(float(np.mean(v)), 4) for kind, v in off_palette.items()},
            "offPaletteWhat": f"mean share of a fill's pixels farther than {OFF_PALETTE_TOLERANCE:g} (RGB, 0–255) "
                              "from every colour outside the hole",
            "seconds": round(time.time() - t0, 1), "outsideHoleUnchanged": unchanged}
