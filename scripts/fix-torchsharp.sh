#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so loadable where the system libstdc++ lacks GLIBCXX_3.4.32
# (Debian 12; see shared notes PLATFORM.md). Idempotent; a no-op where the system libstdc++ is new enough.
# Usage: fix-torchsharp.sh DIR   (a build output folder holding libLibTorchSharp.so)
set -euo pipefail
dir=${1:?usage: fix-torchsharp.sh DIR}
lib="$dir/libLibTorchSharp.so"
[ -f "$lib" ] || exit 0
stdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/{print $NF; exit}')
stdcxx=${stdcxx:-/lib/x86_64-linux-gnu/libstdc++.so.6}
if grep -q GLIBCXX_3.4.32 "$stdcxx" 2>/dev/null; then exit 0; fi
shim=libatsync_iosinit.so
if patchelf --print-needed "$lib" | grep -qx "$shim" && [ -f "$dir/$shim" ]; then exit 0; fi
for tool in patchelf g++ python3; do
  command -v "$tool" >/dev/null || { echo "fix-torchsharp: '$tool' is missing; run scripts/setup.sh" >&2; exit 1; }
done
here=$(cd "$(dirname "$0")" && pwd)
g++ -shared -fPIC -O2 -o "$dir/$shim" "$here/native/ios_base_library_init.cpp"
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$lib"
python3 "$here/elf_weak_verneed.py" "$lib" GLIBCXX_3.4.32 >/dev/null
patchelf --print-needed "$lib" | grep -qx "$shim" || patchelf --add-needed "$shim" "$lib"
echo "fix-torchsharp: patched $lib"
