#!/usr/bin/env bash
# The CPU profile's speed on this machine (issue 13): `atsync infer` end to end (20 s of speech onto obama_20s, the
# whole command) with the torch engine, the float ONNX export and the int8 export, plus each export's model-only
# benchmark and the int8 export's PSNR against float. Writes bench/cpu_profile-<avx512|avx2>.md.
#   bench/cpu_profile.sh                      (processes obama_20s and trains the CPU profile for TRAIN_MINUTES, 10)
#   MODEL=path/best_digital_model_0.pth DATASET=path/dataset bench/cpu_profile.sh   (an existing CPU-profile model)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
out=artifacts/cpu_profile
mkdir -p "$out"
media=../shared/media
dataset=${DATASET:-$out/dataset}
model=${MODEL:-}
if [ -z "$model" ]; then
  [ -f "$dataset/dataset.json" ] || ./atsync process "$media/obama_20s.mp4" --asr mel --out "$dataset" >"$out/process.log" 2>&1
  ./atsync train --dataset_dir "$dataset" --save_dir "$out/model" --epochs 100000 --batchsize 8 --lr 0.001 --asr mel \
    --holdout_tail 0.2 --profile cpu --max_minutes "${TRAIN_MINUTES:-10}" >"$out/train.log" 2>&1
  model=$out/model/best_digital_model_0.pth
fi
kind=$(grep -q -w avx512f /proc/cpuinfo && echo avx512 || echo avx2)
flags=$(grep -o -w -E 'avx512[a-z_0-9]*|avx2|avx_vnni|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' ')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
rm -rf "$out/float" "$out/int8"
./atsync export-onnx --model_path "$model" --output "$out/float/model.onnx" --benchmark 8 >"$out/export-float.log" 2>&1
int8_rc=0
./atsync export-onnx --model_path "$model" --output "$out/int8/model.onnx" --quantize int8 --calibration_dataset "$dataset" \
  --benchmark 8 >"$out/export-int8.log" 2>&1 || int8_rc=$?
rows=()
for variant in torch float int8; do
  case $variant in
    torch) path=$model ;;
    *) path=$out/$variant/model.onnx ;;
  esac
  [ -f "$path" ] || { rows+=("| $variant | (no model: export exit $int8_rc) | | |"); continue; }
  start=$(date +%s.%N)
  ./atsync infer --input_video "$media/obama_20s.mp4" --input_audio "$media/speech_20s.wav" --model_path "$path" \
    --output_path "$out/infer-$variant.mp4" >"$out/infer-$variant.log" 2>&1
  end=$(date +%s.%N)
  frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$out/infer-$variant.mp4")
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  fps=$(awk -v f="$frames" -v w="$wall" 'BEGIN { printf "%.1f", f / w }')
  rt=$(awk -v f="$frames" -v w="$wall" 'BEGIN { printf "%.2f", f / 25 / w }')
  rows+=("| $variant | $frames frames in $wall s: $fps frames/s | ${rt}x real time | \`./atsync infer --input_video $media/obama_20s.mp4 --input_audio $media/speech_20s.wav --model_path $path --output_path $out/infer-$variant.mp4\` |")
done
{
  echo "# CPU profile speed on $kind ($(date -u '+%Y-%m-%d %H:%M UTC'), bench/cpu_profile.sh)"
  echo
  echo "Machine: $cpu, $(nproc) cores; CPU flags: $flags. Model: $model."
  echo
  echo "| engine | \`atsync infer\` end to end (20 s of speech, whole command) | vs real time (25 fps) | command |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Model-only figures (\`export-onnx --benchmark 8\`, 2 threads):"
  echo
  echo '```'
  grep -h -E "onnxruntime|torchsharp|verify|wrote" "$out/export-float.log" "$out/export-int8.log" || true
  echo '```'
} >"bench/cpu_profile-$kind.md"
cat "bench/cpu_profile-$kind.md"
