"""TF2 SavedModels: functions inlined, captured variables resolved without their values, and the
totals equal to TF's profiler on the frozen concrete function (tools/fixtures/savedmodel.py).

The fixtures' variables/ directories are deleted: macc never reads variable values.
"""

import json

import pytest

import macc
from conftest import FIXTURES
from macc.cli import main
from macc.errors import UsageError

SM = FIXTURES / "savedmodels"


def record(name):
    return json.loads((SM / f"{name}.savedmodel.json").read_text())


def by_op(report):
    out = {}
    for n in report.nodes:
        if n.tf_flops:
            out[n.op] = out.get(n.op, 0) + n.tf_flops
    return out


def test_fixtures_have_no_variable_values():
    assert not any(SM.glob("*/variables"))


def test_conv_dense_signature_matches_frozen_tf():
    rec = record("convdense")
    r = macc.profile(str(SM / "convdense"))
    assert r.format == "savedmodel"
    # TF on the frozen concrete function: Conv2D 2*(8*8*4)*3*3*3 = 13824, BiasAdd 256 + 10,
    # MatMul 2*256*10 = 5120 -> 19210
    assert r.totals.tf_flops == rec["frozen_total_float_ops"] == 19210
    assert by_op(r) == rec["frozen_by_op"]
    # trainable variables: 3*3*3*4 + 4 + 256*10 + 10 = 2682 (the int 'steps' is not trainable)
    assert r.totals.params == rec["params"] == 2682
    rows = {n.name: n for n in r.nodes}
    # the nested tf.function (dense) is inlined two calls deep
    mm = rows["StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/MatMul"]
    assert (mm.op, mm.output_shapes, mm.tf_flops) == ("MatMul", [[1, 10]], 5120)
    # the saver's functions are not part of the signature: not counted, not even listed
    assert not any(n.op in ("SaveV2", "RestoreV2") for n in r.nodes)
    assert any("inlined 3 function calls" in w for w in r.warnings)


@pytest.mark.parametrize("name,kw", [
    ("keras_export", {"batch": 1}),  # model.export(): 'serve' and 'serving_default'
    ("keras_export", {"signature": "serve", "inputs": {"serve_image": (1, 8, 8, 3)}}),
    ("keras_save", {"batch": 1}),  # tf.saved_model.save(model)
])
def test_keras_models_match_frozen_tf(name, kw):
    rec = record(name)
    r = macc.profile(str(SM / name), **kw)
    # conv 3x3 valid 8->6: 2*(6*6*4)*27 = 7776, bias 144; dense 2*144*10 = 2880, bias 10 -> 10810
    assert r.totals.tf_flops == rec["frozen_total_float_ops"] == 10810
    assert by_op(r) == rec["frozen_by_op"]
    # 3*3*3*4 + 4 + 144*10 + 10 = 1562, each variable once although Keras tracks it twice
    assert r.totals.params == rec["params"] == 1562


def test_if_and_while_rules():
    r = macc.profile(str(SM / "branchy"))
    # If: costlier branch 'then' = MatMul [4,16]x[16,16]: 2*16*64 = 2048 (else: x*2, 64)
    # While, once: body MatMul 2048 + two scalar AddV2 (1 + 1), cond Less 1 -> 4099
    assert r.totals.tf_flops == 4099
    assert any("If '" in w and "costlier branch 'then'" in w for w in r.warnings)
    # per iteration, exact: MatMul [4,16]x[16,16] 64·(2·16 − 1) = 1,984, the two adds and the
    # cond's Less 3 -> 1,987 flops; 64·16 = 1,024 MACCs
    # the cond is i < 3 with i from 0 by 1: 3 iterations, 3·1,987 = 5,961 flops, 3,072 MACCs
    assert any("counted once" in w and "while': 1,987 flops and 1,024 MACCs per iteration; 3 "
               "iterations (its cond bounds a counter): 5,961 flops and 3,072 MACCs in all" in w
               for w in r.warnings)
    # TF on the frozen (lowered) graph counts both branches (2048 + 64) and skips the loop body
    # for its incomplete shapes: a documented difference, not parity
    assert record("branchy")["frozen_total_float_ops"] == 2112
    assert r.totals.params == record("branchy")["params"] == 256


def test_unknown_signature_lists_the_others():
    with pytest.raises(UsageError, match=r"no signature 'nope' \(signatures: serve, "
                                         "serving_default"):
        macc.profile(str(SM / "keras_export"), signature="nope")


def test_unknown_tag_lists_tag_sets():
    with pytest.raises(UsageError, match="no MetaGraphDef tagged 'train' .*serve"):
        macc.profile(str(SM / "convdense"), tag="train")


def test_saved_model_pb_file_itself():
    r = macc.profile(str(SM / "convdense" / "saved_model.pb"))
    assert (r.format, r.totals.tf_flops) == ("savedmodel", 19210)


