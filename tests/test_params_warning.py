"""A bare GraphDef has no trainable_variables collection, so params counts every variable; a TF1
training graph's optimizer slots and moving averages are then said to be in it."""

import macc
from conftest import FIXTURES


def _state_warning(name):
    r = macc.profile(str(FIXTURES / name))
    return r.totals.params, [w for w in r.warnings if w.startswith("params counts every variable")]


def test_adam_training_graph_names_its_state():
    # model: w1 216 + b1 8 + w2 1,152 + b2 16 + w3 1,440 + b3 10 = 2,842; state: two Adam slots
    # per variable 2·2,842, an EMA copy 2,842, global_step, beta1_power, beta2_power:
    # 5,684 + 2,842 + 3 = 8,529 of 2,842 + 8,529 = 11,371; 6·2 + 6 + 3 = 21 variables
    params, warns = _state_warning("training_adam.pb")
    assert params == 11_371
    assert warns == ["params counts every variable (this graph has no trainable_variables "
                     "collection): 21 of them, 8,529 of the 11,371 params, look like optimizer or "
                     "moving-average state (slots such as var/Momentum or var/Adam, "
                     "ExponentialMovingAverage, moving_mean/variance, global_step); the .meta or "
                     "a SavedModel says which are trainable"]


def test_momentum_graph_and_frozen_graphs():
    # Momentum: one slot per variable 2,842 + EMA 2,842 + global_step = 5,685 of 8,527
    params, warns = _state_warning("training_momentum.pb")
    assert params == 8_527 and "13 of them, 5,685 of the 8,527 params" in warns[0]
    # no variables at all, or a graph whose collection says which are trainable: no warning
    assert _state_warning("seed_frozen.pb") == (0, [])
    assert _state_warning("seed.meta")[1] == []


def test_a_call_whose_functions_were_stripped_is_explained(tmp_path):
    # an If whose branch functions are gone (strip_unused drops the library): unsupported, and
    # a second warning says why and that TF counts 0 for it anyway
    p = tmp_path / "g.pbtxt"
    p.write_text(
        'node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_BOOL } }\n'
        '  attr { key: "shape" value { shape { } } } }\n'
        'node { name: "c" op: "If" input: "x" input: "x"\n'
        '  attr { key: "Tcond" value { type: DT_BOOL } }\n'
        '  attr { key: "Tin" value { list { type: DT_BOOL } } }\n'
        '  attr { key: "Tout" value { list { } } }\n'
        '  attr { key: "then_branch" value { func { name: "t" } } }\n'
        '  attr { key: "else_branch" value { func { name: "e" } } } }\n')
    r = macc.profile(str(p))
    assert r.unsupported == {"If": 1} and r.totals.tf_flops == 0
    assert ("If: calls and control flow whose bodies macc could not count: this graph has no "
            "function library (stripped, e.g. by strip_unused?); TF's profiler counts 0 for them "
            "either way (it never looks inside a function)") in r.warnings


def test_input_hint_says_unknown_rank_and_offers_batch_only_where_it_helps():
    # legacy_p21_scalar: x has no rank at all (TF's legacy placeholder rule): --batch cannot
    # fill it; chains_range: x [?,5], whose leading dim --batch fills
    hint = [w for w in macc.profile(str(FIXTURES / "legacy_p21_scalar.pb")).warnings
            if "inputs with unknown dims" in w][0]
    assert hint.endswith("inputs with unknown dims: x=<unknown rank> (set them with --input "
                         "NAME=D0,D1,...)")
    hint = [w for w in macc.profile(str(FIXTURES / "chains_range.pb")).warnings
            if "inputs with unknown dims" in w][0]
    assert hint.endswith("x=[?,5] (set them with --input NAME=D0,D1,... or --batch N)")
