"""Decoding, evaluation, sampling and histograms (TensorFlow counts 0; no MACCs).

- CTCGreedyDecoder, inputs [T, B, C]: per time step and sequence the best class (C − 1
  comparisons) and the running log-probability (1 add): T·B·C. Every sequence is counted at the
  full T steps (shorter sequence_length values do less: a bound).
- InTopK / InTopKV2, predictions [B, C]: each row's C scores compared with the target's, then the
  tally compared with k: B·(C + 1) (the tally's integer increments are not counted).
- HistogramFixedWidth: per value a max with the range's low end, a subtract, a divide by the bin
  width, a min with the last bin and the bin's increment: 5·N(in0).
- Multinomial / StatelessMultinomial, logits [B, C], S samples: per row the max (C − 1), the
  shifted exponentials (2C) and their running sum (C − 1); per sample the uniform draw times the
  total (1) and a binary search of the cumulative sums, ⌈log2(C + 1)⌉ comparisons
  (``search_arith``): B·(4C − 2) + B·S·(1 + ⌈log2(C + 1)⌉). Generating the uniform numbers is not
  arithmetic on data (the random generators are in the zero set).

Sampling ops whose work depends on the values are sized but not counted (uncounted.py):
RandomGamma, RandomPoisson(V2) and ParameterizedTruncatedNormal (rejection loops whose trip counts
depend on the parameters and the draws), SampleDistortedBoundingBox (attempts until a box fits),
CTCBeamSearchDecoder (beam pruning), CTCLoss (label lengths are values). RandomShuffle only
permutes (zero set).
"""

from __future__ import annotations

from .registry import Cost, N, add_zero_ops, dims, register
from .selection import search_arith

add_zero_ops("RandomShuffle")


def _cost(got) -> Cost:
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])


@register("CTCGreedyDecoder", flops="T·B·C: an argmax (C − 1) and an add per step (full length)",
          tf="0", maccs="0")
def ctc_greedy_decoder(ctx):
    x = ctx.inp(0)
    return _cost(None if N(x) is None else (N(x), dims(x)))


@register("InTopK", "InTopKV2", flops="B·(C + 1): C comparisons with the target's score, one with k",
          tf="0", maccs="0")
def in_top_k(ctx):
    p = ctx.inp(0)
    if N(p) is None or len(p) != 2:
        return Cost(None, 0, 0)
    return Cost(p[0] * (p[1] + 1), 0, 0, f"{p[0]}·({p[1]}+1)")


@register("HistogramFixedWidth", flops="5·N(in0): clamp low, shift, divide, clamp high, count",
          tf="0", maccs="0")
def histogram_fixed_width(ctx):
    x = ctx.inp(0)
    return _cost(None if N(x) is None else (5 * N(x), f"5·{dims(x)}"))


def multinomial_arith(batch: int, classes: int, samples: int) -> tuple[int, str]:
    search = search_arith((batch, samples), classes)
    per_row = 4 * classes - 2 if classes else 0
    return (batch * per_row + batch * samples + search[0],
            f"{batch}·(4·{classes}−2) + {batch}·{samples}·(1 + ⌈log2({classes}+1)⌉)")


@register("Multinomial", "StatelessMultinomial",
          flops="B·(4C − 2) + B·S·(1 + ⌈log2(C+1)⌉): softmax CDF per row, a search per sample",
          tf="0", maccs="0")
def multinomial(ctx):
    logits, out = ctx.inp(0), ctx.out()
    if N(logits) is None or len(logits) != 2 or N(out) is None:
        return Cost(None, 0, 0)
    return _cost(multinomial_arith(logits[0], logits[1], out[1]))
