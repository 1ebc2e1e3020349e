"""Flat ports of ``node:output_arg:index`` references (macc.inline.ports) from the generated table
of TensorFlow's output args (macc/op_outputs.py, written by tools/op_outputs.py)."""

from macc.inline.ports import flat_port
from macc.op_outputs import OUTPUT_ARGS
from macc.proto import attr_value_pb2, node_def_pb2


def attrs(**kw):
    """A NodeDef's attr map: ints for number attrs, lists of dtypes for type-list attrs."""
    nd = node_def_pb2.NodeDef()
    for k, v in kw.items():
        if isinstance(v, list):
            nd.attr[k].CopyFrom(attr_value_pb2.AttrValue(list={"type": v}))
        else:
            nd.attr[k].i = v
    return nd.attr


def port(op, arg, index=0, node_attrs=None, seen=None):
    return flat_port(op, arg, index, seen_args=seen or {arg}, attrs=node_attrs)


def test_combined_nms_outputs_in_order():
    # nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections: one tensor each
    assert [port("CombinedNonMaxSuppression", a) for a in
            ("nmsed_boxes", "nmsed_scores", "nmsed_classes", "valid_detections")] == [0, 1, 2, 3]


def test_lu_and_unique():
    assert (port("Lu", "lu"), port("Lu", "p")) == (0, 1)
    assert (port("Unique", "y"), port("Unique", "idx")) == (0, 1)
    assert port("UniqueWithCounts", "count") == 2


def test_number_attr_counts_the_tensors_before():
    # SparseSplit(num_split=3): output_indices 0-2, output_values 3-5, output_shape 6-8
    a = attrs(num_split=3)
    assert port("SparseSplit", "output_values", 1, a) == 3 + 1
    assert port("SparseSplit", "output_shape", 0, a) == 6
    # past the end of the arg: no such tensor
    assert port("SparseSplit", "output_values", 3, a) is None
    # an earlier list arg whose length the node does not give (no attr, no default): unknown
    assert port("SparseSplit", "output_values", 1, attrs()) is None


def test_type_list_attr_counts_its_types():
    # IdentityN: one list arg, the index is the port
    assert port("IdentityN", "output", 2, attrs(T=[1, 1, 3])) == 2
    # StringNGrams: ngrams, ngrams_splits (one tensor each)
    assert port("StringNGrams", "ngrams_splits") == 1
    # ParseExampleV2: sparse_indices*num_sparse sparse_values[sparse_types] sparse_shapes*num_sparse
    # dense_values[Tdense] ragged_values[ragged_value_types] ragged_row_splits[ragged_split_types]
    a = attrs(num_sparse=2, sparse_types=[1, 9], Tdense=[1, 1, 1], ragged_value_types=[1],
              ragged_split_types=[9])
    # 2 indices + 2 values + 2 shapes + 3 dense -> the first ragged value is port 9
    assert port("ParseExampleV2", "dense_values", 1, a) == 2 + 2 + 2 + 1
    assert port("ParseExampleV2", "ragged_values", 0, a) == 9
    assert port("ParseExampleV2", "ragged_row_splits", 0, a) == 10


def test_stripped_attr_takes_its_default():
    # ParseSequenceExampleV2's Ncontext_sparse and context_sparse_types default to 0 / []: with
    # them stripped (as a SavedModel does), context_dense_values follow 0 + 0 + 0 tensors
    assert port("ParseSequenceExampleV2", "context_dense_values", 0, attrs(Tcontext_dense=[1])) == 0
    # stripped, Tcontext_dense is [] too: no context_dense_values at all
    assert port("ParseSequenceExampleV2", "context_dense_values", 0, attrs()) is None
    # given: 2 indices + 2 values + 2 shapes before
    a = attrs(Ncontext_sparse=2, context_sparse_types=[1, 1], Tcontext_dense=[1])
    assert port("ParseSequenceExampleV2", "context_dense_values", 0, a) == 6


def test_internal_fused_ops_are_in_the_table():
    assert port("_FusedBatchNormEx", "batch_variance") == 2
    assert port("_MklFusedBatchNormV3", "reserve_space_3") == 5


def test_single_output_op_is_wired_by_its_index():
    # macc.inline.noinline turns ReadVariableOp ('value') into Identity ('output')
    assert port("Identity", "value") == 0
    assert port("Split", "output", 3) == 3  # one list arg: no attrs needed


def test_unknown_arg_of_a_known_op_is_an_error():
    assert port("Unique", "indices") is None


def test_custom_op_is_never_guessed():
    # a custom op referenced through one non-first output arg: the layout is unknown
    assert port("MyCustomOp", "second") is None
    # referenced through two args: unknown
    assert port("MyCustomOp", "first", seen={"first", "second"}) is None
    # a node that says it has a single output: index 0 is that output
    nd = node_def_pb2.NodeDef()
    nd.attr["_output_shapes"].list.shape.add()
    assert port("MyCustomOp", "out", 0, nd.attr) == 0
    nd.attr["_output_shapes"].list.shape.add()
    assert port("MyCustomOp", "out", 0, nd.attr) is None


def test_table_is_complete_for_the_ops_of_the_review():
    # the ops a reviewer found missing from the old hand-written table
    for op in ("StringSplitV2", "CombinedNonMaxSuppression", "Lu", "SparseFillEmptyRows",
               "StringNGrams", "RaggedGather", "RaggedRange", "SparseReshape",
               "TensorListPopBack"):
        assert len(OUTPUT_ARGS[op].split()) > 1, op
