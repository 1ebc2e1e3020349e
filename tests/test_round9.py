"""Round 9 (macc/shapes/distributed.py, macc/shapes/system_ops.py, macc/costs/distributed.py):
collectives, TPU replication and partitioning, TPU embedding and SparseCore host ops, DTensor,
handles. Shapes are hand-derived from TF 2.21's shape functions (and checked against TF's import
by ``python -m tools.sweep round9``: 28 graphs, all equal); counts: data movement is a known 0,
reducing collectives and TPU programs are sized but unsupported."""

import pytest
from gdbuild import FLOAT, INT32, add, const, new, placeholder, shape, write

import macc
from macc.errors import MaccError
from macc.graph import Graph
from macc.proto import attr_value_pb2, tensor_pb2
from macc.shapes import infer_shapes


def _shapes(gd):
    return infer_shapes(Graph.from_graph_def(gd), {}, None)


def _groups(gd, name="g", rows=1, cols=2):
    const(gd, name, [rows, cols], dt=INT32, int_val=list(range(rows * cols)))


def test_gather_and_all_to_all():
    gd = new()
    placeholder(gd, "x", [6, 4])
    add(gd, "cg", "CollectiveGather", ["x"], T=1, group_size=3, group_key=1, instance_key=1,
        shape=shape([18, 4]))
    _groups(gd)
    # split dim 0 by 2: 6/2 = 3; concat dim 1 by 2: 4·2 = 8
    add(gd, "a2a", "AllToAll", ["x", "g"], T=1, concat_dimension=1, split_dimension=0,
        split_count=2)
    placeholder(gd, "u", [-1, 4])
    add(gd, "a2u", "AllToAll", ["u", "g"], T=1, concat_dimension=1, split_dimension=0,
        split_count=2)
    sh = _shapes(gd)
    assert sh.of("cg") == (18, 4)  # 6·3 gathered rows
    assert sh.of("a2a") == (3, 8)
    assert sh.of("a2u") is None  # an unknown split dim: TF 2.21 gives up on the whole shape


def test_tpu_partitioning():
    gd = new()
    placeholder(gd, "x", [2, 4])
    placeholder(gd, "y", [4, 6])
    add(gd, "pin", "TPUPartitionedInput", ["x", "x", "x"], N=3, T=1, partition_dim=1)
    add(gd, "pin2", "TPUPartitionedInputV2", ["x"] * 4, N=4, T=1, partition_dims=[2, 2])
    add(gd, "pout", "TPUPartitionedOutputV2", ["y"], T=1, num_splits=4, partition_dims=[2, 2])
    add(gd, "rout", "TPUReplicatedOutput", ["x"], T=1, num_replicas=3)
    add(gd, "comp", "TPUCompile", [], num_computations=2, NumDynamicShapes=0)
    sh = _shapes(gd)
    assert sh.of("pin") == (2, 12)  # 4·3 along dim 1
    assert sh.of("pin2") == (4, 8)  # [2·2, 4·2]
    assert list(sh.outputs["pout"]) == [(2, 3)] * 4  # [4/2, 6/2] per core
    assert list(sh.outputs["rout"]) == [(2, 4)] * 3
    assert list(sh.outputs["comp"]) == [(), (3,), (3,), (), ()]  # status, keys, flags


def test_dtensor_layouts():
    mesh = "mesh:|x=2|0,1|0,1|/job:a/task:0/device:CPU:0,/job:a/task:0/device:CPU:1"
    sharded = f"sharding_specs:x,unsharded, {mesh}"
    unsharded = f"sharding_specs:unsharded,unsharded, {mesh}"
    gd = new()
    placeholder(gd, "x", [3, 4])
    add(gd, "ag", "DTensorAllGather", ["x"], T=1, input_layout=sharded, output_layout=unsharded)
    add(gd, "as", "DTensorAllScatter", ["x"], T=1, input_layout=unsharded,
        output_layout=f"sharding_specs:unsharded,x, {mesh}")
    _groups(gd)
    const(gd, "d", [], dt=INT32, int_val=[1])
    add(gd, "rs", "DTensorReduceScatter", ["x", "g", "d"], T=1, reduce_op="Add", device_type="CPU")
    sh = _shapes(gd)
    assert sh.of("ag") == (6, 4)  # dim 0 gathered from 2 shards: 3·2
    assert sh.of("as") == (3, 2)  # dim 1 scattered over 2 shards: 4/2
    assert sh.of("rs") == (3, 2)  # scatter dim 1 over a group of 2: 4/2


