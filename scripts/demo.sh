#!/usr/bin/env bash
# The main job, end to end, set-up first: process a person's video into a dataset, train the CPU profile on it under a
# wall-time budget, lip-sync new speech with it, and show the result: result.mp4, a side-by-side video (source | lip-
# synced) and the held-out evaluation's contact sheet. Uses ../shared/media when present, else the files you name:
#   scripts/demo.sh [VIDEO [AUDIO]]      (MINUTES=N trains longer; the default budget is 10 minutes)
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
rm -rf "$out/model"
./atsync process "$video" --asr mel --out "$out/dataset"
# The last 20 % of the video is held out, so the evaluation below scores frames the model never saw.
./atsync train --dataset_dir "$out/dataset" --save_dir "$out/model" --epochs 1000 --batchsize 8 --lr 0.001 --asr mel \
  --profile cpu --holdout_tail 0.2 --max_minutes "${MINUTES:-10}"
./atsync infer --input_video "$video" --input_audio "$audio" --model_path "$out/model/best_digital_model_0.pth" \
  --output_path "$out/result.mp4"
./atsync eval --dataset_dir "$out/dataset" --model_path "$out/model/best_digital_model_0.pth" \
  --output "$out/eval_report.json" --contact_sheet "$out/eval_sheet.png"
# Source | lip-synced, side by side, with the new audio (the source is looped like the render does, then cut to it).
ffmpeg -y -v error -stream_loop -1 -i "$video" -i "$out/result.mp4" \
  -filter_complex "[0:v]fps=25,scale=-2:480,setsar=1[a];[1:v]scale=-2:480,setsar=1[b];[a][b]hstack=inputs=2,format=yuv420p[v]" \
  -map "[v]" -map 1:a -c:v libx264 -preset veryfast -crf 20 -c:a aac -shortest "$out/side_by_side.mp4"
echo "demo: result $out/result.mp4 (report $out/result.mp4.report.json), side by side $out/side_by_side.mp4,"
echo "demo: held-out evaluation $out/eval_report.json with its contact sheet $out/eval_sheet.png, model $out/model"
