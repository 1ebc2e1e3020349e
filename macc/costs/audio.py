"""Audio features: AudioSpectrogram and Mfcc (tf.audio, the speech-commands model; TensorFlow
counts 0). DecodeWav/EncodeWav are codecs (zero set, like the image decoders).

- AudioSpectrogram, input [samples, channels], window W, FFT length M = the next power of two
  ≥ W: per frame and channel the window is multiplied by the Hann window (W), zero-padded to M and
  transformed by a real FFT (2.5·M·log2 M, ``fft_arith``: macc's FFT convention), then each of the
  M/2 + 1 bins takes re² + im² (3) and, unless ``magnitude_squared``, a sqrt (4).
- Mfcc, spectrogram [channels, frames, bins], K = filterbank_channel_count, D =
  dct_coefficient_count: per frame the mel filterbank takes every bin between
  start = int(1.5 + lower/hz) and end = int(upper/hz) (hz = sample_rate / (2·(bins − 1)), TF's
  kernel), each: a sqrt, a weighting multiply, an add into its channel, a subtract and an add into
  the next channel (5); then max with the floor and a log per channel (2K); then the DCT, D dot
  products of length K with a cosine table: D·(2K − 1) FLOPs, D·K MACCs (a matrix-vector product).
  The bin range needs the sample rate, a value: without a constant sample rate the node is
  unknown.
- AudioMicrofrontend (TF Lite's fixed-point speech frontend), audio [L] int16: every window of
  W = window_size·sample_rate/1000 samples, stepped by window_step·sample_rate/1000, is a frame
  (F = (L − W)/step + 1, 0 when L < W; all F are computed, frame_stride only picks the rows
  written). Every integer operation on the signal counts 1 (as RightShift and BitwiseAnd do: a
  fixed-point rescale is a shift), sqrt and log 1 each; table lookups, copies, casts and the
  per-frame shift amounts count 0. Per frame, with M = the power of two ≥ W, C = num_channels
  and the filterbank's layout read from the attrs (TF Lite's FilterbankPopulateState, in
  float32): window multiply, shift, abs, running max (4W); the FFT input shift (W) and the real
  FFT (2.5·M·log2 M, ``fft_arith``); the energy re² + im² of the E bins the filterbank reads
  (3E); the weighted and unweighted multiply-accumulates over the C + 1 channels' padded widths
  S (4S); sqrt and shift per channel (2C); noise reduction (12C); PCAN when enabled (18C); the
  log scale when enabled (10C: a shift, the > 1 test, the log, its fixed-point ln scaling (6),
  the uint16 clamp), else the clamp (C); the kernel's division by out_scale (C). Three steps
  branch on the values: the integer sqrt's iterations (counted as one sqrt), the log of values
  ≤ 1 and PCAN's gain of noise estimates ≤ 2 (skipped; counted as computed): the count is the
  longest path.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ShapeError
from ..shapes.extra_ops import next_power_of_two
from .registry import Cost, N, add_zero_ops, register
from .signal import fft_arith

add_zero_ops("DecodeWav", "EncodeWav")


def spectrogram_arith(out, window: int, squared: bool) -> tuple[int, str] | None:
    """(exact, text) of the spectrogram ``out`` [channels, frames, bins]."""
    if N(out) is None:
        return None
    frames = out[0] * out[1]
    m = next_power_of_two(window)
    fft, _ = fft_arith(m, m, True)
    per_bin = 3 if squared else 4
    per = window + fft + per_bin * out[2]
    return frames * per, f"{out[0]}·{out[1]}·({window} + {fft} + {per_bin}·{out[2]})"


@register("AudioSpectrogram",
          flops="frames·(W + 2.5·M·log2 M + bins·(3, or 4 with the sqrt)), M = pow2 ≥ W",
          tf="0", maccs="0")
def audio_spectrogram(ctx):
    got = spectrogram_arith(ctx.out(), int(ctx.attr("window_size", 0)),
                            bool(ctx.attr("magnitude_squared", False)))
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])


def mel_bins(bins: int, sample_rate: float, lower: float, upper: float) -> int:
    """FFT bins the mel filterbank reads (TF's MfccMelFilterbank start/end indices)."""
    if bins < 2 or sample_rate <= 0:
        return 0
    hz_per_bin = 0.5 * sample_rate / (bins - 1)
    start = int(1.5 + lower / hz_per_bin)
    end = int(upper / hz_per_bin)
    return max(end - start + 1, 0)


def mfcc_arith(spec, sample_rate: float, lower: float, upper: float, k: int,
               d: int) -> tuple[int, int, str] | None:
    """(exact, maccs, text) of Mfcc on ``spec`` [channels, frames, bins]."""
    if N(spec) is None:
        return None
    frames = spec[0] * spec[1]
    nb = mel_bins(spec[2], sample_rate, lower, upper)
    per = 5 * nb + 2 * k + d * (2 * k - 1)
    return frames * per, frames * d * k, f"{spec[0]}·{spec[1]}·(5·{nb} + 2·{k} + {d}·(2·{k}−1))"


@register("Mfcc", flops="frames·(5·bins_used + 2K + D·(2K−1)); bins_used from the sample rate",
          tf="0", maccs="frames·D·K", values=True)
def mfcc(ctx):
    rate = ctx.value(1)
    if rate is None:
        return Cost(None, 0, 0, "needs a constant sample_rate")
    got = mfcc_arith(ctx.inp(0), float(rate.reshape(-1)[0]),
                     float(ctx.attr("lower_frequency_limit", 20.0)),
                     float(ctx.attr("upper_frequency_limit", 4000.0)),
                     int(ctx.attr("filterbank_channel_count", 40)),
                     int(ctx.attr("dct_coefficient_count", 13)))
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, got[1], got[2])


