#!/usr/bin/env bash
# The main job, end to end, set-up first: process a person's video into a dataset, train a short CPU model on it, and
# lip-sync new speech with it. Uses ../shared/media when present, else the files you name:
#   scripts/demo.sh [VIDEO [AUDIO]]      (EPOCHS=N to train longer; the default is a quick 2-epoch demo)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
video=${1:-../shared/media/obama_20s.mp4}
audio=${2:-../shared/media/speech_20s.wav}
for f in "$video" "$audio"; do
  [ -f "$f" ] || { echo "demo: $f not found; run scripts/demo.sh YOUR_VIDEO.mp4 YOUR_SPEECH.wav" >&2; exit 1; }
done
name=$(basename "${video%.*}")
out=artifacts/demo/$name
./atsync process "$video" --asr mel --out "$out/dataset"
./atsync train --dataset_dir "$out/dataset" --save_dir "$out/model" --epochs "${EPOCHS:-2}" --batchsize 8 --lr 0.001 --asr mel
./atsync infer --input_video "$video" --input_audio "$audio" --model_path "$out/model/best_digital_model_0.pth" \
  --output_path "$out/result.mp4"
echo "demo: result $out/result.mp4, report $out/result.mp4.report.json, dataset $out/dataset, model $out/model"