def test_sparsecore_buffers_and_dedup_mask():
    gd = new()
    for n in ["r", "c", "gains", "split", "counts"]:
        placeholder(gd, n, [8], dt=FLOAT if n == "gains" else INT32)
    const(gd, "key", [1], dt=7, string_val=[b""])
    add(gd, "csr", "GetMinibatchesInCsrWithPhysicalReplica",
        ["key", "r", "c", "gains", "split", "counts"], sample_count=4, num_replica=3,
        max_minibatches_per_sc=2, max_ids_per_chip_per_sample=5, num_sc_per_chip=4)
    mask = tensor_pb2.TensorProto(dtype=INT32, int_val=[0, 2, 1, 1, 0, 1])
    mask.tensor_shape.dim.add().size = 3
    mask.tensor_shape.dim.add().size = 2
    placeholder(gd, "v", [], dt=21)
    add(gd, "split_dd", "SplitDedupData", ["v"], integer_type=INT32, float_type=FLOAT,
        tuple_mask=attr_value_pb2.AttrValue(s=mask.SerializeToString()))
    sh = _shapes(gd)
    # row pointers: 4 SCs · 2 minibatches · roundup(3·4 = 12, 8) = 16 -> 128; ids 5·4 = 20
    assert list(sh.outputs["csr"]) == [(128,), (20,), (20,), (20,), (), (), ()]
    # spans (int 2)(float 1)(int 1): 3 integers, 1 float
    assert list(sh.outputs["split_dd"]) == [(3,), (1,)]


def test_costs_zero_and_uncounted(tmp_path):
    gd = new()
    placeholder(gd, "x", [5, 4])
    _groups(gd)
    add(gd, "sum", "CrossReplicaSum", ["x", "g"], T=1)
    add(gd, "perm", "CollectivePermute", ["x", "g"], T=1)
    add(gd, "rin", "TPUReplicatedInput", ["x", "x"], N=2, T=1)
    add(gd, "nccl", "NcclAllReduce", ["x"], T=1, reduction="sum", num_devices=2, shared_name="n")
    add(gd, "mul", "Mul", ["sum", "perm"], T=1)
    report = macc.profile(write(tmp_path, gd))
    rows = {r.name: r for r in report.nodes}
    assert rows["perm"].status == rows["rin"].status == "zero"
    assert rows["sum"].status == rows["nccl"].status == "unsupported"
    assert rows["sum"].output_shapes == [[5, 4]]  # sized: the Mul after it is counted
    assert rows["mul"].tf_flops == 20  # 5·4
    assert report.unsupported == {"CrossReplicaSum": 1, "NcclAllReduce": 1}


@pytest.mark.parametrize("build, message", [
    (lambda gd: add(gd, "o", "TPUPartitionedOutput", ["x"], T=1, num_splits=3, partition_dim=1),
     "3 splits do not divide dimension 1"),
    (lambda gd: add(gd, "o", "TPUPartitionedInput", ["x", "x"], N=2, T=1, partition_dim=2),
     "partition dim 2 is out of range for rank 2"),
    (lambda gd: add(gd, "o", "MakeUnique", ["x3"]), "input has rank 3, expected 2"),
    (lambda gd: add(gd, "o", "CollectiveGatherV2", ["s", "s", "s", "s"], T=1, Nordering_token=0),
     "must have rank at least 1"),
    (lambda gd: add(gd, "o", "DTensorAllGather", ["x"], T=1, input_layout="bogus",
                    output_layout="bogus"), "is not a layout string"),
    (lambda gd: add(gd, "o", "SplitDedupData", ["s"], integer_type=INT32, float_type=FLOAT,
                    tuple_mask=""), "tuple_mask has no dimensions"),
])
def test_bad_input_is_one_line(build, message):
    gd = new()
    placeholder(gd, "x", [4, 4])
    placeholder(gd, "x3", [2, 2, 2])
    const(gd, "s", [], dt=INT32, int_val=[2])
    build(gd)
    with pytest.raises(MaccError, match=message) as e:
        _shapes(gd)
    assert "\n" not in str(e.value) and "'o'" in str(e.value)


@pytest.mark.parametrize("name, tf_total", [
    ("r9_collectives", 158), ("r9_tpu", 279), ("r9_sparsecore", 219), ("r9_dtensor", 110)])
def test_fixture_totals(name, tf_total):
    # TF 2.21's total_float_ops (the fixture records): only the Muls after the ops count
    from conftest import FIXTURES
    report = macc.profile(str(FIXTURES / f"{name}.pb"))
    assert report.totals.tf_flops == tf_total
    assert all(v > 0 for v in report.unsupported.values())


def test_collectives_fixture_statuses():
    from conftest import fixture_rows
    rows = fixture_rows("r9_collectives")
    assert rows["CollectiveGather"].output_shapes == [[4, 4]]  # 2 rows · group_size 2
    assert rows["AllToAll"].output_shapes == [[1, 8]]  # [2/2, 4·2]
    assert rows["CollectiveGather"].status == "zero"
    assert rows["CollectiveReduce"].status == "unsupported"
