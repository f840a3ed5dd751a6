#!/usr/bin/env bash
# Benchmark of the GPU worker service (`atsync serve`, issue 5) on this machine (CPU build), against a real Azurite:
#   1. job overhead: submit -> running on an idle worker, and finished -> callback delivered (median of 3 infer jobs);
#   2. throughput: N infer jobs submitted at once to one worker (Worker__Concurrency=1, as for one GPU) against the
#      same N renders through the CLI one after another (`./atsync infer`, a process each).
# Each infer renders grid_bbaf2n.mpg (3 s, 75 frames) re-voiced by its own audio with a mel model trained for 1 epoch
# here. Prints markdown table rows: | benchmark | figure | target | vs reference | command |
#   bench/worker.sh [N]       (needs ../shared/media beside the repository and tools/azurite from scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
clip_source=../shared/media/grid_bbaf2n.mpg
[ -f "$clip_source" ] || { echo "bench/worker.sh: $clip_source absent; skipped" >&2; exit 0; }
out=artifacts/bench/worker
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
[ -f "$tcmalloc" ] && export LD_PRELOAD="$tcmalloc"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Azurite (in memory) and the connection string of its well-known development account (public; not a secret).
blob_port=$(free_port)
node tools/azurite/node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --inMemoryPersistence --loose \
  --blobHost 127.0.0.1 --blobPort "$blob_port" --queuePort "$(free_port)" --tablePort "$(free_port)" >"$out/azurite.log" 2>&1 &
pids+=($!)
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
account="http://127.0.0.1:$blob_port/devstoreaccount1"

# Inputs: the 3 s clip, and a mel model trained for 1 epoch on its first second (quality does not matter here).
ffmpeg -hide_banner -loglevel error -y -i "$clip_source" -vf fps=25 -c:v libx264 -preset veryfast -c:a aac "$out/clip.mp4"
ffmpeg -hide_banner -loglevel error -y -i "$clip_source" -t 1 -vf fps=25 -c:v libx264 -preset veryfast -c:a aac "$out/clip1.mp4"
./atsync process "$out/clip1.mp4" --out "$out/dataset" >/dev/null 2>&1
./atsync train --dataset_dir "$out/dataset" --save_dir "$out/model" --epochs 1 --batchsize 8 --holdout_tail 0.2 >/dev/null 2>&1

# Uploads through the real SDK: a file-based .NET app outside the repository (so the repository's build settings stay out).
uploader=$(mktemp -d)
cat >"$uploader/upload.cs" <<'CS'
#:package Azure.Storage.Blobs@12.30.1
using Azure.Storage.Blobs;
// upload CONNECTION_STRING CONTAINER BLOB_NAME LOCAL_FILE
var container = new BlobServiceClient(args[0]).GetBlobContainerClient(args[1]);
await container.CreateIfNotExistsAsync();
await container.GetBlobClient(args[2]).UploadAsync(args[3], overwrite: true);
CS
upload() { (cd "$uploader" && dotnet run upload.cs -- "$conn" "$@" >/dev/null); }
upload videos bench/clip.mp4 "$out/clip.mp4"
upload models bench/best_digital_model_0.pth "$out/model/best_digital_model_0.pth"
upload models bench/model_card.json "$out/model/model_card.json"
rm -rf "$uploader"

# Callback receiver: records the time each job's callback arrives.
callback_port=$(free_port)
python3 - "$callback_port" "$out/callbacks.txt" >/dev/null 2>&1 <<'PY' &
import http.server, json, sys, time
port, path = int(sys.argv[1]), sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with open(path, "a") as f: f.write(f"{body['id']} {time.time():.6f}\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
pids+=($!)

# The worker.
worker_port=$(free_port)
key=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
ATSYNC_WORKER_API_KEY=$key Worker__Storage__ConnectionString=$conn Worker__CacheDirectory="$out/cache" Worker__Concurrency=1 \
  ./atsync serve --urls "http://127.0.0.1:$worker_port" >"$out/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$worker_port/healthz" >/dev/null && break; sleep 0.5; done

python3 - "$worker_port" "$key" "$account" "$callback_port" "$out/callbacks.txt" "$n" "$out/jobs.json" <<'PY'
import json, sys, time, urllib.request, datetime, statistics
port, key, account, cb_port, cb_path, n, report = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7]
base = f"http://127.0.0.1:{port}/v1/jobs"
def call(method, url, body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"x-api-key": key, "content-type": "application/json"})
    with urllib.request.urlopen(req) as r: return json.loads(r.read())
