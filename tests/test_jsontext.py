"""macc.render.jsontext.dumps writes exactly json.dumps(obj, indent=N, ensure_ascii=False)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from macc.api import profile_data
from macc.render.jsonfmt import render_json, report_dict
from macc.render.jsontext import dumps

scalars = (st.none() | st.booleans() | st.integers() | st.text()
           | st.floats(allow_nan=True, allow_infinity=True))
plain = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4)
                     | st.dictionaries(st.text(max_size=5), kids, max_size=4)
                     | st.dictionaries(st.integers(), kids, max_size=3)
                     | st.tuples(kids, kids), max_leaves=30)


@settings(max_examples=400, derandomize=True)
@given(plain, st.sampled_from([0, 1, 2, 4]))
def test_same_text_as_json(obj, indent):
    assert dumps(obj, indent) == json.dumps(obj, indent=indent, ensure_ascii=False)


def test_odd_values():
    class Int(int):
        pass
    obj = {"a": [Int(3), float("nan"), -0.0, 1e300, 'é\n"\\', (1, 2), {}, []], "b": {1: "x"}}
    for indent in (0, 2, 3):
        assert dumps(obj, indent) == json.dumps(obj, indent=indent, ensure_ascii=False)


@pytest.mark.parametrize("name", ["keras_mobilenetv2_b1.pb", "seed.pb", "controlflow_rnn.pb"])
@pytest.mark.parametrize("view", [("op", None), ("scope", None), ("scope", 2)])
def test_views_as_json_dumps_writes_them(name, view):
    report = profile_data(str(FIXTURES / name)).to_report()
    by, depth = view
    d = report_dict(report, by, depth=depth)
    assert render_json(report, by=by, depth=depth) == json.dumps(d, indent=2, ensure_ascii=False)
