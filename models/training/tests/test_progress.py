"""The JSON-lines progress protocol (`train --progress jsonl`): every stdout line is one message
of a known type with its fields, in the documented order; failures are `error` lines."""
import json
import os

import numpy as np
import pytest
from PIL import Image

from models.training.__main__ import main
from models.training.progress import KINDS, PROTOCOL

NUM, INT, STR, BOOL = (int, float), int, str, bool
OPT_NUM, OPT_INT, OPT_STR = (int, float, type(None)), (int, type(None)), (str, type(None))
FIELDS = {
    "start": {"protocol": INT, "device": STR, "hardware": STR, "processes": INT, "run": STR, "examples": INT,
              "validation": INT, "validationExamples": INT, "skipped": INT, "exampleMode": OPT_STR, "size": list,
              "channels": INT, "levels": INT, "base": OPT_STR, "parameters": INT, "steps": OPT_INT,
              "minutes": OPT_NUM, "resumedFrom": OPT_INT},
    "step": {"step": INT, "loss": NUM, "lossNats": NUM, "lr": NUM, "stepsPerSecond": NUM, "elapsed": NUM, "eta": NUM},
    "validation": {"step": INT, "nll": NUM, "nllNats": NUM, "best": NUM},
    "checkpoint": {"path": STR, "best": BOOL, "step": INT},
    "sheet": {"path": STR, "step": INT},
    "skipped": {"file": STR, "reason": STR},
    "note": {"message": STR},
    "done": {"model": OPT_STR, "run": STR, "steps": INT, "best": OPT_NUM, "base": OPT_NUM},
    "cancelled": {"step": INT, "checkpoint": STR, "best": OPT_STR, "reason": STR},
    "error": {"message": STR},
}


def parse(stdout: str) -> list[dict]:
    """Every line one message whose fields have the documented types (and no others)."""
    messages = [json.loads(line) for line in stdout.splitlines()]
    for m in messages:
        assert m["type"] in KINDS, m
        want = FIELDS[m["type"]]
        assert set(m) == {"type", *want}, (m["type"], set(m) ^ {"type", *want})
        for k, t in want.items():
            assert isinstance(m[k], t) and not (t in (INT, OPT_INT) and isinstance(m[k], bool)), (m["type"], k, m[k])
    return messages


def user_folder(root, n=6, size=12):
    folder = os.path.join(root, "art")
    os.makedirs(folder)
    rng = np.random.default_rng(1)
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (size + i, size, 3), dtype=np.uint8)).save(os.path.join(folder, f"a{i}.png"))
    with open(os.path.join(folder, "broken.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
    return folder


def tiny_run(tmp_path, out, steps, *extra):
    return ["train", "--data-dir", user_folder(str(tmp_path)) if not (tmp_path / "art").exists() else str(tmp_path / "art"),
            "--size", "8", "--levels", "4", "--net-size", "tiny", "--batch", "4", "--lr", "1e-2", "--warmup", "1",
            "--steps", str(steps), "--val-every", "2", "--val-images", "8", "--device", "cpu", "--threads", "1",
            "--report-every", "0", "--out", str(out), "--progress", "jsonl", *extra]


def test_every_line_of_a_tiny_run_is_a_typed_message_in_order(tmp_path, capsys):
    model = tmp_path / "models" / "my-art"
    main(tiny_run(tmp_path, tmp_path / "run", 4, "--model-out", str(model)))
    out = capsys.readouterr()
    msgs = parse(out.out)
    kinds = [m["type"] for m in msgs]
    assert kinds[0] == "start" and kinds[-1] == "done" and kinds[1] == "skipped"
    start = msgs[0]
    assert start["protocol"] == PROTOCOL and start["device"] == "cpu" and start["processes"] == 1
    assert (start["examples"], start["validation"], start["skipped"]) == (5, 1, 1) and start["exampleMode"] == "crop"
    assert msgs[1]["file"] == "broken.png"
    assert [m["step"] for m in msgs if m["type"] == "step"] == [1, 2, 3, 4]
    assert [m["step"] for m in msgs if m["type"] == "validation"] == [2, 4]
    assert any(m["type"] == "checkpoint" and m["best"] and m["path"].endswith("best.pt") for m in msgs)
    done = msgs[-1]
    assert done["model"] == str(model) and os.path.isfile(model / "model.onnx") and done["steps"] == 4
    assert done["best"] == min(m["nll"] for m in msgs if m["type"] == "validation")
    assert "wrote" in out.err  # the export's own lines go to stderr: stdout is the protocol's


def test_a_refused_run_ends_with_an_error_line(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    args = tiny_run(tmp_path, tmp_path / "run", 2)
    args[args.index("--data-dir") + 1] = str(empty)
    with pytest.raises(SystemExit, match="no images"):
        main(args)
    msgs = parse(capsys.readouterr().out)
    assert [m["type"] for m in msgs] == ["error"] and "no images" in msgs[0]["message"]


def test_text_progress_keeps_stdout_human(tmp_path, capsys):
    main([a for a in tiny_run(tmp_path, tmp_path / "run", 2) if a not in ("--progress", "jsonl")])
    out = capsys.readouterr().out
    assert out.startswith("data: 5 training / 1 validation images (crops), 1 skipped") and "skipped broken.png" in out
    assert "done: 2 steps" in out and not out.lstrip().startswith("{")


def test_a_sample_sheet_of_the_current_weights_is_reported_without_node(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # as in the installed app: no node, no tsx
    main(tiny_run(tmp_path, tmp_path / "run", 1, "--sheet-every", "1e-6", "--sheet-images", "1", "--sheet-chains", "1",
                  "--sheet-steps", "2"))
    msgs = parse(capsys.readouterr().out)
    sheets = [m for m in msgs if m["type"] == "sheet"]
    assert [m["step"] for m in sheets] == [1] and not [m for m in msgs if m["type"] == "note"]
    assert sheets[0]["path"] == str(tmp_path / "run" / "sheets" / "step-0000001.png")
    with Image.open(sheets[0]["path"]) as png:  # 1 row: original, then per hole the hole and 1 chain
        assert png.size == (5 * 12 * 16, 12 * 16)
