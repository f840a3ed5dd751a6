#!/usr/bin/env bash
# Brings a fresh Debian 12 machine (root, .NET 10 SDK, Node.js) to a working ATSync state. Idempotent: a second run
# only checks. Steps: apt packages, Azurite (npm, inside the repo), restore + build (Release), the TorchSharp
# libstdc++ fix (applied by the build where needed), and a self-check that names whatever is still missing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(ffmpeg libgtk-3-0 opencv-data libdlib-data libtcmalloc-minimal4 patchelf g++ python3 espeak-ng sox)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v npm >/dev/null || { echo "setup: npm is missing (Node.js 20+ is needed for Azurite)" >&2; exit 1; }
if [ ! -x tools/azurite/node_modules/.bin/azurite ]; then
  echo "setup: installing Azurite into tools/azurite"
  (cd tools/azurite && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "setup: building (Release)"
dotnet build ATSync.sln -c Release -nologo -v quiet -clp:ErrorsOnly

./atsync doctor
