"""Every op with a shape function is counted, known zero, or structural (a call / control flow)."""

from macc.costs import DOCS, FORMULAS, STRUCTURAL_OPS, TF_COUNTED, UNCOUNTED_OPS, ZERO_OPS
from macc.costs.engine import count_node
from macc.graph import Node
from macc.shapes import SHAPE_FNS


def test_every_shaped_op_is_classified():
    missing = sorted(set(SHAPE_FNS) - set(FORMULAS) - ZERO_OPS - STRUCTURAL_OPS - UNCOUNTED_OPS)
    assert not missing, f"{len(missing)} ops with a shape function but no cost class: {missing}"


def test_classes_are_disjoint():
    assert not UNCOUNTED_OPS & (ZERO_OPS | set(FORMULAS) | STRUCTURAL_OPS)
    assert not STRUCTURAL_OPS & ZERO_OPS
    assert not STRUCTURAL_OPS & set(FORMULAS)
    assert not ZERO_OPS & set(FORMULAS)


def test_every_formula_has_three_texts():
    for op in FORMULAS:
        flops, tf, maccs = DOCS[op]
        assert flops.strip() and tf.strip() and maccs.strip(), op
        assert (tf == "0") == (op not in TF_COUNTED), op


class _NoShapes:
    outputs: dict = {}

    def value(self, src, port):
        return None


def test_uncounted_ops_are_sized_and_reported_unsupported():
    assert UNCOUNTED_OPS <= set(SHAPE_FNS)
    for op in sorted(UNCOUNTED_OPS):
        assert count_node(Node("c", op, [("x", 0)]), _NoShapes()).status == "unsupported", op


def test_structural_ops_stay_unsupported_without_a_body():
    # no function library: a call cannot be counted and is reported, never a silent 0
    for op in sorted(STRUCTURAL_OPS):
        assert count_node(Node("c", op, [("x", 0)]), _NoShapes()).status == "unsupported", op


def test_ops_command_and_doc_list_the_structural_ops():
    import json
    import pathlib

    from macc.commands.ops import render
    assert json.loads(render("json"))["structural"] == sorted(STRUCTURAL_OPS)
    doc = (pathlib.Path(__file__).parent.parent / "docs" / "conventions.md").read_text()
    section = doc[doc.index("## Structural ops"):]
    for op in STRUCTURAL_OPS:
        assert op in section, op
