#!/usr/bin/env bash
# The main job, end to end, set-up first. For now: `atsync process` on a sample clip (training and inference join
# this script as they land). Uses ../shared/media when present, else the video you name:
#   scripts/demo.sh [VIDEO]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
video=${1:-../shared/media/obama_20s.mp4}
if [ ! -f "$video" ]; then
  echo "demo: $video not found; run scripts/demo.sh YOUR_VIDEO.mp4" >&2
  exit 1
fi
out=artifacts/demo/$(basename "${video%.*}")
./atsync process "$video" --asr mel --out "$out"
echo "demo: dataset in $out (see $out/dataset.json)"
