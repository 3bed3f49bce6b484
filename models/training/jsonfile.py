"""Write JSON files atomically: a crash or a bad value never leaves a half-written card or result."""
from __future__ import annotations

import json
import os


def write_json_atomic(path: str, obj: object, indent: int = 2) -> None:
    """Serialise first (a value JSON can't hold raises before any file is touched), then temp file + rename."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
