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
"""

from __future__ import annotations

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
