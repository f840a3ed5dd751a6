# syntax=docker/dockerfile:1
# The ATSync GPU worker service (`atsync serve`) for NVIDIA GPUs: CUDA 12 + cuDNN runtime on Ubuntu 24.04, LibTorch
# CUDA (TorchSharp-cuda-linux) and ONNX Runtime GPU, chosen by the build property AtsyncTorch=cuda (core/ATSync.Core.csproj;
# the default build keeps TorchSharp-cpu and ONNX Runtime CPU).
# Build from the repository root:  docker build -f infra/docker/worker-cuda.Dockerfile -t atsync-worker:cuda .
# Run:  docker run --gpus all -p 8080:8080 -e ATSYNC_WORKER_API_KEY=... -e Worker__Storage__BlobServiceUri=... atsync-worker:cuda
# Not built on the development machines (no Docker engine, and TorchSharp-cuda-linux is not on their package feed):
# see docs/worker.md for what was and was not verified.

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY core/ATSync.Core.csproj core/
COPY gpu-worker/ATSync.Worker/ATSync.Worker.csproj gpu-worker/ATSync.Worker/
COPY gpu-worker/ATSync.Worker.Client/ATSync.Worker.Client.csproj gpu-worker/ATSync.Worker.Client/
# LibTorch CUDA is several GB: keep this layer cached.
RUN dotnet restore gpu-worker/ATSync.Worker/ATSync.Worker.csproj -p:AtsyncTorch=cuda
COPY scripts/fix-torchsharp.sh scripts/
COPY core/ core/
COPY gpu-worker/ gpu-worker/
RUN dotnet publish gpu-worker/ATSync.Worker/ATSync.Worker.csproj -c Release -p:AtsyncTorch=cuda --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS dotnet

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
# The ASP.NET Core runtime, taken from Microsoft's image of the same Ubuntu release; then the engine's media and
# model data (as in the CPU image) and what the runtime itself needs (TLS, certificates; globalization is invariant).
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg opencv-data libdlib-data libgtk-3-0t64 libtcmalloc-minimal4t64 libssl3t64 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
    Worker__CacheDirectory=/var/cache/atsync \
    Worker__Device=auto \
    Worker__Concurrency=1 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
RUN useradd --uid 1654 --create-home app && mkdir -p /var/cache/atsync && chown app /var/cache/atsync
VOLUME /var/cache/atsync
EXPOSE 8080
# Liveness/readiness probes: GET /healthz (no key needed).
USER app
ENTRYPOINT ["dotnet", "atsync.dll", "serve"]
