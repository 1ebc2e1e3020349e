"""The third sweep's fixtures (tools/fixtures/sweep3.py) beyond node-by-node parity
(test_parity.py): every node's output shapes equal TF 2.21's import shapes, and the hand-derived
numbers of the ops those graphs exercise."""

import json

import pytest

import macc
from conftest import FIXTURES
from macc.graph import Graph
from macc.load import load
from macc.shapes import infer_shapes

RECORDS = sorted(FIXTURES.glob("sweep3_*.tfprof.json"))


def _rows(name):
    return {n.name: n for n in macc.profile(str(FIXTURES / f"{name}.pb")).nodes}


@pytest.mark.parametrize("path", RECORDS, ids=[p.name.split(".")[0] for p in RECORDS])
def test_shapes_equal_tf_import_shapes(path):
    record = json.loads(path.read_text())
    loaded = load(str(FIXTURES / record["graph"]))
    shapes = infer_shapes(Graph.from_graph_def(loaded.graph_def, source=loaded.source))
    differ = {}
    for name, theirs in record["tf_shapes"].items():
        mine = [list(s) if s is not None else None for s in shapes.outputs.get(name, ())]
        if mine != theirs:
            differ[name] = (mine, theirs)
    assert not differ, f"{len(differ)} nodes differ from TF (macc, TF): {differ}"


def test_sweep3_fixtures_exist():
    assert len(RECORDS) == 11


def test_bitcast_to_a_smaller_type_appends_the_ratio():
    rows = _rows("sweep3_misc_shapes")
    assert rows["Bitcast"].output_shapes == [[2, 3, 4]]  # float32 -> int32: same size
    assert rows["Bitcast_1"].output_shapes == [[2, 3, 4, 2]]  # float64 -> int32: 8 / 4 = 2
    assert rows["mul_11"].tf_flops == 48  # its Mul: 2·3·4·2


def test_case_counts_its_costlier_branch():
    # branches on x [2,4]: x·2 (8 flops), x+1 (8), x·W with W [4,4]: 2·4·(2·4−1) = 56, maccs 2·4·4
    row = _rows("sweep3_case")["switch_case/indexed_case"]
    assert (row.flops, row.tf_flops, row.maccs, row.status) == (56, 0, 32, "counted")
    assert "flops by branch: 8, 8, 56" in row.formula


def test_v1_print_passes_its_input_through():
    rows = _rows("sweep3_prints")
    assert rows["Print"].output_shapes == [[2, 4]]
    assert rows["mul"].tf_flops == 8  # Print's output times 2: 2·4


def test_unique_of_constant_indices_folds_num_segments():
    rows = _rows("sweep3_sparse_train")
    seg = [n for n in rows.values() if n.op == "UnsortedSegmentSum"]
    assert len(seg) == 6  # one per optimizer's embedding update; indices [1, 2]: 2 segments
    assert all(n.output_shapes == [[2, 4]] for n in seg)
