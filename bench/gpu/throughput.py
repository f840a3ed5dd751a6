"""PyTorch's own throughput for ATSync's reference-profile network on this GPU: training samples/s (Adam, L1) and
inference frames/s, fp32 and bf16 autocast, batch 8..128. One JSON line per setting."""
import json
import time

import torch
import torch.nn.functional as F

from train_reference import LipSyncNet


def measure(batch, precision, train, steps=20):
    device = torch.device("cuda")
    model = LipSyncNet().to(device)
    model.train(train)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    face = torch.rand(batch, 6, 160, 160, device=device)
    audio = torch.randn(batch, 32, 80, device=device)
    target = torch.rand(batch, 3, 160, 160, device=device)

    def step():
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=precision == "bf16"):
            if train:
                loss = F.l1_loss(model(face, audio).float(), target)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            else:
                with torch.no_grad():
                    model(face, audio)

    for _ in range(3):
        step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    return batch * steps / (time.perf_counter() - start)


for train in (True, False):
    for precision in ("fp32", "bf16"):
        for batch in (8, 32, 128):
            rate = measure(batch, precision, train)
            print(json.dumps({"throughput": "train" if train else "infer", "precision": precision, "batch": batch,
                              "per_second": round(rate, 1), "device": torch.cuda.get_device_name(0)}), flush=True)
