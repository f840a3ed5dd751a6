#!/usr/bin/env bash
# The serverless shape, locally: Azurite + the GPU worker (`atsync serve`) + the Functions pipeline's local host.
# Drops a person's video into videos/, waits for dataset and model (a short CPU training), then POSTs new speech to
# /api/lipsync and downloads results/{job}/result.mp4 and its report (and the model's held-out eval contact sheet).
#   scripts/demo-cloud.sh [VIDEO [AUDIO]]   (SECONDS_OF_VIDEO=5 cuts the video; EPOCHS=1; SEGMENTS=4)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
video=${1:-../shared/media/obama_20s.mp4}
audio=${2:-../shared/media/speech_8s_stereo.wav}
for f in "$video" "$audio"; do
  [ -f "$f" ] || { echo "demo-cloud: $f not found; run scripts/demo-cloud.sh YOUR_VIDEO.mp4 YOUR_SPEECH.wav" >&2; exit 1; }
done
person=$(basename "${video%.*}" | tr 'A-Z_' 'a-z-' | tr -cd 'a-z0-9-' | cut -c1-40)
run=artifacts/demo-cloud/$person
rm -rf "$run"; mkdir -p "$run"
source scripts/cloud-local.sh

ffmpeg -nostdin -hide_banner -loglevel error -y -i "$video" -t "${SECONDS_OF_VIDEO:-5}" -c:v libx264 -preset veryfast -c:a aac "$run/$person.mp4"
start_azurite "$run/azurite"
start_worker
start_localhost Pipeline__Segments="${SEGMENTS:-4}" Pipeline__PollInterval=00:00:05 Pipeline__TrainParameters__epochs="${EPOCHS:-1}"
echo "demo-cloud: Azurite $blob_endpoint, worker $worker_url, local host $host_url (logs in $run/)"

python3 scripts/azurite-blob.py "$blob_endpoint" put videos "$person.mp4" "$run/$person.mp4"
echo "demo-cloud: uploaded videos/$person.mp4; waiting for dataset and model..."
while true; do
  state=$(curl -fs "$host_url/api/persons/$person" | json "next((j['status'] for j in d['jobs'] if j['name']=='PersonPipeline'), 'Pending')")
  case $state in
    Completed) break ;;
    Failed|Terminated) curl -fs "$host_url/api/persons/$person" >&2; echo "demo-cloud: the pipeline $state" >&2; exit 1 ;;
  esac
  sleep 3
done
curl -fs "$host_url/api/persons/$person" >"$run/person.json"
json "'model: ' + d['model']['checkpoint']['container'] + '/' + d['model']['checkpoint']['name']" <"$run/person.json"
# The worker scored the model on the frames training held out; the person's status links that eval (no credentials).
sheet_url=$(json "((d.get('eval') or {}).get('contactSheet') or {}).get('url', '')" <"$run/person.json")
if [ -n "$sheet_url" ]; then
  curl -fs -o "$run/eval_contact_sheet.png" "$sheet_url"
  echo "demo-cloud: held-out eval of the model: $run/eval_contact_sheet.png (real | generated | difference)"
fi

status_uri=$(curl -fs -X POST -H 'Content-Type: audio/wav' --data-binary "@$audio" \
  "$host_url/api/lipsync?personId=$person&fileName=$(basename "$audio")" | json "d['statusQueryGetUri']")
echo "demo-cloud: lip-sync started ($status_uri)"
while [ "$(curl -s -o "$run/status.json" -w '%{http_code}' "$status_uri")" = 202 ]; do sleep 3; done
[ "$(json "d['runtimeStatus']" <"$run/status.json")" = Completed ] || { cat "$run/status.json" >&2; exit 1; }
# The orchestration's output (LipsyncResult) as the Durable SDK serialises it; read its names case-insensitively.
output_name() { json "next(v for k, v in next(v for k, v in __import__('json').loads(d['output']).items() if k.lower() == '$1').items() if k.lower() == 'name')" <"$run/status.json"; }
result=$(output_name result)
report=$(output_name report)
python3 scripts/azurite-blob.py "$blob_endpoint" get results "$result" "$run/result.mp4"
python3 scripts/azurite-blob.py "$blob_endpoint" get results "$report" "$run/result.report.json"
echo "demo-cloud: result $run/result.mp4 (results/$result), report $run/result.report.json"
