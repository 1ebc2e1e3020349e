"""Shape classes (macc.shapes.state): nodes answered from one memo entry share their cost and
their report row tail. Counting and reporting with the classes must give exactly what counting
every node on its own gives, on every graph fixture (the TF-profiled ones included)."""

import pytest

from conftest import FIXTURES
from macc.costs import count
from macc.costs import engine as count_engine
from macc.graph import Graph
from macc.load import load
from macc.render import render_json
from macc.report import build_report_data
from macc.shapes import infer_shapes

GRAPHS = sorted(p.name for p in FIXTURES.glob("*.pb") if not p.name.endswith(".tfprof.pb"))


def _data(path, classes: bool, batch=None):
    loaded = load(path)
    graph = Graph.from_graph_def(loaded.graph_def, source=loaded.source)
    shapes = infer_shapes(graph, batch=batch)
    if not classes:
        shapes.classes = {}
    count_engine._MEMO.clear()
    counts = count(graph, shapes)
    data = build_report_data(graph, shapes, counts, source=loaded.source, fmt=loaded.format,
                             trainable=loaded.trainable)
    return shapes, data


@pytest.mark.parametrize("name", GRAPHS)
def test_classes_change_nothing(name):
    path = str(FIXTURES / name)
    shapes, fast = _data(path, classes=True)
    _, slow = _data(path, classes=False)
    assert fast.rows == slow.rows
    assert fast.totals == slow.totals
    assert list(fast.by_op.items()) == list(slow.by_op.items())  # file order of first node
    assert list(fast.unsupported.items()) == list(slow.unsupported.items())
    assert fast.warnings == slow.warnings
    assert render_json(fast) == render_json(slow)
    assert not slow.shared


@pytest.mark.parametrize("name", ["keras_mobilenet.pb", "keras_resnet50.pb",
                                  "controlflow_rnn.pb", "chains_reshape_pack.pb"])
def test_classes_change_nothing_with_batch_override(name):
    # --batch 1 overrides the placeholders' unknown leading dim: overridden nodes leave their
    # class, and everything downstream gets other input shapes, hence other classes
    path = str(FIXTURES / name)
    _, fast = _data(path, classes=True, batch=1)
    _, slow = _data(path, classes=False, batch=1)
    assert fast.rows == slow.rows and fast.totals == slow.totals
    assert fast.totals["tf_flops"] > _data(path, classes=True)[1].totals["tf_flops"]


def test_repeated_blocks_share_rows():
    # ResNet50 repeats its bottleneck blocks: rows of equal blocks share one tail
    path = str(FIXTURES / "keras_resnet50_b1.pb")
    shapes, data = _data(path, classes=True)
    shared = [t for t in data.tails if id(t) in data.shared]
    assert len({id(t) for t in shared}) < len(shared)  # some tail serves several rows
    assert data.rows == [(name, *tail) for name, tail in zip(data.names, data.tails)]
