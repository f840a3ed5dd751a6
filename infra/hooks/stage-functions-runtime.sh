#!/bin/sh
# azd prepackage hook (azure.yaml): stages what the preprocessing activities need on Flex Consumption, where nothing
# can be apt-installed, into artifacts/functions-runtime/ (git-ignored):
#   ffmpeg/    ffmpeg and ffprobe: this machine's (Debian's ffmpeg 5.1, the one the engine is tested with) plus every
#              shared library they load, found through an RPATH of $ORIGIN/lib; or, with ATSYNC_STATIC_FFMPEG_DIR, a
#              static linux-x64 ffmpeg/ffprobe >= 5.1 of your choice (the engine uses -fps_mode, new in 5.1)
#   facedata/  OpenCV's frontal-face Haar cascade and dlib's 68-point predictor (Debian packages opencv-data and
#              libdlib-data, which scripts/setup.sh installs)
#   native/    the libraries OpenCvSharp's native glue needs beyond glibc (GTK and friends: its official Linux build
#              links them, and the Functions image does not have them)
# infra/hooks/functions-runtime.targets ships that folder in the Functions publish output as tools/ and points
# libOpenCvSharpExtern.so at tools/native; the app settings ATSYNC_FFMPEG_DIR=tools/ffmpeg and
# ATSYNC_FACE_DATA_DIR=tools/facedata point the engine at the rest.
# Libraries are copied from this machine: stage on Debian 12 (glibc 2.36) or older, no newer than the Functions
# image, or the copies may need a newer glibc than Azure has (checked below).
# Overrides: ATSYNC_STATIC_FFMPEG_DIR, ATSYNC_HAAR_CASCADE, ATSYNC_DLIB_PREDICTOR, ATSYNC_RUNTIME_STAGE (output).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
stage=${ATSYNC_RUNTIME_STAGE:-$root/artifacts/functions-runtime}
haar=${ATSYNC_HAAR_CASCADE:-/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml}
dlib=${ATSYNC_DLIB_PREDICTOR:-/usr/share/dlib/shape_predictor_68_face_landmarks.dat}
static_ffmpeg=${ATSYNC_STATIC_FFMPEG_DIR:-}
max_glibc=2.36

fail() { echo "stage-functions-runtime: error: $*" >&2; exit 1; }

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || fail "stage on Linux x86-64 (the Function App's platform), e.g. in WSL or a Debian 12 container"
for f in "$haar" "$dlib"; do
  [ -f "$f" ] || fail "$f not found: apt-get install opencv-data libdlib-data (or set ATSYNC_HAAR_CASCADE / ATSYNC_DLIB_PREDICTOR)"
done
command -v patchelf >/dev/null 2>&1 || fail "patchelf is needed: apt-get install patchelf"
glibc=$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)
if [ "$(printf '%s\n%s\n' "$glibc" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]; then
  fail "this machine has glibc $glibc; libraries copied from it may not load on Azure (glibc $max_glibc): stage on Debian 12"
fi

# OpenCvSharp's native glue, at the version Directory.Packages.props pins, from the NuGet cache (restore first).
opencv_version=$(sed -n 's/.*Include="OpenCvSharp4.official.runtime.linux-x64" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
opencv_glue=$packages/opencvsharp4.official.runtime.linux-x64/$opencv_version/runtimes/linux-x64/native/libOpenCvSharpExtern.so
[ -f "$opencv_glue" ] || dotnet restore "$root/core/ATSync.Core.csproj" >/dev/null
[ -f "$opencv_glue" ] || fail "$opencv_glue not found after dotnet restore"

# Shared libraries the given ELF files load (resolved on this machine), except glibc's and the C++ runtime, which
# every .NET image has and which must stay the system's own.
closure() {
  ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u | while read -r soname path; do
    case "$soname" in
      libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|ld-linux*|libstdc++.so.*|libgcc_s.so.*) ;;
      *) echo "$soname $path" ;;
    esac
  done
}

copy_closure() {
  dest=$1; shift
  mkdir -p "$dest"
  closure "$@" | while read -r soname path; do
    cp -L "$path" "$dest/$soname"
    chmod u+w "$dest/$soname"
    # Each copy looks beside itself first (some, like libpulse, carry a RUNPATH into /usr/lib that would win).
    patchelf --set-rpath '$ORIGIN' "$dest/$soname"
  done
}

stamp="v2 $(ls -l "$opencv_glue" "$haar" "$dlib" | awk '{print $5}' | tr '\n' ' ') ffmpeg:${static_ffmpeg:-system $(ffmpeg -hide_banner -version 2>/dev/null | head -n 1)}"
if [ -f "$stage/.stamp" ] && [ "$(cat "$stage/.stamp")" = "$stamp" ]; then
  echo "stage-functions-runtime: $stage is up to date"
  exit 0
fi
rm -rf "$stage"
mkdir -p "$stage/ffmpeg" "$stage/facedata" "$stage/native"

if [ -n "$static_ffmpeg" ]; then
  cp "$static_ffmpeg/ffmpeg" "$static_ffmpeg/ffprobe" "$stage/ffmpeg/"
else
  command -v ffmpeg >/dev/null 2>&1 || fail "ffmpeg not found: apt-get install ffmpeg (or set ATSYNC_STATIC_FFMPEG_DIR)"
  cp "$(command -v ffmpeg)" "$(command -v ffprobe)" "$stage/ffmpeg/"
  copy_closure "$stage/ffmpeg/lib" "$stage/ffmpeg/ffmpeg" "$stage/ffmpeg/ffprobe"
  # DT_RPATH (not RUNPATH) also serves the libraries' own dependencies, so every copy is found, never a system one.
  patchelf --force-rpath --set-rpath '$ORIGIN/lib' "$stage/ffmpeg/ffmpeg"
  patchelf --force-rpath --set-rpath '$ORIGIN/lib' "$stage/ffmpeg/ffprobe"
fi
chmod 0755 "$stage/ffmpeg/ffmpeg" "$stage/ffmpeg/ffprobe"

cp "$haar" "$stage/facedata/haarcascade_frontalface_default.xml"
cp "$dlib" "$stage/facedata/shape_predictor_68_face_landmarks.dat"

copy_closure "$stage/native" "$opencv_glue"

# The staged ffmpeg must run and must not need anything outside the stage (glibc and the C++ runtime aside).
"$stage/ffmpeg/ffmpeg" -hide_banner -version | head -n 1
"$stage/ffmpeg/ffprobe" -hide_banner -version | head -n 1
"$stage/ffmpeg/ffmpeg" -hide_banner -loglevel error -f lavfi -i nullsrc=d=0.1 -fps_mode passthrough -f null - \
  || fail "the staged ffmpeg lacks -fps_mode, which the engine uses: ffmpeg 5.1 or newer is needed"
if [ -z "$static_ffmpeg" ]; then
  outside=$(closure "$stage/ffmpeg/ffmpeg" "$stage/ffmpeg/ffprobe" | awk -v lib="$stage/ffmpeg/lib/" 'index($2, lib) != 1')
  [ -z "$outside" ] || fail "the staged ffmpeg still loads libraries from outside the stage: $outside"
fi
echo "$stamp" >"$stage/.stamp"
echo "stage-functions-runtime: staged $(du -sh "$stage" | cut -f1) in $stage ($(ls "$stage/ffmpeg/lib" 2>/dev/null | wc -l) ffmpeg libraries, $(ls "$stage/native" | wc -l) OpenCV libraries)"
