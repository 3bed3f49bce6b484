"""`write_json_atomic`: a value JSON can't hold leaves the old file as it was, and no temp file behind."""
import json
import os

import pytest

from models.training.jsonfile import write_json_atomic


def test_writes_utf8_json_with_a_final_newline(tmp_path):
    path = str(tmp_path / "card.json")
    write_json_atomic(path, {"title": "Noto emoji, 64×64"})
    text = open(path, encoding="utf-8").read()
    assert text.endswith("}\n") and "64×64" in text
    assert json.loads(text) == {"title": "Noto emoji, 64×64"}


def test_a_bad_value_changes_nothing(tmp_path):
    path = str(tmp_path / "eval.json")
    write_json_atomic(path, {"nll": 85.2})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"nll": object()})
    assert json.load(open(path)) == {"nll": 85.2}
    assert os.listdir(tmp_path) == ["eval.json"]
