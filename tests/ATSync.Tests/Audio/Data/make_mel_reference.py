#!/usr/bin/env python3
"""Reference numbers for MelFeatureExtractor (Wav2Lip-style log-mel), written with numpy only.

Writes (next to this script):
  signal_16k.npy  float32 [8000]     0.5 s deterministic test signal (tones, chirp, pseudo-noise, a silent gap)
  mel_ref.npy     float32 [41, 80]   normalised log-mel, frames x bins, in [-4, 4]

Follows Wav2Lip's audio.py with librosa's defaults of that era: pre-emphasis lfilter([1, -0.97]),
librosa.stft(n_fft=800, hop=200, win=800, window='hann' (periodic), center=True, pad_mode='reflect'),
librosa.filters.mel(sr=16000, n_fft=800, n_mels=80, fmin=55, fmax=7600) (Slaney scale, Slaney area norm),
20*log10(max(1e-5, x)) - 20, symmetric normalisation to [-4, 4] with min_level_db = -100, clipped.
Run: python3 make_mel_reference.py
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SR, N_FFT, HOP, WIN, N_MELS, FMIN, FMAX = 16000, 800, 200, 800, 80, 55.0, 7600.0


def make_signal():
    n = 8000
    t = np.arange(n) / SR
    x = 0.3 * np.sin(2 * np.pi * 220 * t) + 0.15 * np.sin(2 * np.pi * 660 * t + 0.3)
    x += 0.2 * np.sin(2 * np.pi * (300 * t + 4000 * t * t))  # chirp 300 Hz -> 4300 Hz
    state, noise = 12345, np.empty(n)
    for i in range(n):  # 31-bit LCG: reproducible pseudo-noise without numpy's RNG
        state = (1103515245 * state + 12345) % (1 << 31)
        noise[i] = state / float(1 << 30) - 1.0
    x += 0.05 * noise
    x *= np.minimum(1.0, t / 0.02)  # 20 ms fade-in
    x[3200:4800] = 0.0  # 100 ms of digital silence
    return x.astype(np.float32)


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters():
    fft_freqs = np.linspace(0, SR / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(FMIN), hz_to_mel(FMAX), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    weights = np.zeros((N_MELS, 1 + N_FFT // 2))
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:N_MELS + 2] - mel_f[:N_MELS]))[:, None]
    return weights


def melspectrogram(x):
    x = x.astype(np.float64)
    y = np.concatenate([[x[0]], x[1:] - 0.97 * x[:-1]])
    padded = np.pad(y, N_FFT // 2, mode="reflect")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(WIN) / WIN)  # periodic hann
    frames = np.stack([padded[i * HOP:i * HOP + N_FFT] * window for i in range(n_frames)])
    magnitude = np.abs(np.fft.rfft(frames, axis=1))  # [frames, 401]
    mel = magnitude @ mel_filters().T
    db = 20 * np.log10(np.maximum(1e-5, mel)) - 20
    return np.clip(8 * ((db + 100) / 100) - 4, -4, 4)


if __name__ == "__main__":
    signal = make_signal()
    mel = melspectrogram(signal).astype(np.float32)
    np.save(os.path.join(HERE, "signal_16k.npy"), signal)
    np.save(os.path.join(HERE, "mel_ref.npy"), mel)
    print("signal", signal.shape, "mel", mel.shape, "range", mel.min(), mel.max())
