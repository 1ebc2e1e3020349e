"""Randomized TF1 graph-mode graphs (seeded): chains and DAGs of 5-30 ops from a broad palette
(tools/sweep_cases/fuzz_ops.py, and fuzz_ops2.py's second palette at a low weight: scatter,
segments, bincount/unique, sparse tensors, random ops on shape vectors, FFTs, image adjustments
and boxes, NMS, fake quantization, more linalg, integer/bitwise math, searchsorted/meshgrid/
linspace/boolean_mask/dynamic partition, RNN cells, 3-D and fractional pooling, in_top_k/CTC,
string splits, TensorArray loops) on placeholders of random shapes, some dims unknown.

Each graph is built twice from the same random draws: once on fully shaped placeholders (the
shape oracle: every random choice reads its concrete shapes, and an op TF refuses there is a
skipped invalid combination) and once on placeholders with unknown dims (None, sometimes an
unknown rank), which is the graph profiled. About 30% of the graphs end with the gradients of
their last tensor (tf.gradients: the backprop ops TF counts); every fourth builds its control
flow (cond, while_loop, map_fn, switch_case) as v1, the rest as v2. Each graph runs as is
(``fuzz_NNN``); when some dim is unknown also with its placeholders fixed to the concrete
shapes (``fuzz_NNN_fixed``: the ``inputs`` TF and macc are both given); every third graph also
with TF's ``_output_shapes`` attrs (``fuzz_NNN_shapes``). ``--as-b1`` adds ``--batch 1`` runs
(an unknown leading dim is 1 in about 40% of the graphs; where TF refuses batch 1 the run is
skipped). A graph whose fixed form TF's import refuses is skipped. ``FUZZ_SEED`` and
``FUZZ_GRAPHS`` (environment) change the seed (default 12) and the count (default 1000: about
3 minutes, 3.5 with ``--as-b1``, on the 2-core machine).

Excluded: none. Every disagreement the first palette showed (seeds 12, 7, 9, 21, 33; about 7,800
graphs, 25,000 profiles with ``--as-b1``) was a macc shape rule that differed from TF's, now
fixed, each with a minimised TF-profiled fixture (tools/fixtures/fuzz_found.py) or a unit test
(tests/test_sweep_fuzz.py); so were the second palette's (seeds 12, 7, 21; about 2,700 graphs,
7,000 profiles: constants crossing a function call, TensorArrayConcatV3's unknown rank,
SparseReorder's ranks, MatrixDiagV3 of an unknown length, constants TF's import evaluates
through Rsqrt, IsFinite, Relu, DynamicPartition and SparseSlice), and those of seeds 2026, 4242,
777, 31337 and 555 (4,800 graphs, 15,887 profiles with ``--as-b1``: BroadcastTo of a zero dim,
a Gather of constants with an index out of range, max-pool gradients of unknown rank,
Dilation2D's late depth check, MatrixSetDiagV3 sized from its diagonal) and of seeds 8080,
9090 and 1111 (3,000 graphs, 9,787 profiles: FusedBatchNormGrad's x_backprop from y_backprop
alone, LRNGrad merging its three inputs), and of seed 7070 (RFFT of an fft_length of 0).
Still differing, and known: TF's import runs any kernel on a constant subgraph, macc folds only
a chosen set, so a shape fed by string kernels (StringSplit of a constant) or stateless random
values of constants stays unknown in macc (the families whose shapes come from values draw
inputs TF cannot evaluate: ``Pool.pick(live=)``). A TensorList made from a tensor
(TensorListFromTensor) holds its element_shape input as given, in TF and in macc alike (macc
refines a list with what is written only in loops it inlines from a SavedModel:
macc/shapes/control_flow.py). A node's value below 1 (a Sum of an empty tensor: -1) is compared
as TF reports it, 0 (tools/sweep.py).
Ops TF refuses at build time (e.g. strides with dilations, mismatched shapes) are skipped and
counted in the ``fuzz:`` line on stderr.
"""

import math
import os
import random
import sys

import tensorflow as tf

from tools.sweep_cases.fuzz_ops import PALETTE as PALETTE1
from tools.sweep_cases.fuzz_ops2 import PALETTE2

v1 = tf.compat.v1
PALETTE = PALETTE1 + PALETTE2
MAX_ELEMENTS = 4096  # tensors larger than this stay in the graph but feed no later op
EXCLUDED = set()


class Pool:
    """The tensors built so far: the shaped build's (``t1``), the profiled build's (``t2``)."""

    def __init__(self):
        self.t1, self.t2, self.shapes, self.live = [], [], [], []

    def add(self, a, b):
        s = a.shape.as_list() if a.shape.rank is not None else None
        usable = (s is not None and None not in s and a.dtype == tf.float32
                  and b.dtype == tf.float32 and math.prod(s) <= MAX_ELEMENTS and 0 not in s)
        self.t1.append(a)
        self.t2.append(b)
        self.shapes.append(s if usable else None)
        self.live.append(_live(a))  # the shaped build: its Shape ops are all constants

    def shape(self, i):
        return self.shapes[i]

    def pick(self, r, rank=(1, 5), live=False):
        """A tensor of a rank in ``rank``; ``live``: one TF's import cannot evaluate (it depends
        on a placeholder or a stateful op), for the ops whose output shapes come from values
        (bincount, string splits, sparse tensors, boolean masks): on constants TF runs their
        kernels at import, which macc does not (the known difference named above)."""
        ok = [i for i, s in enumerate(self.shapes) if s is not None and rank[0] <= len(s) <= rank[1]
              and (self.live[i] or not live)]
        if not ok:
            return None
        if r.random() < 0.6:  # mostly the newest: chains
            return ok[-1]
        return r.choice(ok)

    def partner(self, r, i, want=None):
        s = self.shapes[i]
        want = want or (lambda t: _broadcasts(s, t))
        ok = [j for j, t in enumerate(self.shapes) if t is not None and want(t)]
        return r.choice(ok) if ok else None


