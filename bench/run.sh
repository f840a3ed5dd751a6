#!/usr/bin/env bash
# Runs every benchmark on this machine and rewrites bench/results.md (machine, date, command, figure, target, ratio to
# the reference design where there is one). The reference design's figures are measured in the same run with Debian's
# python3-torch (bench/reference/reference_unet.py), never copied from an earlier run. Areas' own scripts
# (bench/process.sh, bench/eval.sh, and bench/worker.sh / bench/functions.sh when present) print table rows it collects.
#   bench/run.sh            (needs ../shared/media and ../shared/fixtures beside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
if ! dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q "install ok installed"; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
fi
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
shared=../shared
out=artifacts/bench
mkdir -p "$out"
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | \`$5\` |"); echo "bench: $1: $2" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# 1. atsync process (issue 2): obama_20s.mp4, mel, Haar + dlib68. Target <= 5.0 s (>= 4x real time).
process_row=$(bench/process.sh)
rows+=("$process_row")

# 2. Training speed (issue 3), hubert mode, batch 8, 2 threads, tcmalloc.
ref_train=$(LD_PRELOAD=$tcmalloc /usr/bin/python3 bench/reference/reference_unet.py train 8 5 | awk '{print $4}')
row "reference design, training step (model only, L1, Adam)" "$ref_train ms/sample" "baseline" "-" \
  "LD_PRELOAD=$tcmalloc /usr/bin/python3 bench/reference/reference_unet.py train 8 5"
for precision in fp32 bf16; do
  ours_train=$(./atsync model-info --asr hubert --benchmark 8 --precision $precision | awk '/^training:/ {gsub(/\(/,""); print $4}')
  row "ATSync training step (model only, L1 + SSIM, Adam), $precision" "$ours_train ms/sample" ">= 1.5x reference" \
    "$(ratio "$ref_train" "$ours_train") of reference" "./atsync model-info --asr hubert --benchmark 8 --precision $precision"
done
# Full loop including data: one epoch of `atsync train` on obama_20s processed with the HuBERT stand-in encoder.
./atsync process "$shared/media/obama_20s.mp4" --asr hubert --hubert_model "$shared/fixtures/hubert_like.onnx" \
  --out "$out/obama-hubert" >/dev/null 2>&1
rm -rf "$out/train-hubert"
./atsync train --dataset_dir "$out/obama-hubert" --save_dir "$out/train-hubert" --epochs 1 --batchsize 8 --asr hubert >/dev/null 2>&1
full=$(awk -F': ' '/"samples_per_second"/ {gsub(/,/,"",$2); printf "%.1f", 1000 / $2}' "$out/train-hubert/model_card.json")
row "ATSync \`atsync train\` full loop (data + model), 475 frames, --precision auto" "$full ms/sample" ">= 1.5x reference" \
  "$(ratio "$ref_train" "$full") of reference" \
  "./atsync train --dataset_dir $out/obama-hubert --save_dir $out/train-hubert --epochs 1 --batchsize 8 --asr hubert"

# 3. Inference, model only (issue 4 context): reference at batch 1, ours at batch 8 with both engines.
ref_infer=$(LD_PRELOAD=$tcmalloc /usr/bin/python3 bench/reference/reference_unet.py infer 1 20 | awk '{print $4}')
row "reference design, inference (model only, batch 1)" "$ref_infer ms/sample" "baseline" "-" \
  "LD_PRELOAD=$tcmalloc /usr/bin/python3 bench/reference/reference_unet.py infer 1 20"
onnx_bench=$(./atsync export-onnx --model_path "$shared/fixtures/ultralight_hubert.pth" --output "$out/hubert.onnx" --benchmark 8 --threads 2)
ort=$(echo "$onnx_bench" | awk '/^onnxruntime:/ {print $2}')
ts=$(echo "$onnx_bench" | awk '/^torchsharp:/ {print $2}')
row "ATSync inference, ONNX Runtime (batch 8, BN folded)" "$ort ms/sample" "-" "$(ratio "$ref_infer" "$ort") of reference" \
  "./atsync export-onnx --model_path $shared/fixtures/ultralight_hubert.pth --output $out/hubert.onnx --benchmark 8 --threads 2"
row "ATSync inference, TorchSharp (batch 8)" "$ts ms/sample" "-" "$(ratio "$ref_infer" "$ts") of reference" "(same command)"
# int8 (static QDQ, calibrated on the person's own frames): the bench model trained above, exported into a folder of
# its own; export-onnx copies its model card there (calibration dataset by default, and infer's asr + dataset reuse).
rm -rf "$out/int8"
int8=$(./atsync export-onnx --model_path "$out/train-hubert/best_digital_model_0.pth" --output "$out/int8/model_int8.onnx" \
  --quantize int8 --benchmark 8 --threads 2) || true
ort8=$(echo "$int8" | awk '/^onnxruntime-int8:/ {print $2}')
ort32=$(echo "$int8" | awk '/^onnxruntime:/ {print $2}')
psnr8=$(echo "$int8" | awk '/^verify:/ {print $10}')
row "ATSync inference, ONNX Runtime int8 (batch 8, 1-epoch bench model calibrated on the person's frames)" "${ort8:-failed} ms/sample (float ${ort32:-?} in the same run; PSNR vs float ${psnr8:-?} dB)" "PSNR >= 35 dB" \
  "$( [ -n "$ort8" ] && ratio "$ref_infer" "$ort8" || echo -) of reference" \
  "./atsync export-onnx --model_path $out/train-hubert/best_digital_model_0.pth --output $out/int8/model_int8.onnx --quantize int8 --benchmark 8 --threads 2"

# 4. End to end `atsync infer` (issue 4): obama_20s.mp4 + speech_20s.wav (decode, features, model, compositing, encode),
#    with the model just trained above, both engines. Targets: >= 25 output frames/s and >= 2x the reference's loop.
#    The reference design's own loop (batch 1, per-frame JPEG and landmark reads, paste, encode) runs first on the
#    same processed dataset and audio; the ratios are given against it and against its model alone.
ref_loop=$(LD_PRELOAD=$tcmalloc /usr/bin/python3 bench/reference/reference_infer.py "$out/obama-hubert" \
  "$shared/media/speech_20s.wav" "$out/reference-loop.mp4" | awk '/^reference loop:/ {gsub(/\(/,""); print $8}') || true
row "reference design, inference loop end to end (batch 1, per-frame JPEG reads, paste, x264; features not timed)" \
  "${ref_loop:-failed} output frames/s" "baseline" "-" \
  "LD_PRELOAD=$tcmalloc /usr/bin/python3 bench/reference/reference_infer.py $out/obama-hubert $shared/media/speech_20s.wav $out/reference-loop.mp4"
for engine in torch onnx onnx-int8; do
  model="$out/train-hubert/best_digital_model_0.pth" flag=$engine
  # The int8 model's folder has its model card (copied by export-onnx): asr and the processed dataset come from it.
  if [ $engine = onnx-int8 ]; then model="$out/int8/model_int8.onnx" flag=onnx; fi
  start=$(date +%s.%N)
  ./atsync infer --input_video "$shared/media/obama_20s.mp4" --input_audio "$shared/media/speech_20s.wav" \
    --model_path "$model" --hubert_model "$shared/fixtures/hubert_like.onnx" \
    --engine $flag --output_path "$out/infer-$engine.mp4" >/dev/null 2>&1 && ok=1 || ok=0
  end=$(date +%s.%N)
  fps=$(awk -v s="$start" -v e="$end" -v n=496 'BEGIN { printf "%.1f", n / (e - s) }')
  if [ $ok = 0 ]; then fps=failed; fi
  ref_fps=$(awk -v r="$ref_infer" 'BEGIN { printf "%.1f", 1000 / r }')
  vs_loop=$( [ -n "$ref_loop" ] && [ "$fps" != failed ] && ratio "$fps" "$ref_loop" || echo "-")
  row "ATSync \`atsync infer\` end to end, $engine engine (496 frames, whole command)" "$fps output frames/s" \
    ">= 25 frames/s, >= 2x reference" "$vs_loop of the reference loop ($ref_loop frames/s); $(ratio "$fps" "$ref_fps") of its model alone ($ref_fps frames/s)" \
    "./atsync infer --input_video $shared/media/obama_20s.mp4 --input_audio $shared/media/speech_20s.wav --model_path $model --hubert_model $shared/fixtures/hubert_like.onnx --engine $flag --output_path $out/infer-$engine.mp4"
done

# 5. `atsync eval` (issue 7) on the model trained above: speed, and the model's quality next to its two baselines.
while IFS= read -r line; do if [[ $line == \|* ]]; then rows+=("$line"); fi; done < <(bench/eval.sh)

# 6. Other areas' benchmark scripts, when present: each prints its own markdown table rows
#    (| benchmark | figure | target | vs reference | command |); a failing script is reported, not fatal.
for script in bench/worker.sh bench/functions.sh; do
  [ -f "$script" ] || continue
  if output=$(bash "$script"); then
    while IFS= read -r line; do if [[ $line == \|* ]]; then rows+=("$line"); fi; done <<< "$output"
  else
    row "$script" "failed (exit $?)" "-" "-" "bash $script"
  fi
done

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores"\
       "($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB memory,"\
       "$(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), LibTorch 2.10 (TorchSharp-cpu 0.107),"\
       "reference: Debian python3-torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null), tcmalloc preloaded for both."
  echo "Ratios are speed-ups (reference time / ATSync time): above 1 means ATSync is faster."
  echo
  echo "| benchmark | figure | target | vs reference | command |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > bench/results.md
cat bench/results.md