def _mel(freq) -> np.float32:
    """TF Lite's FreqToMel: 1127·log1p(f/700) in double, returned as a float."""
    return np.float32(1127.0 * math.log1p(float(freq) / 700.0))


def filterbank_layout(channels: int, sample_rate: int, fft_size: int, lower: float,
                      upper: float) -> tuple[int, int]:
    """(E, S) of TF Lite's filterbank: E = the FFT bins whose energy it reads (end − start), S =
    the padded widths of its C + 1 channels summed (4 for a channel with no bins), computed in
    float32 as FilterbankPopulateState computes them."""
    f32 = np.float32
    lo, hi = _mel(f32(lower)), _mel(f32(upper))
    spacing = f32(f32(hi - lo) / f32(channels + 1))  # C + 1 centers, the last one at upper
    centers = [f32(lo + f32(spacing * f32(i + 1))) for i in range(channels + 1)]
    spectrum = fft_size // 2 + 1
    hz = f32(0.5 * sample_rate / float(f32(spectrum) - f32(1)))
    start = int(1.5 + float(f32(f32(lower) / hz)))
    index, end, padded = start, 0, 0
    for center in centers:
        first = index
        while _mel(f32(f32(index) * hz)) <= center:
            index += 1
            if index > spectrum:
                break
        width = index - first
        if width == 0:
            padded += 4
        else:
            aligned = first - (first // 2) * 2 + width
            padded += ((aligned - 1) // 4 + 1) * 4
        end = max(end, index)
    if end >= spectrum:
        raise ShapeError(f"the filterbank reaches bin {end}, beyond the {spectrum} bins of a "
                         f"{fft_size}-point FFT (upper_band_limit {upper} above the Nyquist "
                         "frequency): TF's kernel fails")
    return end - start, padded


def microfrontend_arith(samples: int, attr) -> tuple[int, str]:
    """(exact, text) of AudioMicrofrontend on ``samples`` samples; ``attr(key, default)``."""
    rate = int(attr("sample_rate", 16000))
    window = int(attr("window_size", 25)) * rate // 1000
    step = int(attr("window_step", 10)) * rate // 1000
    if samples < window or window <= 0:
        return 0, "0 frames"
    if step <= 0:
        raise ShapeError(f"window_step {step} samples must be positive")
    frames = (samples - window) // step + 1
    c = int(attr("num_channels", 32))
    m = next_power_of_two(window)
    fft, _ = fft_arith(m, m, True)
    e, s = filterbank_layout(c, rate, m, float(attr("lower_band_limit", 125.0)),
                             float(attr("upper_band_limit", 7500.0)))
    per_channel = 2 + 12 + (18 if attr("enable_pcan", False) else 0) \
        + (10 if attr("enable_log", True) else 1) + 1
    per = 5 * window + fft + 3 * e + 4 * s + per_channel * c
    return frames * per, f"{frames}·(5·{window} + {fft} + 3·{e} + 4·{s} + {per_channel}·{c})"


@register("AudioMicrofrontend", flops="frames·(5W + 2.5·M·log2 M + 3E + 4S + k·C), k = 16 "
          "(+18 with PCAN, +9 with the log); E, S from the filterbank's layout (the longest "
          "path)", tf="0", maccs="0")
def audio_microfrontend(ctx):
    audio = ctx.inp(0)
    if N(audio) is None:
        return Cost(None, 0, 0)
    got = microfrontend_arith(N(audio), ctx.attr)
    return Cost(got[0], 0, 0, got[1])
