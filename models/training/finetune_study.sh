#!/bin/sh
# Fine-tunes emoji-64 for 10 minutes on 200 Twemoji drawings and measures it on 40 others, before and
# after (docs/training.md, "Fine-tuning on another style"). One command, from the repository root:
#   TWEMOJI=DIR models/training/finetune_study.sh
# DIR holds the npm package emoji-datasource-twitter@16.0.0 (emoji.json, img/twitter/64), e.g.
#   (cd /tmp && npm pack emoji-datasource-twitter@16.0.0 && tar xzf emoji-datasource-twitter-16.0.0.tgz)
#   TWEMOJI=/tmp/package
# Writes docs/finetune-twemoji.json and docs/finetune-twemoji.png; the run, both evaluations and the
# fine-tuned model stay in models/training/runs/finetune-twemoji (git-ignored).
set -eu
cd "$(dirname "$0")/../.."
TWEMOJI=${TWEMOJI:-node_modules/emoji-datasource-twitter}
MINUTES=${MINUTES:-10}
STUDY=models/training/runs/finetune-twemoji
PY=${PYTHON:-/usr/bin/python3}
EVAL="--split all --draws 2 --ensemble-images 0 --sheet-images 0 --threads 2 --no-card"
start=$(date +%s)
rm -rf "$STUDY" && mkdir -p "$STUDY"
"$PY" -m models.training.finetune_study prepare "$TWEMOJI" "$STUDY"
mkdir -p "$STUDY/before" && cp -r models/emoji-64 "$STUDY/before/emoji-64"   # the CLI wants id = folder name
"$PY" -m models.training evaluate --model "$STUDY/before/emoji-64" --data "$STUDY/held-out" $EVAL
TRAIN="train --data-dir $STUDY/train --base emoji-64 --minutes $MINUTES --batch 8 --flip --hole-frac 0.5 \
--val-every-minutes 2 --sheet-every 0 --threads 2 --out $STUDY/run --model-out $STUDY/after/emoji-64-twemoji \
--title emoji-64-fine-tuned-on-200-Twemoji-drawings"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s)
"$PY" -m models.training $TRAIN | tee "$STUDY/train.log"
t1=$(date +%s)
val0=$(sed -n 's/^validation at step 0: \([0-9.]*\) nats.*/\1/p' "$STUDY/train.log")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# the weights the run ended with (its own export is the best validation: the base when none beat it)
"$PY" -m models.training export --run "$STUDY/run" --which last --id emoji-64-twemoji --models-dir "$STUDY/last" \
  --title "emoji-64 after $MINUTES minutes on 200 Twemoji drawings (last weights)" --time-runs 0
"$PY" -m models.training evaluate --model "$STUDY/last/emoji-64-twemoji" --data "$STUDY/held-out" $EVAL
"$PY" - "$STUDY/timing.json" "python3 -m models.training $TRAIN" $((t1 - t0)) $(($(date +%s) - start)) \
  "$load_before" "$load_after" "$val0" <<'PYEOF'
import json, sys
out, cmd, train_s, all_s, lb, la, val0 = sys.argv[1:]
json.dump({"trainCommand": cmd, "trainWallSeconds": int(train_s), "allWallSeconds": int(all_s),
           "loadBefore": [float(v) for v in lb.split()], "loadAfter": [float(v) for v in la.split()],
           "validationStep0Nats": float(val0) if val0 else None, "stopped": None},
          open(out, "w"))
PYEOF
"$PY" -m models.training.finetune_study sheet "$STUDY" docs/finetune-twemoji.png
"$PY" -m models.training.finetune_study report "$STUDY" docs/finetune-twemoji.json
