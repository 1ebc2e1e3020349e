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
_LINE = re.compile(r"^(\s*)(\S+) \((\S+)/(\S+) flops\)\s*$")
_OP_LINE = re.compile(r"^(\S+)\s+(\S+) float_ops \(")
_DOC_VIEW = re.compile(r"^(scope|graph|op|code): ", re.M)


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
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise FormatError(f"cannot read: {e.strerror or e}", path=path) from None
    if not data.strip():
        raise FormatError("empty file (not TF profiler output)", path=path)
    text = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if text is not None and text.lstrip()[:1] in ("{", "["):
        return _read_json(text, path)
    if text is not None and ("flops)" in text or " float_ops (" in text):
        return _read_text(text, path)
    return _read_proto(data, path)


def _read_json(text: str, path: str) -> TFProfile:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise FormatError(f"is not valid JSON ({e.msg} at line {e.lineno})", path=path) from None
    total = None
    if isinstance(obj, dict) and isinstance(obj.get("nodes"), dict):
        total = obj.get("total_float_ops")
        obj = obj["nodes"]
    if not isinstance(obj, dict):
        raise FormatError("is JSON but not an object {node: flops}", path=path)
    nodes = {}
    for k, v in obj.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v):
            raise FormatError(f"node '{k}': flops must be an integer, got {v!r}", path=path)
        if v:
            nodes[k] = int(v)
    return TFProfile("json", nodes, int(total) if isinstance(total, (int, float)) else None)


def _read_text(text: str, path: str) -> TFProfile:
    m = _DOC_VIEW.search(text)
    view = m.group(1) if m else "scope"
    if view == "op":
        ops = {}
        for line in text.splitlines():
            got = _OP_LINE.match(line)
            if got and got.group(2) != "0":
                ops[got.group(1)] = got.group(2)
        if not ops:
            raise FormatError("is an op-view text report without 'Op  N float_ops' lines",
                              path=path)
        return TFProfile("text", ops, None, view="op")
    nodes, total = {}, None
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        name, own, tot = m.group(2), m.group(3), m.group(4)
        if name == ROOT:
            total = tot
            continue
        if own != "--" and own != "0":
            nodes[name] = own
    if total is None and not nodes:
        raise FormatError("is a text file without TF profiler 'name (self/total flops)' lines",
                          path=path)
    if view == "code":  # rows are Python source lines: nothing to match node by node
        if total is None:
            raise FormatError("is a code-view report without its _TFProfRoot total", path=path)
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


def run_tf(path: str) -> TFProfile:
    """TF's profiler on a GraphDef or MetaGraphDef file, in this process (lazy TF import)."""
    try:
        import tensorflow as tf  # noqa: PLC0415 - only behind --run-tf
    except ImportError:
        raise UsageError("--run-tf needs TensorFlow, which is not importable here (pip install "
                         "tensorflow, or give TF's output with --tfprof FILE)") from None
    from .load import load
    loaded = load(path)
    if loaded.format == "savedmodel":
        raise UsageError("--run-tf compares node by node, and TF's profiler counts nothing inside "
                         "a SavedModel's functions; freeze its concrete function and check that")
    import contextlib
    import io
    g = tf.Graph()
    with g.as_default():
        if loaded.format == "metagraph":
            tf.compat.v1.train.import_meta_graph(path)
        else:
            tf.compat.v1.import_graph_def(
                tf.compat.v1.GraphDef.FromString(loaded.graph_def.SerializeToString()), name="")
    opts = (tf.compat.v1.profiler.ProfileOptionBuilder(
        tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()).with_empty_output().build())
    with contextlib.redirect_stderr(io.StringIO()):
        res = tf.compat.v1.profiler.profile(g, cmd="scope", options=opts)
    return TFProfile("tensorflow", _walk(res), int(res.total_float_ops))
