#!/usr/bin/env bash
# Benchmark: `atsync eval` (issue 7), held-out self-reconstruction of the model bench/run.sh trains (obama_20s, hubert,
# 1 epoch, default 5 % held-out tail). No speed target; the quality row puts the model next to its two baselines on
# the same frames (a 1-epoch model is expected to lose to them: the row shows the protocol working, not a good model).
# EVAL_DATASET / EVAL_MODEL point it at another dataset and model (e.g. to run this part alone).
# Prints markdown table rows: benchmark | figure | target | vs reference | command.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench
dataset=${EVAL_DATASET:-$out/obama-hubert}
model=${EVAL_MODEL:-$out/train-hubert/best_digital_model_0.pth}
if [ ! -d "$dataset" ] || [ ! -f "$model" ]; then
  echo "bench/eval.sh: $dataset or $model absent (bench/run.sh makes them); skipped" >&2
  exit 0
fi
report=$out/eval/report.json
command="./atsync eval --dataset_dir $dataset --model_path $model --output $report"
mkdir -p "$out/eval"
start=$(date +%s.%N)
if ! $command >"$out/eval/log.txt" 2>&1; then
  echo "| \`atsync eval\` held-out self-reconstruction | failed (see $out/eval/log.txt) | - | - | \`$command\` |"
  exit 0
fi
end=$(date +%s.%N)
/usr/bin/python3 - "$report" "$start" "$end" "$command" <<'PY'
import json, sys
report, start, end, command = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
r = json.load(open(report))
n, seconds = r["held_out_count"], end - start
print(f"| `atsync eval` held-out self-reconstruction, {n} frames (whole command) | {seconds:.1f} s, {n / seconds:.1f} frames/s "
      f"(evaluate stage {r['stage_seconds']['evaluate']:.1f} s) | - | - | `{command}` |")
def fmt(s):
    lmd = "n/a" if s["lmd"] is None else f"{s['lmd']:.3f}"
    r_ = "n/a" if s["opening_correlation"] is None else f"{s['opening_correlation']:.2f}"
    return f"PSNR {s['psnr']:.2f} dB, SSIM {s['ssim']:.3f}, LMD {lmd}, opening r {r_}"
s = r["scores"]
print(f"| `atsync eval` quality, model vs baselines (frames {r['held_out_first']}..{r['held_out_first'] + n - 1}) "
      f"| model: {fmt(s['model'])}; reference paste: {fmt(s['reference_paste'])}; mean mouth: {fmt(s['mean_mouth'])} "
      f"| beat both baselines | - | (same command) |")
PY
