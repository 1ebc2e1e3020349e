"""Searching and selecting: TopK, Bucketize, non-max suppression (no MACCs; TF counts 0).

Their work depends on the data; each gets a documented data-independent convention:

- TopK / TopKV2 on rows of n: a running heap of the k best, one sift of depth ⌈log2(k + 1)⌉
  comparisons per element: N(in0)·⌈log2(k + 1)⌉ (k = 1 gives N(in0), ArgMax's count within one
  per row). k is read from the output's last dimension.
- Bucketize: a binary search of each element in the b sorted boundaries (std::upper_bound, as
  TF's kernel): ⌈log2(b + 1)⌉ comparisons per element.
- NonMaxSuppression (V1–V5) and CombinedNonMaxSuppression: the data-independent part only, a
  lower bound: each box's area (2 subtracts, 1 multiply: 3 per box) and each score's comparison
  with the score threshold (1 per score). The greedy loop (sorting the candidates, then one IoU,
  about 12 FLOPs, per candidate per kept box) depends on the scores and the overlaps, and is not
  counted.
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def _log2_ceil(n: int) -> int:
    return max(n - 1, 0).bit_length()  # ⌈log2(n)⌉ for n ≥ 1


def search_arith(x, candidates: int | None) -> tuple[int, str] | None:
    """(exact, text): N(x)·⌈log2(candidates + 1)⌉ comparisons."""
    if N(x) is None or candidates is None:
        return None
    depth = _log2_ceil(candidates + 1)
    return N(x) * depth, f"{dims(x)}·{depth}"


def _cost(exact) -> Cost:
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


@register("TopK", "TopKV2", flops="N(in0)·⌈log2(k+1)⌉, k = out[-1]", tf="0", maccs="0")
def top_k(ctx):
    out = ctx.out()
    k = out[-1] if out else None
    return _cost(search_arith(ctx.inp(0), k))


@register("Bucketize", flops="N(in0)·⌈log2(b+1)⌉, b = len(boundaries)", tf="0", maccs="0")
def bucketize(ctx):
    b = ctx.attr("boundaries")
    return _cost(search_arith(ctx.inp(0), None if b is None else len(b)))


@register("NonMaxSuppression", "NonMaxSuppressionV2", "NonMaxSuppressionV3", "NonMaxSuppressionV4",
          "NonMaxSuppressionV5", "CombinedNonMaxSuppression",
          flops="3·N(in0)/4 + N(in1): box areas and the score threshold (a lower bound: the "
                "greedy IoU loop depends on the data)", tf="0", maccs="0")
def non_max_suppression(ctx):
    boxes, scores = ctx.inp(0), ctx.inp(1)
    if N(boxes) is None or N(scores) is None:
        return Cost(None, 0, 0)
    n_boxes = N(boxes) // 4
    return Cost(3 * n_boxes + N(scores), 0, 0, f"3·{n_boxes}+{N(scores)}")
