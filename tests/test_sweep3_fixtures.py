"""The third sweep's fixtures (tools/fixtures/sweep3.py) beyond node-by-node parity
and shapes (test_parity.py, from the records' ``tf_shapes``): the hand-derived numbers of the ops
those graphs exercise."""



import macc
from conftest import FIXTURES, fixture_rows

RECORDS = sorted(FIXTURES.glob("sweep3*_*.tfprof.json"))  # sweep3_* and sweep3k_*


def test_sweep3_fixtures_exist():
    assert len(RECORDS) == 15


def test_bitcast_to_a_smaller_type_appends_the_ratio():
    rows = fixture_rows("sweep3_misc_shapes")
    assert rows["Bitcast"].output_shapes == [[2, 3, 4]]  # float32 -> int32: same size
    assert rows["Bitcast_1"].output_shapes == [[2, 3, 4, 2]]  # float64 -> int32: 8 / 4 = 2
    assert rows["mul_11"].tf_flops == 48  # its Mul: 2·3·4·2


def test_case_counts_its_costlier_branch():
    # branches on x [2,4]: x·2 (8 flops), x+1 (8), x·W with W [4,4]: 2·4·(2·4−1) = 56, maccs 2·4·4
    row = fixture_rows("sweep3_case")["switch_case/indexed_case"]
    assert (row.flops, row.tf_flops, row.maccs, row.status) == (56, 0, 32, "counted")
    assert "flops by branch: 8, 8, 56" in row.formula


def test_v1_print_passes_its_input_through():
    rows = fixture_rows("sweep3_prints")
    assert rows["Print"].output_shapes == [[2, 4]]
    assert rows["mul"].tf_flops == 8  # Print's output times 2: 2·4


def test_unique_of_constant_indices_folds_num_segments():
    rows = fixture_rows("sweep3_sparse_train")
    seg = [n for n in rows.values() if n.op == "UnsortedSegmentSum"]
    assert len(seg) == 6  # one per optimizer's embedding update; indices [1, 2]: 2 segments
    assert all(n.output_shapes == [[2, 4]] for n in seg)


def test_functional_while_counts_one_iteration_and_warns():
    # Keras LSTM(6) on [1, 5, 4], frozen with lower_control_flow=False. cond: 2 Less + LogicalAnd
    # = 3. body: 2 counter adds; x·W [1,4]x[4,24]: 24·(2·4−1) = 168 (maccs 96); h·U [1,6]x[6,24]:
    # 24·(2·6−1) = 264 (maccs 144); 2 BiasAdds 48; 3 sigmoid gates 3·4·6 = 72; 2 tanh 12; 3 Mul
    # 18; c = f·c + i·g's add 6 -> 590. One iteration: 593 flops, 240 maccs; TF counts 0.
    r = macc.profile(str(FIXTURES / "sweep3k_lstm_while.pb"))
    row = next(n for n in r.nodes if n.op == "While")
    assert (row.flops, row.tf_flops, row.maccs, row.status) == (593, 0, 240, "counted")
    assert r.unsupported == {}
    # its cond: loop_counter < max_iterations and time < 5, both from 0 by 1: 5 iterations, found
    # by inlining the loop alone on the side (the call itself stays a call)
    assert any("1 While loop: cond and body counted once" in w and "'functional_1/lstm_7_1/while': "
               "593 flops and 240 MACCs per iteration; 5 iterations (its cond bounds a counter): "
               "2,965 flops and 1,200 MACCs in all" in w for w in r.warnings)


def test_lookup_shapes_follow_the_tables_entries():
    rows = fixture_rows("sweep3_tables")
    finds = {n.name: n.output_shapes for n in rows.values() if n.op == "LookupTableFindV2"}
    # keys [2, 5]: the static table records nothing (unknown); the mutable one scalar values
    # ([2, 5]); the table of tensors values [3] ([2, 5, 3]); the dense one scalar values
    assert sorted(map(str, finds.values())) == sorted(map(str, [[None], [[2, 5]], [[2, 5, 3]],
                                                                [[2, 5]]]))
    assert all(n.status == "zero" for n in rows.values() if "Table" in n.op)
