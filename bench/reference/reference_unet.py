"""The reference person-specific lip-sync UNet (hubert mode), written from the architecture description in the
workplace notes (REFERENCE_MODEL.md), for benchmarking against ATSync on the same machine with Debian's
python3-torch. Not part of the product.

Usage: python3 reference_unet.py train|infer BATCH STEPS   (prints one line: mode, batch, ms per sample)
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class InvertedResidual(nn.Module):
    def __init__(self, i, o, stride=1, residual=False):
        super().__init__()
        h = 2 * i
        self.residual = residual
        self.conv = nn.Sequential(
            nn.Conv2d(i, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU(inplace=True),
            nn.Conv2d(h, h, 3, stride, 1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU(inplace=True),
            nn.Conv2d(h, o, 1, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        return x + self.conv(x) if self.residual else self.conv(x)


def dcdw(i, o, stride=1):
    return nn.Sequential(InvertedResidual(i, o, stride), InvertedResidual(o, o, 1, residual=True))


def conv_bn_relu(i, o, stride, pad):
    return nn.Sequential(nn.Conv2d(i, o, 3, stride, pad), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class Up(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = dcdw(i, o)

    def forward(self, x, skip):
        x = F.interpolate(x, size=skip.shape[2:], mode="bilinear", align_corners=True)
        return self.conv(torch.cat([x, skip], dim=1))


class ReferenceUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.inc = InvertedResidual(6, 32)
        self.down = nn.ModuleList([dcdw(32, 64, 2), dcdw(64, 128, 2), dcdw(128, 256, 2), dcdw(256, 512, 2)])
        self.audio = nn.Sequential(
            InvertedResidual(16, 64), InvertedResidual(64, 128), conv_bn_relu(128, 256, 2, 1),
            InvertedResidual(256, 256, residual=True), conv_bn_relu(256, 512, 2, 3),
            InvertedResidual(512, 512, residual=True), InvertedResidual(512, 512, residual=True))
        self.fuse = nn.Sequential(dcdw(1024, 512), dcdw(512, 256))
        self.up = nn.ModuleList([Up(512, 128), Up(256, 64), Up(128, 32), Up(64, 32)])
        self.outc = nn.Conv2d(32, 3, 1)

    def forward(self, face, audio):
        skips = [self.inc(face)]
        for block in self.down:
            skips.append(block(skips[-1]))
        x = self.fuse(torch.cat([skips[-1], self.audio(audio)], dim=1))
        for block, skip in zip(self.up, reversed(skips[:-1])):
            x = block(x, skip)
        return torch.sigmoid(self.outc(x))


def main():
    mode, batch, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = ReferenceUNet()
    face, audio = torch.rand(batch, 6, 160, 160), torch.randn(batch, 16, 32, 32)
    target = torch.rand(batch, 3, 160, 160)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        if mode == "train":
            optimizer.zero_grad()
            loss = F.l1_loss(model(face, audio), target)
            loss.backward()
            optimizer.step()
        else:
            with torch.no_grad():
                model(face, audio)

    if mode == "infer":
        model.eval()
    for _ in range(2):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    elapsed = time.perf_counter() - start
    print(f"{mode} batch {batch}: {1000 * elapsed / (steps * batch):.1f} ms/sample "
          f"({sum(p.numel() for p in model.parameters())} parameters, torch {torch.__version__})")


if __name__ == "__main__":
    main()
