"""Round 7 (macc/shapes/queues.py, macc/shapes/staging.py, macc/costs/queues.py): TF1 queues,
readers, summaries and containers. What is non-obvious is what TF 2.21 does *not* know: a
dequeue's components are of unknown rank even for a queue whose ``shapes`` attr fixes them, and a
ResourceConditionalAccumulator's handle is [2]. Fixtures are compared node by node in
test_parity.py; here the counts and statuses that matter."""

import pytest
from gdbuild import add, const, new, placeholder

import macc
from conftest import FIXTURES, fixture_rows
from macc.errors import MaccError
from macc.graph import Graph
from macc.shapes import infer_shapes


def test_sweep7_fixtures_exist():
    assert len(sorted(FIXTURES.glob("sweep7_*.tfprof.json"))) == 9


def test_dequeue_is_unknown():
    # with a ``shapes`` attr too: the sweep7_queues fixture (FIFOQueue shapes [[3], []])
    gd = new()
    add(gd, "q", "FIFOQueueV2", component_types=[1, 3])
    const(gd, "n", [], dt=3, int_val=[5])
    add(gd, "d", "QueueDequeueManyV2", ["q", "n"], component_types=[1, 3])
    add(gd, "v1q", "FIFOQueue", component_types=[1])
    add(gd, "s", "QueueSize", ["v1q"])
    sh = infer_shapes(Graph.from_graph_def(gd), {}, None)
    assert list(sh.outputs["d"]) == [None, None]
    assert sh.of("q") == () and sh.of("v1q") == (2,) and sh.of("s") == ()


def test_bad_container_inputs():
    gd = new()
    add(gd, "q", "FIFOQueueV2", component_types=[1])
    const(gd, "n", [], dt=3, int_val=[-1])
    add(gd, "d", "QueueDequeueManyV2", ["q", "n"], component_types=[1])
    with pytest.raises(MaccError, match="'n' must be >= 0, but is -1"):
        infer_shapes(Graph.from_graph_def(gd), {}, None)
    gd = new()
    add(gd, "b", "Barrier", component_types=[1])
    placeholder(gd, "k", [3], dt=7)
    placeholder(gd, "v", [4, 2])
    add(gd, "i", "BarrierInsertMany", ["b", "k", "v"], component_index=0)
    with pytest.raises(MaccError, match="first dimension differ: 3 vs 4"):
        infer_shapes(Graph.from_graph_def(gd), {}, None)


def test_cifar_training_graph():
    rows = fixture_rows("sweep7_cifar")
    # the batch reshaped to [2, 8, 8, 3]: conv 3x3x3 -> 4 SAME: 2·8·8·4·(2·27) = 27648 TF flops
    assert rows["Conv2D"].tf_flops == 27648
    assert rows["shuffle_batch"].output_shapes == [None, None]
    assert rows["shuffle_batch"].status == "zero"
    report = macc.profile(str(FIXTURES / "sweep7_cifar.pb"))
    assert report.unsupported == {}
    assert report.totals.tf_flops == 93304  # TF 2.21's profiler (the fixture record)


def test_accumulators_are_sized_not_counted():
    report = macc.profile(str(FIXTURES / "sweep7_accum.pb"))
    assert set(report.unsupported) == {
        "ResourceAccumulatorApplyGradient", "ResourceAccumulatorTakeGradient",
        "SparseAccumulatorApplyGradient", "SparseAccumulatorTakeGradient"}
    rows = fixture_rows("sweep7_accum")
    assert rows["ResourceConditionalAccumulator"].output_shapes == [[2]]
    assert rows["BarrierTakeMany"].output_shapes == [None, None, None]
    report = macc.profile(str(FIXTURES / "sweep7_v1ops.pb"))
    assert set(report.unsupported) == {"AccumulatorApplyGradient", "AccumulatorTakeGradient"}
