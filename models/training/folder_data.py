"""A folder of the user's own images as a data set (`train --data-dir FOLDER`).

Every readable PNG, JPEG, GIF (first frame), WebP or BMP under the folder (subfolders too, hidden
ones skipped), of any size, grey, RGB or with alpha: alpha is composited on the model's
background by the card's rule, then the image takes the model's channels (grey = Rec. 601 luma)
and levels (linear). Files that cannot be read, or are too big, are skipped and reported, never
fatal. Examples are random crops at the model's size (images smaller than it are first scaled up
to cover it, aspect kept) or whole images resized to it (`resize`, aspect not kept).

Validation: the ceil(10 %) of the readable images whose sha1(relative path) is smallest are held
out (at least one, and at least MIN_IMAGES readable images in all), so the split depends only on
the file names, not on the order of a listing or on the machine. Validation examples are fixed:
crops at positions drawn once from a seeded generator (or the resized images).
"""
from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from .data import DataSet, Split, quantise_linear

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")
MAX_PIXELS = 40_000_000          # a larger image is skipped as huge (decoding it could exhaust memory)
MAX_FILE_BYTES = 200 * 2**20     # so is a larger file
MIN_IMAGES = 4                   # one held out for validation, three to train on
VALIDATION_SHARE = 0.1
VALIDATION_CROPS = 64            # fixed validation crops in all (crop mode), at most 16 per image
VALIDATION_SEED = 12345
EXAMPLE_MODES = ("crop", "resize")


class Unreadable(Exception):
    """Why one file is skipped."""


