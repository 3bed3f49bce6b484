#!/bin/sh
# export_when_done.sh PID RUN ID TITLE DATA: wait for the training process PID to end, then export
# RUN's best.pt into RUN/export/ID (a staging folder, git-ignored) and evaluate it there.
# Ship it by copying RUN/export/ID/* to models/ID/ after checking its eval.json.
pid=$1 run=$2 id=$3 title=$4 data=$5
py=${PYTHON:-/usr/bin/python3}
cd "$(dirname "$0")/../.." || exit 1
while kill -0 "$pid" 2>/dev/null; do sleep 60; done
"$py" -m models.training export --run "$run" --id "$id" --title "$title" --models-dir "$run/export" &&
"$py" -m models.training evaluate --model "$run/export/$id" --data "$data" --ensemble-images 8 --orderings 4 --threads 1
echo "export_when_done finished rc=$?"
