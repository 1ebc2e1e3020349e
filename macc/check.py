"""``macc check``: macc's tf_flops against what TensorFlow's profiler printed, node by node.

TF's output is read in any of three forms:

- a text report, compared at the precision it prints (TF shows ``7.20k`` for 7,200 and 7,204
  alike, so ours is formatted the same way): the scope or graph view (``node (self/total
  flops)`` lines: node by node), the op view (``Op  N float_ops (…%, …%)`` lines: op type by op
  type, against macc's per-op sums) or the code view (its rows are Python source lines, not
  nodes: only the total is compared);
- a serialized ``GraphNodeProto`` (the profiler's return value, ``.SerializeToString()``);
- a JSON object ``{node: flops}`` (or a fixture record with such a ``nodes`` object).

``run_tf`` produces the same table by running TF's profiler in this process (TensorFlow is
imported only there).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from google.protobuf import message as _pb_message

from .errors import FormatError, UsageError

ROOT = "_TFProfRoot"
# TF's FormatNumber: an integer below 1000, else two decimals and k, m or b (tfprof_utils)
_NUM = r"\d+(?:\.\d\d[kmb])?"
_LINE = re.compile(rf"^( *)(\S(?:.*\S)?) \((--|{_NUM})/({_NUM}) flops\)$")
_OP_TAIL = re.compile(r"(\S+)( float_ops \(\d+\.\d\d%, \d+\.\d\d%\))$")
_NUM_RE = re.compile(_NUM)
_DOC_VIEW = re.compile(r"^(scope|graph|op|code): ", re.M)
# printed around the report only when TF writes it to stdout (print_model_analysis.cc); a report
# written to a file (-output file:outfile=...) is the Doc, "Profile:", the legend and the rows
_HEADER = "==================Model Analysis Report======================"
_TRAILER = "======================End of Report=========================="
_LEGEND = "node name | # float_ops"
_INT64_MAX = 2**63 - 1

def format_number(n: int) -> str:
    """TF's profiler's way of printing a count (tfprof_utils FormatNumber)."""
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        return f"{n / 1000.0:.2f}k"
    if n < 1_000_000_000:
        return f"{n / 1e6:.2f}m"
    return f"{n / 1e9:.2f}b"


@dataclass
class TFProfile:
    """What TF said: per-node values (exact ints, or printed strings for a text report)."""

    kind: str  # text | graphnodeproto | json | tensorflow
    nodes: dict  # name -> int, or name -> printed str (kind == "text")
    total: object = None  # int, printed str, or None when the file does not say
    view: str = "node"  # what ``nodes`` are keyed by: node | op (types) | code (nothing kept)

    @property
    def printed(self) -> bool:
        return self.kind == "text"


@dataclass
class CheckResult:
    compared: int
    diffs: list = field(default_factory=list)  # (node, ours, theirs)
    total_ours: int = 0
    total_theirs: object = None
    total_ok: bool = True

    @property
    def ok(self) -> bool:
        return not self.diffs and self.total_ok


def read_tfprof(path: str) -> TFProfile:
    from .load.readfile import read_bytes  # no hang on a FIFO, at most 2 GiB
    data = read_bytes(path, what="TF profiler output")
    if not data.strip():
        raise FormatError("empty file (not TF profiler output)", path=path)
    text = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if text is not None and text.lstrip()[:1] in ("{", "["):
        return _read_json(text, path)
    if text is not None and ("flops)" in text or " float_ops (" in text or _HEADER in text
                             or "\nnode name | " in text):
        return _read_text(text, path)
    return _read_proto(data, path)


def _flops(value, what: str, path: str) -> int:
    """A count from a JSON file: a non-negative int64 (an integral float like 7200.0 too)."""
    ok = (not isinstance(value, bool) and isinstance(value, (int, float))
          and value == value and value not in (float("inf"), float("-inf"))
          and value == int(value) and 0 <= value <= _INT64_MAX)
    if not ok:
        raise FormatError(f"{what} must be an integer in [0, 2**63) (TF's int64 count), got "
                          f"{value!r}"[:200], path=path)
    return int(value)


def _read_json(text: str, path: str) -> TFProfile:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise FormatError(f"is not valid JSON ({e.msg} at line {e.lineno})", path=path) from None
    except RecursionError:
        raise FormatError("is JSON nested too deeply (not TF profiler output)", path=path) from None
    total = None
    if isinstance(obj, dict) and "nodes" in obj:
        if not isinstance(obj["nodes"], dict):
            raise FormatError("'nodes' must be an object {node: flops}, got "
                              f"{type(obj['nodes']).__name__}", path=path)
        if "total_float_ops" in obj:
            total = _flops(obj["total_float_ops"], "'total_float_ops'", path)
        obj = obj["nodes"]
    elif isinstance(obj, dict) and not obj:
        raise FormatError("is an empty JSON object: no {node: flops} entries (a graph TF counts "
                          "nothing in is {\"nodes\": {}, \"total_float_ops\": 0})", path=path)
    if not isinstance(obj, dict):
        raise FormatError("is JSON but not an object {node: flops}", path=path)
    nodes = {}
    for k, v in obj.items():
        n = _flops(v, f"node '{k}': flops", path)
        if n:
            nodes[k] = n
    return TFProfile("json", nodes, total)


def _report_rows(text: str, path: str) -> list:
    """The rows of a text report as (line number, line), after checking it is whole."""
    lines = text.split("\n")
    if _HEADER in lines:  # written to stdout: TF always ends it with its trailer line
        if _TRAILER not in lines:
            raise FormatError("is cut short: TF's report ends with its 'End of Report' line and "
                              "this one does not", path=path)
        end = lines.index(_TRAILER)
    else:  # written to a file: every row ends with a newline, the last one too
        if not text.endswith("\n"):
            raise FormatError(f"is cut short: its last line {lines[-1].strip()[:60]!r} has no newline "
                              "(TF ends every row with one)", path=path)
        end = len(lines)
    if _LEGEND not in lines[:end]:
        if _HEADER in lines and not any(ln.strip() for ln in lines[lines.index(_HEADER) + 1:end]):
            raise FormatError("is a TF profiler report with no rows (a code view of a graph "
                              "without Python traces prints none: profile the scope, graph or "
                              "op view)", path=path)
        other = next((ln for ln in lines[:end] if ln.startswith("node name | ")), None)
        if other is not None:
            raise FormatError(f"has the columns {other[12:][:60]!r}; macc reads TF's report with "
                              "the float_ops column alone (ProfileOptionBuilder.float_operation())",
                              path=path)
        raise FormatError(f"has no {_LEGEND!r} line before its rows (not a TF profiler text "
                          "report)", path=path)
    start = lines.index(_LEGEND) + 1
    rows = [(i + 1, lines[i]) for i in range(start, end)]
    while rows and not rows[-1][1].strip():
        rows.pop()
    return rows


def _op_row(line: str):
    """(op type, printed count) of an op-view row, or None when the line is not one.

    TF writes ``%-25s`` name then ``%30s`` "N float_ops (a%, b%)" (tfprof_op.cc), so a long
    name can run into the number: the split kept is the one that re-prints as the same line.
    """
    m = _OP_TAIL.search(line)
    if not m:
        return None
    head, tok, rest = line[:m.start(1)], m.group(1), m.group(2)
    found = []
    for j in range(len(tok)):
        num, name = tok[j:], (head + tok[:j]).strip()
        if (name and " " not in name and _NUM_RE.fullmatch(num)
                and f"{name:<25}{num + rest:>30}" == line):
            found.append((name, num))
    return found[0] if len(found) == 1 else None


def _read_text(text: str, path: str) -> TFProfile:
    m = _DOC_VIEW.search(text)
    view = m.group(1) if m else "scope"
    rows = _report_rows(text, path)
    if view == "op":
        ops = {}
        for no, line in rows:
            got = _op_row(line)
            if got is None:
                raise FormatError(f"line {no}: {line.strip()[:80]!r} is not an op-view row "
                                  "'OpType  N float_ops (a%, b%)'", path=path)
            if got[1] != "0":
                ops[got[0]] = got[1]
        if not ops:
            raise FormatError("is an op-view text report without 'Op  N float_ops' lines",
                              path=path)
        return TFProfile("text", ops, None, view="op")
    nodes, total = {}, None
    for no, line in rows:
        m = _LINE.match(line)
        if not m:
            raise FormatError(f"line {no}: {line.strip()[:80]!r} is not a profiler row "
                              "'name (self/total flops)'", path=path)
        name, own, tot = m.group(2), m.group(3), m.group(4)
        if name == ROOT and not m.group(1):
            total = tot
            continue
        if own != "--" and own != "0":
            nodes[name] = own
    if total is None:
        raise FormatError(f"has no {ROOT} row (TF prints the total first)", path=path)
    if view == "code":  # rows are Python source lines: nothing to match node by node
        return TFProfile("text", {}, total, view="code")
    return TFProfile("text", nodes, total)


def _read_proto(data: bytes, path: str) -> TFProfile:
    from .proto import tfprof_output_pb2
    root = tfprof_output_pb2.GraphNodeProto()
    try:
        root.ParseFromString(data)
    except (_pb_message.DecodeError, RuntimeError, ValueError):
        raise FormatError("is neither a TF profiler text report, a GraphNodeProto nor JSON",
                          path=path) from None
    if root.name != ROOT and not root.children:
        raise FormatError("is neither a TF profiler text report, a GraphNodeProto nor JSON "
                          "(no profile tree in it)", path=path)
    return TFProfile("graphnodeproto", _walk(root), int(root.total_float_ops))


def _walk(root) -> dict:
    nodes = {}
    stack = [root]
    while stack:
        n = stack.pop()
        if n.name != ROOT and n.float_ops:
            nodes[n.name] = int(n.float_ops)
        stack.extend(n.children)
    return nodes


def compare(report, prof: TFProfile) -> CheckResult:
    """Every node where macc's tf_flops and TF's number differ (0 where one side has none)."""
    if prof.view == "op":
        ours = {op: s.tf_flops for op, s in report.by_op.items() if s.tf_flops}
    elif prof.view == "code":
        ours = {}
    else:
        ours = {n.name: n.tf_flops for n in report.nodes if n.tf_flops}
    show = format_number if prof.printed else (lambda v: v)
    zero = show(0)
    diffs = []
    for name in sorted(set(ours) | set(prof.nodes)):
        mine = ours.get(name, 0)
        theirs = prof.nodes.get(name, zero)
        if show(mine) != theirs:
            diffs.append((name, mine, theirs))
    res = CheckResult(compared=len(set(ours) | set(prof.nodes)), diffs=diffs,
                      total_ours=report.totals.tf_flops, total_theirs=prof.total)
    if prof.total is not None:
        res.total_ok = show(report.totals.tf_flops) == prof.total
    return res


def render(result: CheckResult, prof: TFProfile, *, path: str, tfprof: str) -> str:
    how = {"text": "TF's text report, compared at its printed precision",
           "graphnodeproto": "a serialized GraphNodeProto", "json": "JSON {node: flops}",
           "tensorflow": "TF's profiler run in-process"}[prof.kind]
    how += {"node": "", "op": "; op view: per op type",
            "code": "; code view: its rows are source lines, only the total is compared"}[prof.view]
    lines = [f"{path} vs {tfprof} ({how})"]
    for name, mine, theirs in result.diffs:
        lines.append(f"  differs: {name}: macc {mine:,} ({format_number(mine)}), TF {theirs}"
                     if prof.printed else f"  differs: {name}: macc {mine:,}, TF {theirs:,}")
    if result.total_theirs is not None:
        mark = "same" if result.total_ok else "differs"
        lines.append(f"total tf_flops: macc {result.total_ours:,}, TF {result.total_theirs}"
                     f" ({mark})" if prof.printed else
                     f"total tf_flops: macc {result.total_ours:,}, TF {result.total_theirs:,} "
                     f"({mark})")
    n = len(result.diffs)
    if prof.view == "code":
        lines.append("the total compared: " + ("no differences" if result.ok else "it differs"))
        return "\n".join(lines)
    unit = "op types" if prof.view == "op" else "nodes"
    one = "op type" if prof.view == "op" else "node"
    lines.append(f"{result.compared} {unit} compared: "
                 + ("no differences" if result.ok else
                    (f"{n} {unit} differ" if n != 1 else f"1 {one} differs")
                    + ("" if result.total_ok else ", and the total")))
    return "\n".join(lines)


def run_tf(path: str, *, signature: str | None = None, tag: str | None = None,
           whole_graph: bool = False) -> TFProfile:
    """TF's profiler, in this process (lazy TF import), on what macc counts for ``path`` with
    the same ``signature``/``tag``/``whole_graph``:

    - a GraphDef, or a MetaGraphDef without a signature: the whole graph, node by node;
    - a MetaGraphDef with a signature: the subgraph its outputs need
      (``extract_sub_graph``), node by node;
    - a SavedModel: its signature's concrete function frozen with
      ``convert_variables_to_constants_v2`` (docs/savedmodel.md: what macc's number is to
      equal), compared op type by op type and by total, as the frozen graph's node names are not
      macc's; one without function calls (TF1's SavedModelBuilder) needs no freezing: its
      signature's subgraph, node by node. ``whole_graph``: the MetaGraphDef's whole graph, what
      TF1's loader puts in a session, node by node.
    """
    try:
        import tensorflow as tf  # noqa: PLC0415 - only behind --run-tf
    except ImportError:
        raise UsageError("--run-tf needs TensorFlow, which is not importable here (pip install "
                         "tensorflow, or give TF's output with --tfprof FILE)") from None
    from .load import load
    loaded = load(path, signature=signature, tag=tag, whole_graph=whole_graph)
    view = "node"
    if loaded.format == "savedmodel":
        gd, view = _tf_savedmodel(tf, path, signature, tag, whole_graph)
    elif loaded.format == "metagraph":
        from tensorflow.python.framework import meta_graph as tf_meta_graph  # noqa: PLC0415
        mg = tf_meta_graph.read_meta_graph_file(path)
        gd = mg.graph_def
        if signature is not None:
            from .load.metagraph import signature_outputs
            from .proto import meta_graph_pb2
            ours = meta_graph_pb2.MetaGraphDef.FromString(mg.SerializeToString())
            _, outs = signature_outputs(ours, signature, path, default=False)
            gd = tf.compat.v1.graph_util.extract_sub_graph(gd, outs)
    else:
        gd = tf.compat.v1.GraphDef.FromString(loaded.graph_def.SerializeToString())
    return _tf_profile(tf, gd, view)


def _tf_profile(tf, graph_def, view: str) -> TFProfile:
    import contextlib
    import io
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    opts = (tf.compat.v1.profiler.ProfileOptionBuilder(
        tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()).with_empty_output().build())
    with contextlib.redirect_stderr(io.StringIO()):
        res = tf.compat.v1.profiler.profile(g, cmd="scope", options=opts)
    nodes = _walk(res)
    if view == "op":
        types = {op.name: op.type for op in g.get_operations()}
        by_op: dict = {}
        for name, flops in nodes.items():
            if name in types:
                by_op[types[name]] = by_op.get(types[name], 0) + flops
        nodes = by_op
    return TFProfile("tensorflow", nodes, int(res.total_float_ops), view=view)


def _tf_savedmodel(tf, path, signature, tag, whole_graph):
    """(TF's GraphDef for a SavedModel's signature or whole graph, the view to compare by)."""
    import os

    from .inline import has_calls
    from .load.metagraph import signature_outputs
    from .load.savedmodel import DEFAULT_SIGNATURE, _choose_metagraph, read_savedmodel, tag_set
    sm = read_savedmodel(path)
    mg = _choose_metagraph(sm, tag, path)
    whole = tf.compat.v1.GraphDef.FromString(mg.graph_def.SerializeToString())
    if whole_graph:
        return whole, "node"
    name, outs = signature_outputs(mg, signature or DEFAULT_SIGNATURE, path,
                                   default=signature is None)
    if not has_calls(mg.graph_def):  # nothing to inline: freezing only turns variables to Const
        return tf.compat.v1.graph_util.extract_sub_graph(whole, outs), "node"
    from tensorflow.python.framework.convert_to_constants import (  # noqa: PLC0415
        convert_variables_to_constants_v2,
    )
    directory = path if os.path.isdir(path) else os.path.dirname(path) or "."
    try:
        obj = tf.saved_model.load(directory, tags=sorted(tag_set(tag)) if tag else None)
        frozen = convert_variables_to_constants_v2(obj.signatures[name])
    except Exception as e:  # noqa: BLE001 - TF's own errors, many kinds: one line
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        raise UsageError(f"--run-tf: TensorFlow could not freeze signature '{name}' of {path} "
                         f"(freezing reads the variables' values from variables/): {first}"
                         ) from None
    return frozen.graph.as_graph_def(), "op"
