"""Reports build their NodeRow objects only when ``nodes`` is read; every way of reading a report
sees the same thing as with the rows built up front."""

import copy
import json
import pickle

import macc
from conftest import FIXTURES
from macc.report import NodeRow, Report
from macc.report.models import lazy_report

SEED = str(FIXTURES / "seed_frozen.pb")


def test_rows_built_on_first_read():
    r = macc.profile(SEED)
    assert r.raw_rows() is not None  # nothing built yet
    text = r.to_json()  # the node view is written from the unbuilt rows
    assert r.raw_rows() is not None
    assert isinstance(r.nodes, list) and all(type(n) is NodeRow for n in r.nodes)
    assert r.raw_rows() is None
    assert text == json.dumps(r.model_dump(mode="json"), indent=2, ensure_ascii=False)
    assert list(r.model_dump()) == list(Report.model_fields)  # the field order, nodes in place


def test_every_pydantic_path_builds_the_rows_first():
    built = macc.profile(SEED)
    built.nodes  # noqa: B018
    for read in (lambda r: r.model_dump(), lambda r: json.loads(r.model_dump_json()),
                 lambda r: pickle.loads(pickle.dumps(r)).model_dump(),
                 lambda r: copy.deepcopy(r).model_dump(), lambda r: copy.copy(r).model_dump(),
                 lambda r: r.model_copy().model_dump(), lambda r: dict(r)["nodes"] and r.nodes,
                 lambda r: repr(r)):
        fresh = macc.profile(SEED)
        assert read(fresh) == read(built)
    assert macc.profile(SEED) == built and built == macc.profile(SEED)
    assert "NodeRow(name=" in repr(macc.profile(SEED))


def test_odd_unbuilt_rows_written_as_pydantic_writes_them():
    totals = macc.Totals(flops=3)
    rows = [("ü \"q\"\n\\", "Op\t", [None, (None, 3), ()], 0, 0, 0, 0, "zero", "a·b"),
            ("e", "NoOp", [], 0, 0, 0, 0, "zero", ""),
            ("t", "X", [(1, 2)], True, 0, 0, 0, "counted", "")]  # a bool: the generic writer
    r = lazy_report(source="s.pb", fmt="graphdef", totals=totals, raw_rows=rows, by_op={},
                    unsupported={}, warnings=[])
    texts = [r.to_json(indent=i) for i in (2, None, 0)]
    assert r.raw_rows() is not None
    assert r.nodes[0].output_shapes == [None, [None, 3], []]
    assert texts == [json.dumps(r.model_dump(mode="json"), indent=i, ensure_ascii=False)
                     for i in (2, None, 0)]
    assert '"flops": 1,' in texts[0]  # pydantic writes the bool of an int field as 1
