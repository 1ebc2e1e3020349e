"""Shape functions of the stateless and tf.random.Generator (stateful) random ops left over
from the core set (TF 2.21's stateless_random_ops(_v2).cc, stateful_random_ops.cc,
random_index_shuffle_ops.cc, math_ops.cc SobolSample): the sample shape is a shape tensor
input, followed by the parameters' shape for the samplers that take a batch of parameters."""

from __future__ import annotations

from .consteval import int_value
from .registry import shape_fn
from .util import check_rank


def _sample(ctx, i=0):
    return ctx.in_shape_tensor(i)


@shape_fn("StatelessRandomGammaV2", "StatelessRandomPoisson", "StatelessRandomBinomial",
          "StatelessParameterizedTruncatedNormal", "StatelessRandomGammaV3",
          "NonDeterministicInts")
def stateless_sample(ctx):
    check_rank(ctx.in_shape(0), 1, "shape")
    return [_sample(ctx)]


@shape_fn("StatefulStandardNormalV2", "StatefulTruncatedNormal", "StatefulUniform",
          "StatefulUniformFullInt", "StatefulUniformInt", "StatefulRandomBinomial",
          "StatefulStandardNormal")
def stateful_sample(ctx):
    i = 1 if ctx.node.op == "StatefulStandardNormal" else 2
    check_rank(ctx.in_shape(i), 1, "shape")
    return [_sample(ctx, i)]


@shape_fn("RngReadAndSkip")
def rng_read_and_skip(ctx):
    return [(3,)]


@shape_fn("RngSkip")
def rng_skip(ctx):
    return []


@shape_fn("RandomIndexShuffle")
def random_index_shuffle(ctx):
    return [ctx.in_shape(0)]


@shape_fn("SobolSample")
def sobol_sample(ctx):
    for i, what in enumerate(("dim", "num_results", "skip")):
        check_rank(ctx.in_shape(i), 0, what)
    return [(int_value(ctx, 1, "num_results"), int_value(ctx, 0, "dim"))]


