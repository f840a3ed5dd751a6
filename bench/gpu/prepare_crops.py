"""Packs a processed ATSync dataset for training off this machine (bench/gpu): every frame's 160x160 network crop, cut
as ATSync cuts it (iBUG-68 points 1 and 15 give the width, 29 the top; the square moved inside the frame, resized to
168 with INTER_AREA, the inner 160 kept), and the mel features, into one compressed .npz.

Usage: /usr/bin/python3 prepare_crops.py DATASET_DIR OUT.npz        (Debian's python3-numpy and python3-opencv)
"""
import json
import os
import sys

import cv2
import numpy as np


def crop_region(points, width, height):
    xmin, xmax, ymin = round(points[1][0]), round(points[15][0]), round(points[29][1])
    side = xmax - xmin
    x, y = xmin, ymin
    limit = min(width, height)
    if side > limit:
        x += (side - limit) // 2
        y += (side - limit) // 2
        side = limit
    return min(max(x, 0), width - side), min(max(y, 0), height - side), side


def main():
    dataset, out = sys.argv[1], sys.argv[2]
    manifest = json.load(open(os.path.join(dataset, "dataset.json")))
    frames = manifest["frame_count"]
    crops = np.zeros((frames, 3, 160, 160), np.uint8)
    for i in range(frames):
        image = cv2.imread(os.path.join(dataset, "full_body_img", f"{i}.jpg"), cv2.IMREAD_COLOR)
        points = [tuple(float(v) for v in line.split()) for line in open(os.path.join(dataset, "landmarks", f"{i}.lms"))]
        x, y, side = crop_region(points, image.shape[1], image.shape[0])
        square = cv2.resize(image[y:y + side, x:x + side], (168, 168), interpolation=cv2.INTER_AREA)
        crops[i] = square[4:164, 4:164].transpose(2, 0, 1)
    mel = np.load(os.path.join(dataset, "aud_mel.npy")).astype(np.float32)
    assert mel.shape[0] == frames, (mel.shape, frames)
    np.savez_compressed(out, crops=crops, mel=mel)
    print(f"{out}: {frames} crops, mel {mel.shape}, {os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
