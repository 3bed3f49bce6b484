"""The fine-tune study's image choice: fixed by the package's contents, held-out and training disjoint."""
import json
import os

import numpy as np
import pytest
from PIL import Image

from models.training import finetune_study


def fake_twemoji(root, count):
    img = os.path.join(root, "img", "twitter", "64")
    os.makedirs(img)
    meta = []
    for i in range(count):
        name = f"{i:04x}.png"
        Image.fromarray(np.full((4, 4, 4), i % 256, np.uint8), "RGBA").save(os.path.join(img, name))
        meta.append({"unified": f"{i:04X}", "image": name, "has_img_twitter": i != 3})  # one without a drawing
    meta.append({"unified": "FFFF", "image": "missing.png", "has_img_twitter": True})   # a file the package lacks
    json.dump(meta, open(os.path.join(root, "emoji.json"), "w"))
    return root


def test_prepare_holds_out_a_fixed_disjoint_set(tmp_path):
    tw = fake_twemoji(str(tmp_path / "tw"), 260)
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    finetune_study.prepare(tw, a)
    finetune_study.prepare(tw, b)
    chosen = json.load(open(os.path.join(a, "images.json")))
    assert chosen == json.load(open(os.path.join(b, "images.json")))     # the same choice every time
    held, train = set(chosen["held-out"]), set(chosen["train"])
    assert len(held) == 40 and len(train) == 200 and not held & train
    assert "0003" not in held | train and "FFFF" not in held | train
    assert sorted(os.listdir(os.path.join(a, "held-out"))) == sorted(f"{u}.png" for u in held)


def test_prepare_refuses_a_package_with_too_few_drawings(tmp_path):
    with pytest.raises(SystemExit, match="the study needs 240"):
        finetune_study.prepare(fake_twemoji(str(tmp_path / "tw"), 100), str(tmp_path / "s"))
