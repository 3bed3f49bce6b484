"""Extra training images (Twemoji) join the training split only, by their key's split."""
import numpy as np
import pytest

from models.training import data
from models.training.data import _assemble, _hash_split


def keyed(split, count, value):
    keys = [f"k{i}" for i in range(1000) if _hash_split(f"k{i}") == split][:count]
    return [(k, np.full((4, 4, 3), value, np.uint8)) for k in keys]


def test_extra_images_train_only_when_their_key_trains():
    items = keyed("train", 5, 0) + keyed("val", 2, 0) + keyed("test", 3, 0)
    extra = keyed("train", 4, 200) + keyed("val", 2, 200) + keyed("test", 3, 200)
    plain = _assemble(items, 2, 3, 4, [255] * 3, {}, "note")
    ds = _assemble(items, 2, 3, 4, [255] * 3, {}, "note", extra)
    assert (len(ds.train), len(ds.val), len(ds.test)) == (9, 2, 3)
    for name in ("val", "test"):  # held-out splits are unchanged: no drawing of a held-out key
        assert np.array_equal(getattr(ds, name).data.numpy(), getattr(plain, name).data.numpy())
    assert int((ds.train.data.flatten(1) == 200).all(1).sum()) == 4
    assert "adds 4 extra images" in ds.info["split"]


def test_twemoji_without_its_package_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "TWEMOJI_DIR", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match="npm install --no-save emoji-datasource-twitter@16.0.0"):
        data.load_emoji(twemoji=True)


def test_twemoji_needs_the_emoji_data():
    with pytest.raises(SystemExit, match="needs --data emoji"):
        data.load("mnist", None, None, twemoji=True)
