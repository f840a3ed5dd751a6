#!/usr/bin/env bash
# Benchmark: the Durable pipeline's PrepareDataset (through the local host: Durable Task SDK over Azurite) against
# `atsync process` on the same clip, and the speed-up from fanning the face scan out to N segments. Times run from the
# upload to datasets/{person}/current.json, written once the dataset version is complete (includes the watcher's pick-up, blob transfers and orchestration).
# Prints markdown rows: benchmark | figure | target | vs reference | command. Figures on a loaded 2-core machine are
# indicative; segments pay off with more cores or instances than this machine has.
#   bench/functions.sh [CLIP_SECONDS (10)] [SEGMENTS (4)]
set -euo pipefail
cd "$(dirname "$0")/.."
source_video=../shared/media/obama_20s.mp4
[ -f "$source_video" ] || { echo "bench/functions.sh: $source_video absent; skipped" >&2; exit 0; }
seconds=${1:-10}
segments=${2:-4}
run=artifacts/bench/functions
rm -rf "$run"; mkdir -p "$run"
source scripts/cloud-local.sh
clip=$run/clip.mp4
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$source_video" -t "$seconds" -c:v libx264 -preset veryfast -c:a aac "$clip"
now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }

start=$(now); ./atsync process "$clip" --asr mel --out "$run/cli" >/dev/null 2>&1; cli=$(elapsed "$start" "$(now)")

start_azurite "$run/azurite"
prepare() { # $1: segments -> seconds from upload to the complete dataset (current.json)
  local person=bench-s$1 t0
  start_localhost Pipeline__Segments="$1"
  t0=$(now)
  python3 scripts/azurite-blob.py "$blob_endpoint" put videos "$person.mp4" "$clip"
  until python3 scripts/azurite-blob.py "$blob_endpoint" exists datasets "$person/current.json"; do sleep 0.2; done
  elapsed "$t0" "$(now)"
  kill "$localhost_pid"; wait "$localhost_pid" 2>/dev/null || true
}
one=$(prepare 1)
many=$(prepare "$segments")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
cmd="bench/functions.sh $seconds $segments"
echo "| atsync process, ${seconds} s of obama_20s.mp4 (mel) | $cli s | reference | - | \`./atsync process clip.mp4 --asr mel\` |"
echo "| PrepareDataset via local host + Azurite, 1 segment | $one s | orchestration overhead small vs the work | $(ratio "$one" "$cli") of the CLI's time | \`$cmd\` |"
echo "| PrepareDataset via local host + Azurite, $segments segments | $many s | faster than 1 segment given cores | $(ratio "$one" "$many") speed-up vs 1 segment | \`$cmd\` |"