def test_cli_signature_and_batch(capsys):
    code = main(["profile", str(SM / "keras_export"), "--signature", "serve", "--batch", "1",
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["format"], out["totals"]["tf_flops"], out["totals"]["params"]) == (
        "savedmodel", 10810, 1562)


def test_cli_bad_signature_is_usage_error(capsys):
    assert main(["profile", str(SM / "convdense"), "--signature", "nope"]) == 2
    assert "no signature 'nope'" in capsys.readouterr().err


def test_tf1_saved_model_uses_collection_and_signature(tmp_path):
    from macc.proto import meta_graph_pb2, saved_model_pb2
    sm = saved_model_pb2.SavedModel(saved_model_schema_version=1)
    mg = sm.meta_graphs.add()
    mg.CopyFrom(meta_graph_pb2.MetaGraphDef.FromString((FIXTURES / "seed.meta").read_bytes()))
    mg.meta_info_def.tags.append("serve")
    mg.signature_def["serving_default"].outputs["c"].name = "add:0"
    (tmp_path / "saved_model.pb").write_bytes(sm.SerializeToString())
    r = macc.profile(str(tmp_path))
    # only what 'add' depends on: MatMul 2*16*25*9 = 7200 + add 225 = 7425 (initializers pruned)
    assert r.totals.tf_flops == 7425
    # no object graph: the trainable_variables collection, X 400 + W 144 + b 9 = 553
    assert r.totals.params == 553


def test_noinline_call_stays_a_call_as_in_the_frozen_graph():
    # Keras 3 runs a grouped Conv2D in a jit_compile function marked _noinline; TF's freezing
    # keeps that call, so TF counts nothing inside it: BiasAdd 6*6*8 = 288 + 2, MatMul
    # 2*288*2 = 1152 -> 1442 (inlined, the Conv2D would add 2*288*(3*3*2) = 10368)
    rec = record("keras_grouped")
    r = macc.profile(str(SM / "keras_grouped"), batch=1)
    assert r.totals.tf_flops == rec["frozen_total_float_ops"] == 1442
    assert by_op(r) == rec["frozen_by_op"]
    rows = [n for n in r.nodes if n.op == "StatefulPartitionedCall"]
    # the call's shapes and exact flops come from its body, the variable read by the caller:
    # 288*(2*18-1) = 10080 flops, 288*18 = 5184 maccs, tf 0
    assert [(n.output_shapes, n.flops, n.maccs, n.tf_flops) for n in rows] == [
        ([[1, 6, 6, 8]], 10080, 5184, 0)]
    # + BiasAdd 288 + MatMul 2*(2*288-1) = 1150 + 2 = 11520, as on the frozen graph
    assert r.totals.flops == 11520
    # 3*3*2*8 + 8 + 288*2 + 2 = 730
    assert r.totals.params == rec["params"] == 730
    assert "unsupported" not in {n.status for n in r.nodes}
    # two wrapper calls inlined, the _noinline call kept (not counted as inlined)
    assert any("inlined 2 function calls; kept 1 call of _noinline functions" in w
               for w in r.warnings)


def test_lstm_while_loop_counts_alike_at_batch_1_and_unknown_batch():
    # keras LSTM(6, unroll=False) on [1,5,4] then Dense(2); traced at batch 1 (b1) and with the
    # batch unknown (bn, --batch 1). The loop's lists are declared with element shape [-1,4] /
    # [-1,6]; the elements' shapes come from the tensor unstacked into the list and from the
    # body's writes, so the body and the Dense after the loop are known in both.
    # one LSTM step: x@W 2*4*24 = 192, h@U 2*6*24 = 288, two bias adds 24 + 24, three Mul 6*3,
    # one add 6 -> 552, the body once; cond Less 1 + 1, body counters 1 + 1; Dense 2*6*2 = 24 +
    # bias 2 -> 552 + 4 + 26 = 582. Keras also runs a step 0 before the loop, for its output's
    # static shape only: nothing returned needs it, so freezing drops it (TF's frozen nodes have
    # no lstm_1/lstm_cell_1/MatMul outside the loop) and so does macc
    b1 = macc.profile(str(SM / "keras_lstm_b1"))
    bn = macc.profile(str(SM / "keras_lstm_bn"), batch=1)
    assert b1.totals.tf_flops == bn.totals.tf_flops == 582
    rec = record("keras_lstm_b1")
    assert not [n for n in rec["frozen_nodes"] if "lstm_cell_1/MatMul" in n and "while" not in n]
    assert not [n.name for n in b1.nodes if "lstm_cell_1/MatMul" in n.name and "while" not in n.name]
    assert b1.totals.flops == bn.totals.flops
    assert not [n.name for n in bn.nodes if n.status == "unknown_shape"]
    dense = [n for n in bn.nodes if n.name.endswith("dense_1/MatMul")]
    assert [(n.output_shapes, n.tf_flops) for n in dense] == [([[1, 2]], 24)]
    # 4*24 + 6*24 + 24 + 6*2 + 2 = 278
    assert b1.totals.params == bn.totals.params == record("keras_lstm_bn")["params"] == 278
    # TF's frozen graph (loop lowered to Switch/Merge) counts only some body nodes: 272
    assert record("keras_lstm_b1")["frozen_total_float_ops"] == 272



def test_if_branch_chosen_under_the_batch_of_the_run():
    # tf.cond(flag, x*2, x@w) with x [?,16]: unknown batch, both branches cost 0 and the first
    # ('then') was kept; with --batch 1 the branches are costed at [1,16]: then x*2 = 16, else
    # [1,16]x[16,16] exact 16*(2*16-1) = 496 (tf 2*16*16 = 512) -> 'else'
    r = macc.profile(str(SM / "branchy_bn"), batch=1)
    assert r.totals.tf_flops == 512
    assert any("costlier branch 'else' (flops by branch: then 16, else 496)" in w
               for w in r.warnings)
    # TF's frozen (lowered) graph counts both branches: 512 + 16
    assert record("branchy_bn")["frozen_total_float_ops"] == 528


def test_tf1_savedmodel_whole_graph_is_what_tf1s_loader_profiles():
    # a SavedModelBuilder export (x [8,4] -> dense 4->3 -> y, squared-error loss, one SGD step):
    # TF's profiler on the graph loader.load builds counts every node (813, fixture); the
    # serving signature alone is MatMul 2·4·8·3 = 192 + bias add 8·3 = 24 -> 216. Params 4·3+3.
    rec = json.loads((SM / "v1_builder.savedmodel.json").read_text())
    assert (rec["signature_total_float_ops"], rec["params"]) == (216, 15)
    whole = macc.profile(str(SM / "v1_builder"), whole_graph=True)
    assert whole.totals.tf_flops == rec["whole_graph_total_float_ops"] == 813
    assert {n.name: n.tf_flops for n in whole.nodes if n.tf_flops} == rec["whole_graph_nodes"]
    assert whole.totals.params == rec["params"]
    assert whole.warnings[0] == "every node of the MetaGraphDef tagged serve"
    sig = macc.profile(str(SM / "v1_builder"))
    assert sig.totals.tf_flops == 216
    assert {n.name: n.tf_flops for n in sig.nodes if n.tf_flops} == rec["signature_nodes"]


def test_whole_graph_and_signature_exclude_each_other(capsys):
    assert main(["profile", str(SM / "v1_builder"), "--whole-graph",
                 "--signature", "serving_default"]) == 2
    assert capsys.readouterr().err == ("macc: error: --whole-graph counts every node, "
                                       "--signature one signature's: give one of them\n")


def test_input_may_name_the_signature_key():
    # saved_model_cli calls keras_export's input 'image'; its placeholder is serve_image. Either
    # name sets the shape: TF's frozen total at [1,8,8,3] (fixture) 10,810
    rec = json.loads((SM / "keras_export.savedmodel.json").read_text())
    for name in ("image", "serve_image"):
        r = macc.profile(str(SM / "keras_export"), signature="serve", inputs={name: (1, 8, 8, 3)})
        assert r.totals.tf_flops == rec["frozen_total_float_ops"] == 10_810


def test_a_signature_key_and_its_placeholder_are_one_input():
    with pytest.raises(UsageError, match="names node 'serve_image' twice"):
        macc.profile(str(SM / "keras_export"), signature="serve",
                     inputs={"image": (1, 8, 8, 3), "serve_image": (2, 8, 8, 3)})


def test_model_options_are_type_checked_and_tags_may_be_a_list():
    # TF's loader takes tags as a list: the same MetaGraphDef, 10,810 at [1,8,8,3]
    assert macc.profile(str(SM / "keras_export"), tag=["serve"], batch=1).totals.tf_flops == 10_810
    for kw, msg in ((dict(tag=5), "tag: expected a str or a list of str, got 5"),
                    (dict(signature=5), "signature: expected a str, got 5"),
                    (dict(whole_graph="yes"), "whole_graph: expected True or False, got 'yes'")):
        with pytest.raises(UsageError) as e:
            macc.profile(str(SM / "keras_export"), **kw)
        assert str(e.value) == msg


def test_whole_graph_of_a_tf2_savedmodel_warns_that_tf_counts_no_bodies():
    r = macc.profile(str(SM / "convdense"), whole_graph=True)
    assert any(w.startswith("--whole-graph on a SavedModel with functions (TF2)")
               for w in r.warnings)
    assert not any(w.startswith("--whole-graph")
                   for w in macc.profile(str(SM / "v1_builder"), whole_graph=True).warnings)
