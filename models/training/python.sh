#!/bin/sh
# npm run train|evaluate -- ARGS: run `python -m models.training` with the first Python that imports
# torch and onnx, trying $PYTHON (if set), python3 on PATH, /usr/bin/python3 (Debian's python3-torch), python.
for py in "$PYTHON" python3 /usr/bin/python3 python; do
  [ -n "$py" ] || continue
  if "$py" -c "import torch, onnx" >/dev/null 2>&1; then
    exec "$py" -m models.training "$@"
  fi
done
echo "no Python with torch and onnx found; set PYTHON=/path/to/python3 (Debian: apt-get install python3-torch python3-onnx)" >&2
exit 1
