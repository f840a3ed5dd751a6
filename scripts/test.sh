#!/usr/bin/env bash
# The test command: set-up first (idempotent), then every test of the solution against real ffmpeg, OpenCV,
# ONNX Runtime and TorchSharp. Prints a closing 'N passed, N failed, N skipped' line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# LibTorch's training and inference tests run several times faster on tcmalloc (see the ./atsync launcher).
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
if [ -f "$tcmalloc" ]; then export LD_PRELOAD="$tcmalloc${LD_PRELOAD:+:$LD_PRELOAD}"; fi
results=artifacts/test-results
rm -rf "$results"
set +e
dotnet test ATSync.sln -c Release --no-build --nologo --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
rc=$?
set -e
trx=$(find "$results" -name '*.trx' | head -1)
if [ -n "$trx" ]; then
  python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
# The failures again at the very end, where a CI log's tail shows them.
for r in root.iterfind("t:Results/t:UnitTestResult", ns):
    if r.get("outcome") == "Failed":
        message = (r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns) or "").strip().splitlines()
        print(f"FAILED {r.get('testName')} ({r.get('duration')}): {' | '.join(message[:3])[:400]}")
c = root.find("t:ResultSummary/t:Counters", ns).attrib
print(f"tests: {c['passed']} passed, {c['failed']} failed, {int(c['total']) - int(c['passed']) - int(c['failed'])} skipped")
PY
fi
exit $rc
