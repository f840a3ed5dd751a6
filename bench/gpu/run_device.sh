#!/usr/bin/env bash
# Run ON the GPU machine (PyTorch there, no .NET), from the repository root, with the packed datasets carried in
# artifacts/gpu/*.npz (bench/gpu/prepare_crops.py): trains ATSync's reference profile on each with the reference
# recipe (200 epochs, batch 16, bf16 autocast) and measures PyTorch's training/inference throughput of the network.
# Writes $OUT/results.jsonl and $OUT/<clip>_reference.part* (the checkpoint as float16 in parts: files come back at
# most 16 MiB each, 64 MiB in all; here `pack_checkpoint.py unpack` restores a .pth). CLIPS, EPOCHS, SKIP_THROUGHPUT
# narrow a run. See bench/gpu/README.md.
set -uo pipefail
out=${OUT:-artifacts/gpu/out}
mkdir -p "$out"
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version())"; } > "$out/machine.txt" 2>&1
cat "$out/machine.txt"
for name in ${CLIPS:-obama_20s news_5s grid_bbaf2n}; do
  data=artifacts/gpu/$name.npz
  [ -f "$data" ] || continue
  python3 bench/gpu/train_reference.py "$data" "/tmp/${name}_reference.pth" --epochs "${EPOCHS:-200}" --batch 16 --precision bf16 \
    | tee -a "$out/results.jsonl"
  python3 bench/gpu/pack_checkpoint.py pack "/tmp/${name}_reference.pth" "$out/${name}_reference"
done
[ -n "${SKIP_THROUGHPUT:-}" ] || python3 bench/gpu/throughput.py | tee -a "$out/results.jsonl"