def spec(job_id):
    return {"id": job_id, "kind": "infer",
            "inputs": {"video": f"{account}/videos/bench/clip.mp4", "audio": f"{account}/videos/bench/clip.mp4",
                       "model": f"{account}/models/bench/best_digital_model_0.pth"},
            "outputs": {"result": f"{account}/results/bench/{job_id}.mp4"}, "parameters": {"batch_size": "8"},
            "callbackUrl": f"http://127.0.0.1:{cb_port}/"}
def wait(ids):
    done = {}
    while len(done) < len(ids):
        for i in ids:
            if i in done: continue
            s = call("GET", f"{base}/{i}")
            if s["state"] in ("succeeded", "failed", "cancelled"):
                if s["state"] != "succeeded": sys.exit(f"job {i}: {s['state']}: {s.get('error')}")
                done[i] = s
        time.sleep(0.05)
    return done
t = lambda s: datetime.datetime.fromisoformat(s).timestamp()
def callbacks():
    try: return {l.split()[0]: float(l.split()[1]) for l in open(cb_path)}
    except FileNotFoundError: return {}
# 1. Overhead, one job at a time on an idle worker (the first also warms the input cache and the model).
started, delivered = [], []
for k in range(3):
    i = f"overhead-{k}"
    call("POST", base, spec(i))
    s = wait([i])[i]
    for _ in range(200):
        if i in callbacks(): break
        time.sleep(0.05)
    started.append(t(s["timings"]["startedAt"]) - t(s["timings"]["submittedAt"]))
    delivered.append(callbacks()[i] - t(s["timings"]["finishedAt"]))
# 2. Throughput: n jobs at once.
ids = [f"batch-{k}" for k in range(n)]
t0 = time.time()
for i in ids: call("POST", base, spec(i))
wait(ids)
wall = time.time() - t0
json.dump({"submit_to_running_ms": [x * 1000 for x in started], "finished_to_callback_ms": [x * 1000 for x in delivered],
           "batch_wall_s": wall}, open(report, "w"))
PY

# The same n renders through the CLI, one process after another.
cli_start=$(date +%s.%N)
for k in $(seq "$n"); do
  ./atsync infer --input_video "$out/clip.mp4" --input_audio "$out/clip.mp4" --model_path "$out/model/best_digital_model_0.pth" \
    --batch_size 8 --output_path "$out/cli-$k.mp4" >/dev/null 2>&1
done
cli_end=$(date +%s.%N)

python3 - "$out/jobs.json" "$cli_start" "$cli_end" "$n" <<'PY'
import json, sys, statistics
r = json.load(open(sys.argv[1])); cli = float(sys.argv[3]) - float(sys.argv[2]); n = int(sys.argv[4])
frames = 75 * n
med = lambda xs: statistics.median(xs)
print(f"| worker job overhead: submit -> running (idle worker, median of 3) | {med(r['submit_to_running_ms']):.0f} ms "
      f"(all: {', '.join(f'{x:.0f}' for x in r['submit_to_running_ms'])}) | <= 1000 ms | - | `bench/worker.sh` |")
print(f"| worker job overhead: finished -> callback delivered (median of 3) | {med(r['finished_to_callback_ms']):.0f} ms "
      f"(all: {', '.join(f'{x:.0f}' for x in r['finished_to_callback_ms'])}) | <= 1000 ms | - | `bench/worker.sh` |")
print(f"| worker throughput: {n} infer jobs submitted at once (75 frames each, concurrency 1) | {r['batch_wall_s']:.1f} s wall, "
      f"{frames / r['batch_wall_s']:.1f} frames/s | >= the CLI | {cli / r['batch_wall_s']:.2f}x of {n} sequential "
      f"`atsync infer` runs ({cli:.1f} s, {frames / cli:.1f} frames/s) | `bench/worker.sh {n}` |")
PY
