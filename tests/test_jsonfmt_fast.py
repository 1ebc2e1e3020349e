"""The fast node-view JSON writer is byte-identical to json.dumps of the pydantic dump."""

import json

import pytest

import macc
from conftest import FIXTURES
from macc.report import NodeRow


def slow(report, indent):
    return json.dumps(report.model_dump(mode="json"), indent=indent, ensure_ascii=False)


# every TF-profiled graph fixture (all profile cleanly), plus a text GraphDef
FILES = sorted(p.name[: -len(".tfprof.json")] + ".pb" for p in FIXTURES.glob("*.tfprof.json")
               if (FIXTURES / (p.name[: -len(".tfprof.json")] + ".pb")).exists())
FILES.append("seed_frozen_text.pbtxt")


@pytest.mark.parametrize("name", FILES)
def test_fixture_bytes_identical(name):
    r = macc.profile(str(FIXTURES / name))
    for indent in (2, None, 4, 0):
        assert r.to_json(indent=indent) == slow(r, indent)


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # the float count, both ways
def test_odd_rows_bytes_identical():
    r = macc.profile(str(FIXTURES / "seed_frozen.pb"))
    nodes = list(r.nodes)
    # unicode and escapes in names, unknown rank, unknown dims, scalars, no outputs
    nodes.append(NodeRow.model_construct(name='ü "q"\n\\', op="Op\t", output_shapes=[None, [None, 3], []],
                                         flops=0, tf_flops=0, maccs=0, params=0, status="zero",
                                         formula="a·b"))
    nodes.append(NodeRow.model_construct(name="e", op="NoOp", output_shapes=[], status="zero"))
    # a row the fast writer does not take (a float count): written by the generic encoder
    nodes.insert(0, NodeRow.model_construct(name="f", op="X", output_shapes=[[2]], flops=2.5))
    r2 = r.model_copy(update={"nodes": nodes})
    for indent in (2, None):
        assert r2.to_json(indent=indent) == slow(r2, indent)
    empty = r.model_copy(update={"nodes": []})
    assert empty.to_json() == slow(empty, 2)
