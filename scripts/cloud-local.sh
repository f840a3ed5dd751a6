# Shared by scripts/demo-cloud.sh and bench/functions.sh (sourced): starts Azurite, the GPU worker and the Functions
# local host on free loopback ports, each logging to $run/, and stops them (by their process ids) on exit.
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
pids=()
# Newest first, each waited for: the local host and the worker stop while Azurite still answers them.
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }

start_azurite() { # $1: data folder (persistent across restarts)
  local b q t; b=$(free_port); q=$(free_port); t=$(free_port)
  mkdir -p "$1"
  node tools/azurite/node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --location "$1" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort "$b" --queuePort "$q" --tablePort "$t" \
    >"$run/azurite.log" 2>&1 &
  pids+=($!)
  blob_endpoint="http://127.0.0.1:$b/devstoreaccount1"
  # Azurite's published development key (not a secret).
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$blob_endpoint;QueueEndpoint=http://127.0.0.1:$q/devstoreaccount1;TableEndpoint=http://127.0.0.1:$t/devstoreaccount1;"
  for _ in $(seq 120); do python3 scripts/azurite-blob.py "$blob_endpoint" mkcontainer videos 2>/dev/null && return 0; sleep 0.5; done
  echo "Azurite did not start (see $run/azurite.log)" >&2; return 1
}

start_worker() {
  local p; p=$(free_port)
  worker_key=${ATSYNC_WORKER_API_KEY:-local-demo-key}
  ATSYNC_WORKER_API_KEY=$worker_key Worker__Storage__ConnectionString=$storage Worker__Device=${DEVICE:-auto} \
    Worker__CacheDirectory=$run/worker-cache LD_PRELOAD=$( [ -f $tcmalloc ] && echo $tcmalloc ) \
    dotnet gpu-worker/ATSync.Worker/bin/Release/net10.0/linux-x64/atsync.dll serve --urls "http://127.0.0.1:$p" >"$run/worker.log" 2>&1 &
  pids+=($!)
  worker_url="http://127.0.0.1:$p"
  wait_http "$worker_url/healthz"
}

start_localhost() { # extra environment assignments may follow, e.g. Pipeline__Segments=4
  local p; p=$(free_port)
  host_url="http://127.0.0.1:$p"
  env AzureWebJobsStorage="$storage" AtsyncStorage="$storage" GpuWorker__BaseUrl="${worker_url:-http://127.0.0.1:9}" \
    GpuWorker__ApiKey="${worker_key:-none}" Pipeline__CallbackBaseUrl="$host_url" Pipeline__WorkDirectory="$run/pipeline" \
    ASPNETCORE_URLS="$host_url" Logging__LogLevel__Default=Warning "$@" \
    dotnet functions/ATSync.LocalHost/bin/Release/net10.0/linux-x64/atsync-localhost.dll >>"$run/localhost.log" 2>&1 &
  pids+=($!)
  localhost_pid=$!
  wait_http "$host_url/healthz"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
