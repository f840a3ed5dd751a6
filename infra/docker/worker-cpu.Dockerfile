# syntax=docker/dockerfile:1
# The ATSync GPU worker service (`atsync serve`) on the CPU: LibTorch CPU (TorchSharp-cpu) and ONNX Runtime CPU.
# Build from the repository root:  docker build -f infra/docker/worker-cpu.Dockerfile -t atsync-worker:cpu .
# Not built on the development machines (no Docker engine there): see docs/worker.md for what was verified.

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
# Project files first, so the (large: ~1.3 GB of LibTorch) restore is cached until a project or version changes.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY core/ATSync.Core.csproj core/
COPY gpu-worker/ATSync.Worker/ATSync.Worker.csproj gpu-worker/ATSync.Worker/
COPY gpu-worker/ATSync.Worker.Client/ATSync.Worker.Client.csproj gpu-worker/ATSync.Worker.Client/
RUN dotnet restore gpu-worker/ATSync.Worker/ATSync.Worker.csproj
COPY scripts/fix-torchsharp.sh scripts/
COPY core/ core/
COPY gpu-worker/ gpu-worker/
RUN dotnet publish gpu-worker/ATSync.Worker/ATSync.Worker.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
# ffmpeg: media decode/encode; opencv-data: Haar cascades; libdlib-data: the 68-point landmark predictor;
# libgtk-3: OpenCvSharp's native runtime links it; tcmalloc: LibTorch runs several times faster on it (PLATFORM.md).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg opencv-data libdlib-data libgtk-3-0t64 libtcmalloc-minimal4t64 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
    Worker__CacheDirectory=/var/cache/atsync \
    Worker__Device=cpu \
    DOTNET_gcServer=0
# The input cache (datasets, videos, models reused across jobs): mount a disk here to keep it across restarts.
RUN mkdir -p /var/cache/atsync && chown "$APP_UID" /var/cache/atsync
VOLUME /var/cache/atsync
EXPOSE 8080
# Liveness/readiness probes: GET /healthz (no key needed).
USER $APP_UID
ENTRYPOINT ["dotnet", "atsync.dll", "serve"]
