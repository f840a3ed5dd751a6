"""The reference design's inference loop (REFERENCE_MODEL.md), written for benchmarking `atsync infer` against it on
the same machine with Debian's python3-torch. Not part of the product.

Per output frame, as the reference does: read the frame's JPEG and landmark file from the processed dataset
(ping-pong order), cut the square crop, resize to 168 (area), keep the inner 160, black out the mouth rectangle, run
the network at batch 1, resize the prediction back and paste it (no blending), hand the frame to the encoder.
Differences, all in the reference's favour: Debian has no OpenCV for Python, so PIL decodes and resizes; the frames go
straight to ffmpeg (libx264 veryfast crf 18 + AAC, ATSync's own settings) instead of an mp4v file re-encoded
afterwards; the audio features are not computed (random rows of the right shape: the network's cost does not depend
on their values), so feature extraction is not timed. Weights are random (eval mode): speed does not depend on them.

Usage: python3 reference_infer.py DATASET_DIR AUDIO OUTPUT.mp4
Prints: "reference loop: N frames in S s (F frames/s)".
"""
import os
import subprocess
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_unet import ReferenceUNet  # noqa: E402

# iBUG-68 points standing in for the reference's 110-point indices 1, 31 and 52 (REFERENCE_MODEL.md).
LEFT, RIGHT, NOSE = 1, 15, 29


def ping_pong(t, n):
    if n == 1:
        return 0
    period = 2 * (n - 1)
    k = t % period
    return k if k < n else period - k


def audio_seconds(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def main():
    dataset, audio, output = sys.argv[1], sys.argv[2], sys.argv[3]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    net = ReferenceUNet().eval()
    frames_in = len(os.listdir(os.path.join(dataset, "full_body_img")))
    frames_out = int(round(audio_seconds(audio) * 25))
    features = np.random.default_rng(0).standard_normal((frames_out, 2, 1024)).astype(np.float32)
    first = Image.open(os.path.join(dataset, "full_body_img", "0.jpg"))
    width, height = first.size

    start = time.perf_counter()
    encoder = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{width}x{height}",
         "-framerate", "25", "-i", "pipe:0", "-i", audio, "-map", "0:v", "-map", "1:a", "-c:v", "libx264",
         "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", output],
        stdin=subprocess.PIPE)
    for t in range(frames_out):
        i = ping_pong(t, frames_in)
        img = np.asarray(Image.open(os.path.join(dataset, "full_body_img", f"{i}.jpg")).convert("RGB"))[:, :, ::-1].copy()
        lms = np.loadtxt(os.path.join(dataset, "landmarks", f"{i}.lms"), dtype=np.int32)
        xmin, xmax, ymin = lms[LEFT][0], lms[RIGHT][0], lms[NOSE][1]
        side = xmax - xmin
        ymax = ymin + side
        crop = img[ymin:ymax, xmin:xmax]
        h, w = crop.shape[:2]
        crop = np.asarray(Image.fromarray(crop).resize((168, 168), Image.BOX))
        crop_ori = crop.copy()
        real = crop[4:164, 4:164].copy()
        masked = real.copy()
        masked[5:150, 5:155] = 0
        face = np.concatenate([real.transpose(2, 0, 1), masked.transpose(2, 0, 1)], axis=0)[None].astype(np.float32) / 255.0
        lo, hi = t - 4, t + 4
        window = np.zeros((8, 2, 1024), np.float32)
        window[max(0, -lo):8 - max(0, hi - frames_out)] = features[max(lo, 0):min(hi, frames_out)]
        with torch.no_grad():
            pred = net(torch.from_numpy(face), torch.from_numpy(window.reshape(1, 16, 32, 32)))[0]
        pred = (pred.numpy().transpose(1, 2, 0) * 255).clip(0, 255).astype(np.uint8)
        crop_ori[4:164, 4:164] = pred
        img[ymin:ymax, xmin:xmax] = np.asarray(Image.fromarray(crop_ori).resize((w, h), Image.BILINEAR))
        encoder.stdin.write(img.tobytes())
    encoder.stdin.close()
    if encoder.wait() != 0:
        sys.exit("reference loop: ffmpeg failed")
    elapsed = time.perf_counter() - start
    print(f"reference loop: {frames_out} frames in {elapsed:.1f} s ({frames_out / elapsed:.1f} frames/s)")


if __name__ == "__main__":
    main()
