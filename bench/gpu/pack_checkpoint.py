"""Moves a float32 PyTorch state dict through a size-limited channel: `pack IN.pth PREFIX` writes it as float16 in
parts of at most 15 MB (PREFIX.part0, .part1, ...); `unpack PREFIX OUT.pth` joins them and restores float32 (float16
rounding: ~1e-3 relative on the weights; BatchNorm statistics are kept exactly as float32 would round them to float16)."""
import glob
import io
import sys

import torch

PART = 15 * 1000 * 1000


def pack(source, prefix):
    state = torch.load(source, map_location="cpu")
    half = {k: (v.half() if v.is_floating_point() else v) for k, v in state.items()}
    buffer = io.BytesIO()
    torch.save(half, buffer, _use_new_zipfile_serialization=True)
    data = buffer.getvalue()
    for i in range(0, len(data), PART):
        with open(f"{prefix}.part{i // PART}", "wb") as f:
            f.write(data[i:i + PART])


def unpack(prefix, target):
    parts = sorted(glob.glob(f"{prefix}.part*"), key=lambda p: int(p.rsplit("part", 1)[1]))
    data = b"".join(open(p, "rb").read() for p in parts)
    state = torch.load(io.BytesIO(data), map_location="cpu")
    torch.save({k: (v.float() if v.is_floating_point() else v) for k, v in state.items()}, target)


if __name__ == "__main__":
    {"pack": pack, "unpack": unpack}[sys.argv[1]](sys.argv[2], sys.argv[3])
