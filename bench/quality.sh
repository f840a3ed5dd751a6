#!/usr/bin/env bash
# The quality bench (issue 13): for each clip, process -> train with --holdout_tail 0.2 under a wall-time budget ->
# `atsync eval` on the held-out tail, with a learning curve from the same run (the training is continued with --resume
# in stages, each stage evaluated: model and both baselines against samples seen and wall time). Writes
# bench/quality.md (figures, machine and CPU flags, commands) and the contact sheets beside it (bench/quality/*.png).
#   bench/quality.sh                                   (needs ../shared/media beside the repository)
#   QUALITY_CLIPS="obama_20s.mp4 news_5s.mp4" QUALITY_STAGES="1 3" QUALITY_PROFILE=cpu bench/quality.sh
# QUALITY_STAGES are cumulative training minutes (the last one is the budget); QUALITY_TAG names the result file
# (bench/quality.md by default, bench/quality-TAG.md otherwise) so a long run does not overwrite the standard one.
# QUALITY_REFERENCES=pose|random is passed to `atsync train --references` (default: train's own, random).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
shared=../shared
clips=${QUALITY_CLIPS:-obama_20s.mp4 news_5s.mp4 portrait_hevc_20s.mp4 grid_bbaf2n.mpg}
stages=${QUALITY_STAGES:-2 5 10 20}
profile=${QUALITY_PROFILE:-cpu}
tag=${QUALITY_TAG:-}
out=artifacts/quality${tag:+-$tag}
sheets=bench/quality${tag:+-$tag}
result=bench/quality${tag:+-$tag}.md
mkdir -p "$out" "$sheets"
rm -f "$out"/*.jsonl
for clip in $clips; do
  name=${clip%.*}
  media="$shared/media/$clip"
  [ -f "$media" ] || { echo "bench/quality.sh: $media absent; skipped" >&2; continue; }
  dataset=$out/$name/dataset
  model=$out/$name/model
  rm -rf "$out/$name"
  mkdir -p "$out/$name"
  echo "quality: $name: process" >&2
  ./atsync process "$media" --asr mel --out "$dataset" >"$out/$name/process.log" 2>&1
  done_minutes=0
  for stage in $stages; do
    minutes=$(awk -v a="$stage" -v b="$done_minutes" 'BEGIN { print a - b }')
    resume=()
    [ -d "$model/resume" ] && resume=(--resume "$model")
    echo "quality: $name: train to $stage min ($profile profile)" >&2
    start=$(date +%s.%N)
    ./atsync train --dataset_dir "$dataset" --save_dir "$model" --epochs 100000 --batchsize 8 --lr 0.001 --asr mel \
      --holdout_tail 0.2 --profile "$profile" --max_minutes "$minutes" ${QUALITY_REFERENCES:+--references "$QUALITY_REFERENCES"} \
      "${resume[@]}" >"$out/$name/train-$stage.log" 2>&1
    end=$(date +%s.%N)
    echo "quality: $name: eval at $stage min" >&2
    ./atsync eval --dataset_dir "$dataset" --model_path "$model/best_digital_model_0.pth" \
      --output "$out/$name/eval-$stage.json" --contact_sheet "$out/$name/sheet-$stage.png" >"$out/$name/eval-$stage.log" 2>&1
    /usr/bin/python3 - "$out/$name" "$stage" "$start" "$end" >>"$out/$name/curve.jsonl" <<'PY'
import json, sys
folder, stage, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
card = json.load(open(f"{folder}/model/model_card.json"))
report = json.load(open(f"{folder}/eval-{stage}.json"))
train_frames = card["dataset"]["frames"] - card["dataset"]["held_out_frames"]
print(json.dumps({"stage_minutes": float(stage), "epochs": card["training"]["epochs_completed"],
                  "samples": card["training"]["epochs_completed"] * train_frames,
                  "stage_wall_seconds": end - start, "card": card, "report": report}))
PY
    done_minutes=$stage
  done
  last=${stages##* }
  if [ "$profile" = cpu ]; then
    # The image network's ceiling (a diagnostic): the final model with each frame's sketch from its own landmarks.
    ./atsync eval --dataset_dir "$dataset" --model_path "$model/best_digital_model_0.pth" --sketch landmarks \
      --output "$out/$name/eval-ceiling.json" --contact_sheet "$out/$name/sheet-ceiling.png" >"$out/$name/eval-ceiling.log" 2>&1
  fi
  cp "$out/$name/sheet-$last.png" "$sheets/$name.png"
  gpu_sheet=${QUALITY_GPU_DIR:-artifacts/gpu/out2}/${name}_sheet.png
  [ -f "$gpu_sheet" ] && cp "$gpu_sheet" "$sheets/${name}_gpu_reference.png"
done
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
flags=$(grep -o -w -E 'avx512[a-z_0-9]*|avx2|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' ')
/usr/bin/python3 bench/quality_report.py "$out" "$result" "$sheets" "$cpu" "$(nproc)" "$flags" "$profile" "$stages" "$clips"
echo "quality: wrote $result" >&2
