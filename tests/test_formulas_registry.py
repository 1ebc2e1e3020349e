"""The registry as a whole: TF's 46 counted ops, the zero set, and what every formula does blind."""

import pytest

from macc.costs import DOCS, FORMULAS, TF_COUNTED, ZERO_OPS, OpCtx, register
from macc.costs.registry import add_zero_ops
from macc.graph import Node


def test_tf_counted_list():
    # 41 RegisterStatistics(..., "flops") in TF 2.21's flops_registry.py + 5 in nn_ops.py
    assert len(TF_COUNTED) == 46
    assert TF_COUNTED <= set(FORMULAS)
    assert not TF_COUNTED & ZERO_OPS


@pytest.mark.parametrize("op", sorted(FORMULAS))
def test_blind_formula(op):
    """With no shapes known, exact flops are unknown; TF's column is None exactly for the ops TF
    counts (it would skip them as incomplete) and 0 for every other op."""
    attrs = {"equation": "ab,bc->ac"} if op in ("Einsum", "XlaEinsum") else {}
    node = Node("n", op, [("a", 0), ("b", 0)] + ([("c", 0)] if "Einsum" not in op else []), (), attrs)
    c = FORMULAS[op](OpCtx(node, [], []))
    assert c.flops is None
    assert (c.tf_flops is None) == (op in TF_COUNTED)
    tf_doc = DOCS[op][1]
    assert (tf_doc == "0") == (op not in TF_COUNTED)


def test_docs_for_every_formula():
    assert set(DOCS) == set(FORMULAS)
    for op, (flops, tf, maccs) in DOCS.items():
        assert flops and tf and maccs, op


def test_registering_twice_raises():
    with pytest.raises(RuntimeError):
        register("MatMul", flops="x", tf="0")(lambda ctx: None)
    with pytest.raises(RuntimeError):
        add_zero_ops("Reshape")
    with pytest.raises(RuntimeError):
        add_zero_ops("Conv2D")


def test_zero_set_has_data_movement_not_compute():
    for op in ("Reshape", "Transpose", "ConcatV2", "Pack", "StridedSlice", "Cast", "Shape",
               "Switch", "Merge", "Enter", "Exit", "NextIteration", "GatherV2", "Pad", "Select"):
        assert op in ZERO_OPS, op
    assert not ZERO_OPS & set(FORMULAS)
