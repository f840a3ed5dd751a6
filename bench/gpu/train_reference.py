"""Trains ATSync's reference profile (the reference design with ATSync's mel audio branch) in PyTorch on a GPU, on a
dataset packed by prepare_crops.py, and writes a state dict whose names and shapes are ATSync's LipSyncNet, so
`atsync eval` / `atsync infer` import it on a CPU. The recipe is the reference's (Adam 1e-3, batch 16, 200 epochs, a
random reference frame per sample, the mouth rectangle x 5..154, y 5..149 masked) with ATSync's loss (L1 + 0.2 x
(1 - SSIM) of the mouth rectangle; the reference's VGG weights are not available offline). The last 20 % of the
frames are held out, as in `atsync train --holdout_tail 0.2`.

Usage: python3 train_reference.py DATA.npz OUT.pth [--epochs 200] [--batch 16] [--precision bf16|fp32]
Prints one JSON line: frames, samples, seconds, samples/s, final loss, device.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class InvertedResidual(nn.Module):
    def __init__(self, i, o, stride=1, residual=False):
        super().__init__()
        h = 2 * i
        self.residual = residual
        self.conv = nn.Sequential(
            nn.Conv2d(i, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU(),
            nn.Conv2d(h, h, 3, stride, 1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU(),
            nn.Conv2d(h, o, 1, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        return x + self.conv(x) if self.residual else self.conv(x)


class DoubleConvDepthwise(nn.Module):
    def __init__(self, i, o, stride=1):
        super().__init__()
        self.double_conv = nn.Sequential(InvertedResidual(i, o, stride), InvertedResidual(o, o, 1, True))

    def forward(self, x):
        return self.double_conv(x)


class InputBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.inconv = InvertedResidual(i, o)

    def forward(self, x):
        return self.inconv(x)


class DownBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.maxpool_conv = DoubleConvDepthwise(i, o, 2)

    def forward(self, x):
        return self.maxpool_conv(x)


class UpBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = DoubleConvDepthwise(i, o)

    def forward(self, deep, skip):
        up = F.interpolate(deep, size=skip.shape[2:], mode="bilinear", align_corners=True)
        return self.conv(torch.cat([up, skip], 1))


class OutputBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = nn.Conv2d(i, o, 1)

    def forward(self, x):
        return torch.sigmoid(self.conv(x))


class MelAudioEncoder(nn.Module):
    """core/Model/MelAudioEncoder.cs at width 32: [B, 32, 80] -> [B, 512, 10, 10]."""

    def __init__(self, w=32):
        super().__init__()
        self.conv0 = nn.Conv2d(1, w, 3, padding=1)
        self.bn0 = nn.BatchNorm2d(w)
        self.conv1 = InvertedResidual(w, 2 * w, (1, 2))
        self.conv2 = InvertedResidual(2 * w, 4 * w, (2, 2))
        self.conv3 = InvertedResidual(4 * w, 8 * w, (1, 2))
        self.conv4 = InvertedResidual(8 * w, 8 * w, 1, True)
        self.conv5 = nn.Conv2d(8 * w, 16 * w, 3, stride=(2, 1), padding=(3, 1))
        self.bn5 = nn.BatchNorm2d(16 * w)
        self.conv6 = InvertedResidual(16 * w, 16 * w, 1, True)
        self.conv7 = InvertedResidual(16 * w, 16 * w, 1, True)

    def forward(self, x):
        y = F.relu(self.bn0(self.conv0(x.unsqueeze(1))))
        y = self.conv4(self.conv3(self.conv2(self.conv1(y))))
        y = F.relu(self.bn5(self.conv5(y)))
        return self.conv7(self.conv6(y))


class LipSyncNet(nn.Module):
    """core/Model/LipSyncNet.cs, reference profile, mel audio: the same field names, so the same state-dict keys."""

    def __init__(self, c=32):
        super().__init__()
        self.inc = InputBlock(6, c)
        self.down1, self.down2 = DownBlock(c, 2 * c), DownBlock(2 * c, 4 * c)
        self.down3, self.down4 = DownBlock(4 * c, 8 * c), DownBlock(8 * c, 16 * c)
        self.audio_model = MelAudioEncoder(c)
        self.fuse_conv = nn.Sequential(DoubleConvDepthwise(32 * c, 16 * c), DoubleConvDepthwise(16 * c, 8 * c))
        self.up1, self.up2 = UpBlock(16 * c, 4 * c), UpBlock(8 * c, 2 * c)
        self.up3, self.up4 = UpBlock(4 * c, c), UpBlock(2 * c, c)
        self.outc = OutputBlock(c, 3)

    def forward(self, face, audio):
        x1 = self.inc(face)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        x5 = self.down4(x4)
        y = self.fuse_conv(torch.cat([x5, self.audio_model(audio)], 1))
        return self.outc(self.up4(self.up3(self.up2(self.up1(y, x4), x3), x2), x1))


TOP, BOTTOM, LEFT, RIGHT = 5, 149, 5, 154


def ssim(a, b):
    """core/Training/ImageQuality.Ssim: 7x7 uniform window, per image mean."""
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    mu_a, mu_b = F.avg_pool2d(a, 7, 1), F.avg_pool2d(b, 7, 1)
    var_a = F.avg_pool2d(a * a, 7, 1) - mu_a ** 2
    var_b = F.avg_pool2d(b * b, 7, 1) - mu_b ** 2
    cov = F.avg_pool2d(a * b, 7, 1) - mu_a * mu_b
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return s.mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--precision", default="bf16", choices=["bf16", "fp32"])
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(1)
    data = np.load(args.data)
    crops = torch.from_numpy(data["crops"]).to(device)  # uint8 [N, 3, 160, 160]
    mel = torch.from_numpy(data["mel"]).to(device)      # [N, 4, 80]
    n = crops.shape[0]
    train = torch.arange(0, n - n // 5 if n >= 5 else n, device=device)
    rows = torch.cat([torch.zeros(4, 4, 80, device=device), mel, torch.zeros(3, 4, 80, device=device)])
    window = torch.arange(8, device=device)

    model = LipSyncNet().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    steps_per_epoch = (len(train) + args.batch - 1) // args.batch
    torch.cuda.synchronize() if device.type == "cuda" else None
    start = time.perf_counter()
    loss_value = float("nan")
    for epoch in range(args.epochs):
        order = train[torch.randperm(len(train), device=device)]
        for s in range(steps_per_epoch):
            frames = order[s * args.batch:(s + 1) * args.batch]
            refs = train[torch.randint(0, len(train), (len(frames),), device=device)]
            current = crops[frames].float() / 255
            masked = current.clone()
            masked[:, :, TOP:BOTTOM + 1, LEFT:RIGHT + 1] = 0
            face = torch.cat([crops[refs].float() / 255, masked], 1)
            audio = rows[frames[:, None] + window[None, :]].reshape(len(frames), 32, 80)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16"):
                prediction = model(face, audio)
            prediction = prediction.float()
            loss = (prediction - current).abs().mean() + 0.2 * (1 - ssim(
                prediction[:, :, TOP:BOTTOM + 1, LEFT:RIGHT + 1], current[:, :, TOP:BOTTOM + 1, LEFT:RIGHT + 1]))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        loss_value = loss.item()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    model.cpu()
    torch.save(model.state_dict(), args.out)
    samples = args.epochs * len(train)
    print(json.dumps({"data": args.data, "frames": n, "train_frames": len(train), "epochs": args.epochs, "batch": args.batch,
                      "precision": args.precision, "samples": samples, "seconds": round(seconds, 1),
                      "samples_per_second": round(samples / seconds, 1), "final_loss": round(loss_value, 4),
                      "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu",
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