@dataclass
class CropSplit:
    """Training images of any size (uint8 [C, h, w], each at least size×size): every draw of an
    example is a fresh random crop, positions taken from the training generator, so a resumed
    run draws the same crops."""
    images: list
    size: int
    K: int

    def __len__(self):
        return len(self.images)

    def levels(self, idx: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        return quantise_linear(torch.stack([random_crop(self.images[int(i)], self.size, generator) for i in idx]), self.K)


def random_crop(img: torch.Tensor, size: int, generator: torch.Generator | None) -> torch.Tensor:
    _, h, w = img.shape
    top = int(torch.randint(0, h - size + 1, (1,), generator=generator))
    left = int(torch.randint(0, w - size + 1, (1,), generator=generator))
    return img[:, top:top + size, left:left + size]


def image_files(folder: str) -> list[str]:
    """Relative paths of the files with an image extension under `folder`, sorted; hidden files
    and folders are left out, and links to folders are not followed."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            if not f.startswith(".") and f.lower().endswith(IMAGE_EXTENSIONS):
                found.append(os.path.relpath(os.path.join(root, f), folder))
    return sorted(found)


def read_image(path: str, background) -> np.ndarray:
    """H×W×3 uint8, alpha composited on `background` (floor(rgb·a + bg·(1−a) + 0.5)); raises
    Unreadable with the reason."""
    from PIL import Image, ImageOps
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"huge: {size / 2**20:.0f} MiB (more than {MAX_FILE_BYTES // 2**20} MiB)")
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                raise Unreadable(f"huge: {im.width}×{im.height} pixels (more than {MAX_PIXELS / 1e6:g} million)")
            im.seek(0)  # an animation's first frame
            im = ImageOps.exif_transpose(im)
            rgba = _rgba(im)
    except Unreadable:
        raise
    except Image.DecompressionBombError as e:
        raise Unreadable(f"huge: {e}") from None
    except Exception as e:  # noqa: BLE001 — whatever Pillow raises for a damaged file, the file is skipped
        raise Unreadable(f"not a readable image ({type(e).__name__}: {e})") from None
    alpha = rgba[..., 3:4] / 255.0
    comp = np.floor(rgba[..., :3] * alpha + np.asarray(background, np.float64) * (1 - alpha) + 0.5)
    return comp.clip(0, 255).astype(np.uint8)


def _rgba(im) -> np.ndarray:
    """H×W×4 float64 in 0…255 from any Pillow mode (16-bit and float greys scaled to 8 bits)."""
    if im.mode in ("I", "F") or im.mode.startswith("I;16"):
        grey = np.asarray(im, dtype=np.float64)
        top = grey.max(initial=0.0)
        grey = grey / 257.0 if top > 255 else grey * 255.0 if im.mode == "F" and top <= 1 else grey
        grey = grey.clip(0, 255)
        return np.dstack([grey, grey, grey, np.full_like(grey, 255.0)])
    return np.asarray(im.convert("RGBA"), dtype=np.float64)


def to_channels(rgb: np.ndarray, C: int) -> torch.Tensor:
    """H×W×3 uint8 → [C, H, W] uint8; grey is Rec. 601 luma, as the card's rule."""
    if C == 1:
        grey = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
        return torch.from_numpy(np.floor(grey + 0.5).clip(0, 255).astype(np.uint8)[None])
    return torch.from_numpy(np.ascontiguousarray(rgb.transpose(2, 0, 1)))


def is_grey(rgb: np.ndarray) -> bool:
    return bool((rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all())


def resized(rgb: np.ndarray, h: int, w: int) -> np.ndarray:
    from PIL import Image
    if rgb.shape[:2] == (h, w):
        return rgb
    return np.asarray(Image.fromarray(rgb).resize((w, h), Image.LANCZOS))


def covering(rgb: np.ndarray, size: int) -> np.ndarray:
    """The image scaled up, aspect kept, until both sides are at least `size` (unchanged if they are)."""
    h, w = rgb.shape[:2]
    scale = size / min(h, w)
    if scale <= 1:
        return rgb
    return resized(rgb, max(size, math.ceil(h * scale)), max(size, math.ceil(w * scale)))


def held_out(names: list[str]) -> set[str]:
    """The validation images: the ceil(10 %) whose sha1(relative path) is smallest."""
    n = max(1, math.ceil(VALIDATION_SHARE * len(names)))
    return set(sorted(names, key=lambda f: hashlib.sha1(f.encode("utf-8")).hexdigest())[:n])


def load_image_folder(folder: str, size: int, K: int, C: int | None, background, examples: str = "crop",
                      on_skip: Callable[[str, str], None] | None = None) -> DataSet:
    """The folder as a DataSet (its test split is empty; the user's folder has no test set).
    `C` None = grey if every readable image is grey. `on_skip(file, reason)` hears each skipped file."""
    if examples not in EXAMPLE_MODES:
        raise SystemExit(f"--examples must be one of {', '.join(EXAMPLE_MODES)}, not {examples!r}")
    if not os.path.isdir(folder):
        raise SystemExit(f"--data-dir {folder}: no such folder")
    files = image_files(folder)
    if not files:
        raise SystemExit(f"--data-dir {folder}: no images (looked for {', '.join(IMAGE_EXTENSIONS)} files, "
                         "subfolders included)")
    images, skipped = {}, {}
    for f in files:
        try:
            images[f] = read_image(os.path.join(folder, f), background)
        except Unreadable as e:
            skipped[f] = str(e)
            if on_skip:
                on_skip(f, str(e))
    if len(images) < MIN_IMAGES:
        raise SystemExit(f"--data-dir {folder}: {len(images)} readable image(s)"
                         + (f" ({len(skipped)} skipped)" if skipped else "")
                         + f"; at least {MIN_IMAGES} are needed to hold one out for validation")
    if C is None:
        C = 1 if all(is_grey(im) for im in images.values()) else 3
    val_names = held_out(list(images))
    train_names = [f for f in images if f not in val_names]
    val_names = sorted(val_names)
    if examples == "resize":
        def stacked(names):
            return torch.stack([to_channels(resized(images[f], size, size), C) for f in names])
        train, val = Split(stacked(train_names), K), Split(stacked(val_names), K)
    else:
        train = CropSplit([to_channels(covering(images[f], size), C) for f in train_names], size, K)
        val = Split(fixed_crops([to_channels(covering(images[f], size), C) for f in val_names], size), K)
    info = {
        "name": os.path.basename(os.path.abspath(folder)),
        "source": os.path.abspath(folder),
        "licence": "the user's",
        "attribution": "the user's",
        "images": len(images),
        "skipped": len(skipped),
        "validationImages": len(val_names),
        "files": files_digest(images),
        "split": (f"{len(images)} readable images of the folder ({len(skipped)} skipped), composited on "
                  f"{list(background)}, {'grey (Rec. 601 luma)' if C == 1 else 'RGB'}, linear quantisation K={K}; "
                  + ("random crops at " if examples == "crop" else "whole images resized to ") + f"{size}×{size}; "
                  f"validation = the {len(val_names)} image(s) with the smallest sha1(relative path) "
                  f"(ceil 10 %), {len(val)} fixed examples; training {len(train_names)} images"),
    }
    empty = Split(torch.zeros((0, C, size, size), dtype=torch.uint8), K)
    return DataSet(train, val, empty, C=C, K=K, H=size, W=size, background=list(background), info=info)


def fixed_crops(images: list, size: int) -> torch.Tensor:
    """Validation examples: crops at positions drawn once from a seeded generator."""
    per_image = max(1, min(16, math.ceil(VALIDATION_CROPS / len(images))))
    g = torch.Generator().manual_seed(VALIDATION_SEED)
    return torch.stack([random_crop(img, size, g) for img in images for _ in range(per_image)])


def files_digest(images: dict) -> str:
    """sha1 over the readable files' names and pixels: a resume checks it is training on the same images."""
    h = hashlib.sha1()
    for name in sorted(images):
        h.update(name.encode("utf-8"))
        h.update(np.ascontiguousarray(images[name]).tobytes())
    return h.hexdigest()
