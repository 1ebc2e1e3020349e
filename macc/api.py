"""The Python API: ``macc.profile(path, inputs=...)`` and its building blocks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .costs import count
from .errors import MaccError
from .gcoff import no_gc
from .graph import Graph
from .inputs import check_batch, check_inputs, check_model_options
from .load import load
from .onepass import one_pass
from .report import build_report_data
from .shapes import infer_shapes

if TYPE_CHECKING:
    from .report import Report


def profile_graph(graph: Graph, *, source: str, fmt: str, inputs: Mapping | None = None,
                  batch: int | None = None, trainable: set[str] | None = None) -> Report:
    """Shapes, costs and the report for an already built Graph (GraphDefs and layer specs alike)."""
    inputs, batch = check_inputs(inputs), check_batch(batch)
    return _graph_data(graph, source=source, fmt=fmt, inputs=inputs, batch=batch,
                       trainable=trainable).to_report()


def _graph_data(graph: Graph, *, source: str, fmt: str, inputs: Mapping | None = None,
                batch: int | None = None, trainable: set[str] | None = None,
                loops: list[str] | None = None):
    with no_gc():
        # loops macc inlined (a SavedModel's While bodies) refine their TensorLists' element
        # shapes with what they write; elsewhere lists keep their declared shapes, as in TF
        shapes = infer_shapes(graph, inputs, batch, refine_lists=bool(loops))
        counts = count(graph, shapes)
        return build_report_data(graph, shapes, counts, source=source, fmt=fmt,
                                 trainable=trainable, inlined_loops=loops)


def profile(path, inputs: Mapping | None = None, batch: int | None = None, *,
            signature: str | None = None, tag: str | None = None,
            whole_graph: bool = False) -> Report:
    """Count a model: a file or SavedModel directory, or the model in memory (serialized bytes, or
    a protobuf message such as TensorFlow's own GraphDef, read by its ``SerializeToString``).
    ``inputs`` maps node names to shapes (ints >= 0; None or -1 = unknown dim): a placeholder's
    replaces its declared shape, another node's may only fill in dims the graph leaves unknown;
    ``batch`` fills every unknown leading input dim; ``signature``/``tag`` choose a SavedModel's
    signature (default ``serving_default``) and tag set (default ``serve``); ``whole_graph``
    counts every node of a SavedModel's MetaGraphDef instead (what TF1's loader and profiler
    see). Bad input raises :class:`macc.MaccError`."""
    return profile_data(path, inputs, batch, signature=signature, tag=tag,
                        whole_graph=whole_graph).to_report()


def profile_data(path, inputs: Mapping | None = None, batch: int | None = None, *,
                 signature: str | None = None, tag: str | None = None,
                 whole_graph: bool = False):
    """:func:`profile` as a :class:`~macc.report.data.ReportData` (plain data, no pydantic):
    what the CLI writes as JSON."""
    inputs, batch = check_inputs(inputs), check_batch(batch)
    signature, tag, whole_graph = check_model_options(signature, tag, whole_graph)
    with no_gc():
        loaded = load(path, signature=signature, tag=tag, inputs=inputs, batch=batch,
                      whole_graph=whole_graph)
        if loaded.input_aliases and inputs:
            from .load.savedmodel import with_aliases
            inputs = with_aliases(inputs, loaded.input_aliases)
        graph_def = loaded.graph_def
        data = None
        if not loaded.loops:
            # the graph, shapes, counts and rows in one pass (None: the phases' work)
            data = one_pass(graph_def, source=loaded.source, fmt=loaded.format,
                            sizes=loaded.node_sizes, trainable=loaded.trainable, inputs=inputs,
                            batch=batch)
        if data is None:
            try:
                graph = Graph.from_graph_def(graph_def, source=loaded.source,
                                             node_sizes=loaded.node_sizes)
                data = _graph_data(graph, source=loaded.source, fmt=loaded.format,
                                   inputs=inputs, batch=batch, trainable=loaded.trainable,
                                   loops=loaded.loops)
            except MaccError as e:
                raise e.with_context(path=loaded.source) from None
    data.warnings[:0] = loaded.notes
    return data
