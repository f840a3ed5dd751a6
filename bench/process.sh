#!/usr/bin/env bash
# Benchmark: `atsync process` on obama_20s.mp4 (20.0 s, 450x450, 25 fps) with mel features and the default face
# pipeline (Haar + our dlib 68-point predictor). Target (issue 2): >= 4x real time, i.e. <= 5.0 s wall clock.
# Prints one markdown table row: benchmark | figure | target | command.
set -euo pipefail
cd "$(dirname "$0")/.."
video=../shared/media/obama_20s.mp4
[ -f "$video" ] || { echo "bench/process.sh: $video absent; skipped" >&2; exit 0; }
out=artifacts/bench/process-obama
runs=3
best=
for i in $(seq $runs); do
  start=$(date +%s.%N)
  ./atsync process "$video" --asr mel --out "$out" >/dev/null 2>&1
  end=$(date +%s.%N)
  best=$(awk -v s="$start" -v e="$end" -v b="$best" 'BEGIN { t = e - s; if (b == "" || t < b) b = t; printf "%.3f", b }')
done
speed=$(awk -v b="$best" 'BEGIN { printf "%.2f", 20.0 / b }')
printf '| process obama_20s.mp4 (mel, Haar + dlib68) | %.2f s wall, %.1fx real time (best of %d) | <= 5.0 s (>= 4x real time) | - | `./atsync process %s --asr mel --out %s` |\n' \
  "$best" "$speed" "$runs" "$video" "$out"
