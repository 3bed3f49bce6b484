"""Folder data sets (`train --data-dir`): mixed sizes and modes, crops or resized images, skipped
files, the validation split and the refusals."""
import os

import numpy as np
import pytest
import torch
from PIL import Image

from models.training import folder_data
from models.training.folder_data import MIN_IMAGES, held_out, load_image_folder, read_image

WHITE = [255, 255, 255]


def save(folder, name, array, mode=None, **kw):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(array, mode).save(path, **kw)
    return path


def mixed_folder(root):
    """RGB photos of three sizes, a grey JPEG in a subfolder, an RGBA WebP, a two-frame GIF, a
    16-bit grey PNG, a damaged PNG and a text file."""
    folder = os.path.join(root, "mixed")
    rng = np.random.default_rng(0)
    for i, (h, w) in enumerate([(12, 20), (40, 9), (16, 16)]):
        save(folder, f"photo{i}.png", rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
    save(folder, "sub/grey.jpg", np.full((10, 14), 77, np.uint8), quality=100)
    rgba = np.zeros((10, 10, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 128  # half-transparent red
    save(folder, "alpha.webp", rgba, "RGBA", lossless=True)
    frames = [Image.fromarray(np.full((10, 10, 3), v, np.uint8)) for v in (30, 220)]
    frames[0].save(os.path.join(folder, "anim.gif"), save_all=True, append_images=frames[1:])
    Image.fromarray(np.full((9, 9), 65535 // 2, np.uint16)).save(os.path.join(folder, "deep.png"))
    with open(os.path.join(folder, "broken.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n not really")
    with open(os.path.join(folder, "notes.txt"), "w") as f:
        f.write("not an image")
    return folder


def test_every_readable_image_of_any_size_and_mode_becomes_examples_and_a_damaged_one_is_skipped(tmp_path):
    skipped = []
    ds = load_image_folder(mixed_folder(str(tmp_path)), 8, 4, None, WHITE, "crop", lambda f, why: skipped.append((f, why)))
    assert [f for f, _ in skipped] == ["broken.png"] and "not a readable image" in skipped[0][1]
    assert ds.info["images"] == 7 and ds.info["skipped"] == 1 and ds.info["licence"] == "the user's"
    assert (ds.C, ds.K, ds.H, ds.W) == (3, 4, 8, 8)  # not every image is grey: RGB
    assert len(ds.train) + ds.info["validationImages"] == 7 and ds.info["validationImages"] == 1
    g = torch.Generator().manual_seed(0)
    batch = ds.train.levels(torch.arange(len(ds.train)), g)
    assert batch.shape == (len(ds.train), 3, 8, 8) and batch.min() >= 0 and batch.max() <= 3
    assert len(ds.val) > 1 and ds.val.data.shape[1:] == (3, 8, 8)  # fixed validation crops


def test_alpha_is_composited_on_the_background_and_other_modes_are_read_as_they_look(tmp_path):
    folder = mixed_folder(str(tmp_path))
    red = read_image(os.path.join(folder, "alpha.webp"), WHITE)[0, 0]
    # floor(rgb·a + 255·(1−a) + 0.5) with a = 128/255
    assert red.tolist() == [int(np.floor(c * 128 / 255 + 255 * (1 - 128 / 255) + 0.5)) for c in (200, 0, 0)]
    assert read_image(os.path.join(folder, "alpha.webp"), [0, 0, 0])[0, 0].tolist() == [100, 0, 0]
    assert read_image(os.path.join(folder, "anim.gif"), WHITE)[0, 0].tolist() == [30] * 3  # the first frame
    assert read_image(os.path.join(folder, "sub", "grey.jpg"), WHITE)[0, 0].tolist() == [77] * 3
    assert read_image(os.path.join(folder, "deep.png"), WHITE)[0, 0].tolist() == [127] * 3  # 16 bits scaled


def test_crops_are_fresh_each_draw_and_resize_gives_whole_images(tmp_path):
    folder = os.path.join(str(tmp_path), "ramps")
    ramp = np.tile(np.arange(64, dtype=np.uint8)[None, :, None] * 4, (16, 1, 3))  # 16×64, left to right
    for i in range(5):
        save(folder, f"ramp{i}.png", ramp)
    crops = load_image_folder(folder, 8, 256, None, WHITE, "crop")
    resized = load_image_folder(folder, 8, 256, None, WHITE, "resize")
    assert crops.C == 1 and resized.C == 1  # every image grey: one channel
    g = torch.Generator().manual_seed(0)
    one = crops.train.levels(torch.zeros(20, dtype=torch.long), g)
    lefts = {int(c[0, 0, 0]) // 4 for c in one}
    assert len(lefts) > 5 and all(0 <= x <= 64 - 8 for x in lefts)  # crops at native scale, many positions
    assert all(torch.equal(c[0, 0], torch.arange(x, x + 8) * 4) for c, x in zip(one, (int(c[0, 0, 0]) // 4 for c in one)))
    whole = resized.train.levels(torch.zeros(1, dtype=torch.long))[0, 0]
    assert whole.shape == (8, 8) and whole[0, 0] < 20 and whole[0, -1] > 230  # the whole ramp, squeezed
    small = load_image_folder(folder, 32, 256, None, WHITE, "crop")  # 16 high: scaled up to cover 32
    assert small.train.levels(torch.zeros(2, dtype=torch.long), g).shape == (2, 1, 32, 32)


def test_the_base_models_channels_and_levels_win(tmp_path):
    folder = mixed_folder(str(tmp_path))
    grey = load_image_folder(folder, 8, 2, 1, WHITE, "resize")
    assert grey.C == 1 and set(grey.train.levels(torch.arange(len(grey.train))).unique().tolist()) <= {0, 1}
    grey_only = os.path.join(str(tmp_path), "greys")
    for i in range(4):
        save(grey_only, f"g{i}.png", np.full((8, 8), 40 * i, np.uint8))
    assert load_image_folder(grey_only, 8, 4, 3, WHITE, "resize").C == 3  # an RGB base takes grey images too


def test_the_validation_split_depends_only_on_the_names():
    names = [f"img{i}.png" for i in range(25)]
    val = held_out(names)
    assert len(val) == 3 and held_out(list(reversed(names))) == val  # ceil(10 %), not the listing order
    assert held_out(names + ["another.png"]) <= val | {"another.png"}  # a new file moves at most one out


def test_huge_files_are_skipped_and_counted(tmp_path, monkeypatch):
    folder = os.path.join(str(tmp_path), "huge")
    for i in range(4):
        save(folder, f"small{i}.png", np.zeros((8, 8, 3), np.uint8))
    save(folder, "big.png", np.zeros((40, 40, 3), np.uint8))
    monkeypatch.setattr(folder_data, "MAX_PIXELS", 1000)
    skipped = []
    ds = load_image_folder(folder, 8, 4, None, WHITE, "crop", lambda f, why: skipped.append((f, why)))
    assert skipped == [("big.png", "huge: 40×40 pixels (more than 0.001 million)")] and ds.info["images"] == 4


def test_an_empty_folder_or_too_few_images_is_refused_with_the_minimum(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no images here")
    with pytest.raises(SystemExit, match="no images"):
        load_image_folder(str(empty), 8, 4, None, WHITE)
    few = os.path.join(str(tmp_path), "few")
    for i in range(MIN_IMAGES - 1):
        save(few, f"i{i}.png", np.zeros((8, 8, 3), np.uint8))
    with open(os.path.join(few, "bad.jpg"), "wb") as f:
        f.write(b"garbage")
    with pytest.raises(SystemExit, match=f"{MIN_IMAGES - 1} readable image\\(s\\) \\(1 skipped\\); at least {MIN_IMAGES}"):
        load_image_folder(few, 8, 4, None, WHITE)
    with pytest.raises(SystemExit, match="no such folder"):
        load_image_folder(str(tmp_path / "missing"), 8, 4, None, WHITE)
