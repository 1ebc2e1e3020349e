"""SavedModels whose function bodies hold code no output needs, or shapes only a body's
``set_shape`` recorded: macc equals TF's profiler on the signature's frozen concrete function
(tools/fixtures/savedmodel_prune.py), which keeps only what the outputs and the bodies' control
outputs need and infers every shape from the ops alone.
"""

import json
import re

import pytest

import macc
from conftest import FIXTURES

SM = FIXTURES / "savedmodels"
RECORDS = sorted(p.name[:-len(".savedmodel.json")] for p in SM.glob("prune_*.savedmodel.json"))


def record(name):
    return json.loads((SM / f"{name}.savedmodel.json").read_text())


def incomplete(report) -> int:
    """The nodes macc skips, as TF's profiler does, for incomplete shapes (its warning)."""
    for w in report.warnings:
        m = re.match(r"(\d+) nodes? ha(?:ve|s) tf_flops 0: TF's profiler skips", w)
        if m:
            return int(m.group(1))
    return 0


def test_the_fixtures_are_there():
    assert RECORDS == ["prune_keras_lookup_serve", "prune_keras_mask_serve",
                       "prune_multi_sig_dead", "prune_multi_sig_dead_stateful",
                       "prune_multi_sig_effects", "prune_multi_sig_setshape"]


@pytest.mark.parametrize("name", RECORDS)
def test_each_signature_equals_tf_frozen(name):
    rec = record(name)
    r = macc.profile(str(FIXTURES / rec["savedmodel"]), signature=rec["signature"],
                     batch=rec["batch"])
    assert r.totals.tf_flops == rec["frozen_total_float_ops"]
    assert {op: s.tf_flops for op, s in r.by_op.items() if s.tf_flops} == rec["frozen_by_op"]
    assert incomplete(r) == rec["incomplete"]
    assert r.totals.params == rec["params"]


def test_dead_code_in_bodies_is_not_counted():
    # kept: x@w 2*4*(2*8) = 128 (MatMul: 2*k*N(out)), h@v in the nested body 2*8*(2*3) = 96;
    # dropped: the unused x@w + 1 (128 + 16) and h@v * 3 (96 + 6): 470 before
    r = macc.profile(str(SM / "prune_multi_sig"), signature="dead")
    assert r.totals.tf_flops == record("prune_multi_sig_dead")["frozen_total_float_ops"] == 224
    # one MatMul left in each body (the second of each, the first being the dead one)
    assert [n.name.split("/")[-1] for n in r.nodes if n.op == "MatMul"] == ["MatMul_1"] * 2
    # an unused stateful RandomUniform (no automatic control dependency) and its Mul: dropped
    r = macc.profile(str(SM / "prune_multi_sig"), signature="dead_stateful")
    assert r.totals.tf_flops == 128 and not [n for n in r.nodes if n.op == "RandomUniform"]


def test_a_control_output_is_kept_with_what_it_reads():
    # tf.print(x * 5.0) in a nested body is a control output (PrintV2): freezing keeps it and its
    # Mul (8); the unused x * 7.0 goes. MatMul 2*4*16 = 128 + AddV2 16 + Mul 8 = 152
    r = macc.profile(str(SM / "prune_multi_sig"), signature="effects")
    assert r.totals.tf_flops == record("prune_multi_sig_effects")["frozen_total_float_ops"] == 152
    assert [n.op for n in r.nodes if n.op in ("PrintV2", "Mul")] == ["Mul", "PrintV2"]


def test_set_shape_in_a_body_does_not_give_shapes():
    # the gather's [2, 4] is only in the body's _output_shapes, which the frozen graph lacks:
    # TF counts NotEqual 2*4 = 8 and skips the MatMul (its input [2, ?]); 136 before
    r = macc.profile(str(SM / "prune_multi_sig"), signature="setshape")
    assert r.totals.tf_flops == 8 and incomplete(r) == 1
    # macc's exact count needs only k = 4 from w [4, 8]: 2*8*(2*4-1) = 112; TF's needs in0
    mm = [n for n in r.nodes if n.op == "MatMul"]
    assert [(n.output_shapes, n.flops, n.tf_flops) for n in mm] == [([[2, 8]], 112, 0)]


def test_whole_graph_keeps_every_node():
    # every signature's body inlined whole: dead 470 (224 + 144 + 102 dropped above), setshape 8,
    # dead_stateful 136 (128 + the Mul 8), effects 160 (152 + the unused Mul 8)
    r = macc.profile(str(SM / "prune_multi_sig"), whole_graph=True)
    assert r.totals.tf_flops == 470 + 8 + 136 + 160