def _live(t):
    """Whether TF's constant evaluation stops before ``t`` (in the fully shaped build): a
    placeholder or a stateful op (random ops, variables) among its data inputs, transitively,
    not behind a Shape/Size/Rank (of a fully shaped tensor: a constant)."""
    seen, todo = set(), [t.op]
    while todo:
        op = todo.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        if op.type in ("Shape", "ShapeN", "Size", "Rank"):
            continue
        if op.type == "Placeholder" or op.op_def.is_stateful:
            return True
        todo.extend(x.op for x in op.inputs)
    return False


def _broadcasts(a, b):
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(a), reversed(b)))


def _placeholders(r):
    specs = []
    for k in range(r.randint(1, 3)):
        rank = r.choice([1, 2, 2, 3, 3, 4, 4, 4, 5])
        dims = [r.randint(1, 6) for _ in range(rank)]
        known = r.random() < 0.2
        unknown_rank = not known and r.random() < 0.07
        partial = [d if known or r.random() > (0.5 if q == 0 else 0.25) else None
                   for q, d in enumerate(dims)]
        if partial[0] is None and r.random() < 0.4:  # batch 1: what --batch 1 (--as-b1) sets
            dims[0] = 1
        specs.append((f"x{k}", dims, None if unknown_rank else partial))
    return specs


def build(seed):
    """(GraphDef with unknown dims, {placeholder: concrete shape}, ops skipped) of graph ``seed``;
    every fourth seed builds its control flow as v1 (Switch/Merge/Enter... inline)."""
    if seed % 4 == 0:
        v1.disable_control_flow_v2()
    try:
        return _build(seed)
    finally:
        v1.enable_control_flow_v2()


def _build(seed):
    r = random.Random(seed)
    specs = _placeholders(r)
    g1, g2 = tf.Graph(), tf.Graph()
    pool = Pool()
    for name, dims, partial in specs:
        with g1.as_default():
            a = v1.placeholder(tf.float32, dims, name=name)
        with g2.as_default():
            b = v1.placeholder(tf.float32, partial, name=name)
        pool.add(a, b)
    steps, done, tries, skipped = r.randint(5, 30), 0, 0, 0
    weights = [w for w, _ in PALETTE]
    while done < steps and tries < 4 * steps:
        tries += 1
        fn = r.choices([f for _, f in PALETTE], weights)[0]
        try:
            got = fn(r, pool)
        except (ValueError, IndexError, TypeError, ZeroDivisionError):  # no tensor fits this op's needs
            got = None
        if got is None:
            continue
        idx, apply = got
        try:
            with g1.as_default():
                outs1 = apply(*[pool.t1[k] for k in idx])
            with g2.as_default():
                outs2 = apply(*[pool.t2[k] for k in idx])
        except Exception:  # noqa: BLE001 - TF refuses this random combination: skip it
            skipped += 1
            continue
        for a, b in zip(outs1, outs2):
            pool.add(a, b)
        done += 1
    if r.random() < 0.3:  # a training-like tail: gradients of the last tensor
        try:
            grads = []
            for g, t in ((g1, pool.t1), (g2, pool.t2)):
                with g.as_default():
                    grads.append(tf.gradients(tf.reduce_sum(t[-1]), t[:len(specs)]))
        except Exception:  # noqa: BLE001 - an op without a gradient
            skipped += 1
    inputs = {name: dims for name, dims, partial in specs if partial != dims}
    return g2.as_graph_def(), inputs, skipped


def _imports(gd, inputs):
    from tools.fixtures.common import with_inputs
    try:
        with tf.Graph().as_default():
            tf.graph_util.import_graph_def(with_inputs(gd, inputs) if inputs else gd, name="")
    except Exception:  # noqa: BLE001
        return False
    return True


def _with_output_shapes(gd):
    """``gd`` as TF writes it with ``add_shapes=True``: every node carries ``_output_shapes``."""
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(gd, name="")
    return g.as_graph_def(add_shapes=True)


def cases():
    seed0 = int(os.environ.get("FUZZ_SEED", "12"))
    n = int(os.environ.get("FUZZ_GRAPHS", "1000"))
    out, ops_skipped, graphs_skipped, nodes = [], 0, 0, 0
    for k in range(n):
        name = f"fuzz_{k:03d}"
        gd, inputs, skipped = build(seed0 * 100003 + k)
        ops_skipped += skipped
        if not _imports(gd, None) or not _imports(gd, inputs):
            graphs_skipped += 1
            print(f"SKIP {name}: TF's import refuses the graph", flush=True)
            continue
        nodes += len(gd.node)
        if name not in EXCLUDED:
            out.append((name, lambda gd=gd: (gd, None)))
        if inputs and name + "_fixed" not in EXCLUDED:
            out.append((name + "_fixed", lambda gd=gd, inputs=inputs: (gd, inputs)))
        if k % 3 == 0 and name + "_shapes" not in EXCLUDED:
            out.append((name + "_shapes", lambda gd=gd: (_with_output_shapes(gd), None)))
    print(f"fuzz: {n} graphs generated ({nodes} nodes), {graphs_skipped} skipped at import, "
          f"{ops_skipped} random ops skipped (TF refused them), {len(out)} profiles to run",
          file=sys.stderr, flush=True)
    return out
