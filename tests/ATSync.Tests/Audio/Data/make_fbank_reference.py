#!/usr/bin/env python3
"""Reference numbers for KaldiFbank, written with numpy only (torchaudio is not installed here).

Reads signal_16k.npy (made by make_mel_reference.py), scales it to the int16 range (x * 32768) as the WeNet
feature pipeline does, and computes torchaudio.compliance.kaldi.fbank(wave, num_mel_bins=80, frame_length=25,
frame_shift=10, dither=0, energy_floor=0, sample_frequency=16000) step by step as torchaudio/kaldi define it:
  frames of 400 samples every 160 (snip_edges: only whole frames), remove each frame's DC offset,
  pre-emphasis x[j] -= 0.97 x[j-1] with x[-1] := x[0], povey window (symmetric hann ** 0.85),
  zero-pad to 512, power spectrum |rfft|^2, kaldi triangular mel banks (mel = 1127 ln(1 + f/700)) over
  20 Hz..8000 Hz (the bin at Nyquist gets weight 0), log(max(energy, float32 eps)).
Writes fbank_ref.npy float32 [48, 80].
Run: python3 make_fbank_reference.py
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SR, FRAME, SHIFT, PADDED, N_MELS, LOW, HIGH = 16000, 400, 160, 512, 80, 20.0, 8000.0


def mel(f):
    return 1127.0 * np.log(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_banks():
    n_bins = PADDED // 2
    fft_bin_width = SR / PADDED
    mel_low, mel_high = mel(LOW), mel(HIGH)
    delta = (mel_high - mel_low) / (N_MELS + 1)
    b = np.arange(N_MELS)[:, None]
    left, center, right = mel_low + b * delta, mel_low + (b + 1) * delta, mel_low + (b + 2) * delta
    m = mel(fft_bin_width * np.arange(n_bins))[None, :]
    up = (m - left) / (center - left)
    down = (right - m) / (right - center)
    banks = np.maximum(0.0, np.minimum(up, down))
    return np.pad(banks, ((0, 0), (0, 1)))  # [80, 257], Nyquist column zero


def fbank(wave):
    wave = wave.astype(np.float64)
    n_frames = 1 + (len(wave) - FRAME) // SHIFT if len(wave) >= FRAME else 0
    frames = np.stack([wave[i * SHIFT:i * SHIFT + FRAME] for i in range(n_frames)])
    frames = frames - frames.mean(axis=1, keepdims=True)
    previous = np.concatenate([frames[:, :1], frames[:, :-1]], axis=1)
    frames = frames - 0.97 * previous
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / (FRAME - 1))) ** 0.85
    frames = np.pad(frames * window, ((0, 0), (0, PADDED - FRAME)))
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    energies = power @ mel_banks().T
    return np.log(np.maximum(energies, np.finfo(np.float32).eps))


if __name__ == "__main__":
    signal = np.load(os.path.join(HERE, "signal_16k.npy"))
    feats = fbank(signal.astype(np.float64) * 32768.0).astype(np.float32)
    np.save(os.path.join(HERE, "fbank_ref.npy"), feats)
    print("fbank", feats.shape, "range", feats.min(), feats.max())
