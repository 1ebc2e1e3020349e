"""Inlining a GraphDef's FunctionDefLibrary into one flat GraphDef.

TF2 graphs keep their computation in function bodies called by (Stateful)PartitionedCall, If,
While and Case nodes; TF's profiler never looks inside them. macc inlines the bodies, nested to
any depth:

- a body node ``n`` of a call node ``C`` becomes ``C/n``; the body's arguments are replaced by the
  call's inputs (so captured variables resolve to the caller's VarHandleOp and its ``shape``);
- the call node itself becomes an ``IdentityN`` named ``C`` whose inputs are the body's returns,
  so consumers of ``C:k`` keep working (a call with no outputs becomes a ``NoOp``);
- ``If``/``Case``: every branch is inlined under ``C/then/``, ``C/else/`` or ``C/branch_K/``, then
  only the costlier branch (by exact flops under the declared input shapes; ties: the first) is
  kept (:mod:`macc.inline.branches`); a warning says so;
- ``While``: ``cond`` and ``body`` are inlined once each under ``C/cond/`` and ``C/body/`` (the
  trip count is unknown: one iteration is counted) and ``C``'s outputs pass the loop inputs
  through (a TensorList loop variable: the body's return, which carries the element shape of
  what the body wrote); a warning says so.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import GraphError
from ..graph import parse_input
from ..proto import graph_pb2, node_def_pb2
from .noinline import frozen_copy, is_noinline, keep_call
from .ports import flat_port

CALL_OPS = frozenset({"PartitionedCall", "StatefulPartitionedCall"})
IF_OPS = frozenset({"If", "StatelessIf"})
CASE_OPS = frozenset({"Case", "StatelessCase"})
WHILE_OPS = frozenset({"While", "StatelessWhile"})
MAX_DEPTH = 64


class LoopWiring(NamedTuple):
    """An inlined While in the flat graph: its name, the flat refs of its initial values, of its
    cond's return and of its body's returns (one per loop variable; the body's arguments are
    bound to the initial values, so a body return equal to an input passes it through)."""

    name: str
    inputs: list
    cond: str | None
    body: list | None


class Inlined:
    """The flat GraphDef and what inlining decided."""

    def __init__(self, graph_def, branch_groups, loops, calls, kept_calls=0, wirings=None):
        self.graph_def = graph_def
        self.branch_groups = branch_groups  # [(node name, op, [(label, prefix, [ret refs])])]
        self.loops = loops  # names of inlined While nodes
        self.calls = calls  # number of inlined function calls
        self.kept_calls = kept_calls  # calls of _noinline functions kept as calls
        self.wirings: list[LoopWiring] = wirings or []  # the inlined While nodes, wired
        # the node standing for a call -> the flat refs that live with it, as in TF's frozen
        # graph: every branch's and loop part's returns and each body's control outputs
        # (``FunctionDef.control_ret``); :mod:`macc.inline.live` keeps what the outputs need
        self.deps: dict[str, list[str]] = {}


def has_calls(graph_def) -> bool:
    names = {f.signature.name for f in graph_def.library.function}
    return any(_targets(nd, names) is not None for nd in graph_def.node)


def _func_name(attr_value) -> str:
    return attr_value.func.name


def _targets(nd, library_names):
    """(kind, [(label, function name)]) for a node that calls functions, else None."""
    op = nd.op
    if op in CALL_OPS:
        return "call", [("", _func_name(nd.attr["f"]))]
    if op in library_names:
        return "call", [("", op)]
    if op in IF_OPS:
        return "if", [("then", _func_name(nd.attr["then_branch"])),
                      ("else", _func_name(nd.attr["else_branch"]))]
    if op in CASE_OPS:
        return "case", [(f"branch_{i}", f.name) for i, f in enumerate(nd.attr["branches"].list.func)]
    if op in WHILE_OPS:
        return "while", [("cond", _func_name(nd.attr["cond"])), ("body", _func_name(nd.attr["body"]))]
    return None


def inline_library(graph_def, *, source: str = "", keep_noinline: bool = False,
                   body_shapes: bool = True, nested: bool = True) -> Inlined:
    """A GraphDef without function calls (the library's bodies inlined); see the module doc.
    ``keep_noinline``: calls of ``_noinline`` functions stay calls, as in TF's frozen graph
    (:mod:`macc.inline.noinline`); the result then keeps the library they need.
    ``body_shapes=False``: the bodies' ``_output_shapes`` (and the calls') are dropped, as TF's
    frozen graph has none of them and infers every shape from the ops alone.
    ``nested=False``: only the graph's own calls are inlined; the calls, If, Case and While
    nodes inside their bodies stay nodes (inputs wired to the flat graph), and the result keeps
    the library (:mod:`macc.shapes.calls` infers one body so, as TF's import does)."""
    return _Inliner(graph_def, source, keep_noinline, body_shapes, nested).run()


class _Inliner:
    def __init__(self, graph_def, source, keep_noinline=False, body_shapes=True, nested=True):
        self.gd = graph_def
        self.keep_noinline = keep_noinline
        self.body_shapes = body_shapes
        self.nested = nested
        self.kept_nested = False  # a call-like node in a body was kept as a node (nested=False)
        self.deps: dict[str, list[str]] = {}
        self.ctrl_rets: dict[str, list[str]] = {}  # body prefix -> its control outputs, flat
        self.source = source or None
        self.funcs = {f.signature.name: f for f in graph_def.library.function}
        self.out: list = []
        self.taken = {nd.name for nd in graph_def.node}
        self.branch_groups: list = []
        self.loops: list = []
        self.wirings: list[LoopWiring] = []
        self.calls = 0
        self.kept_calls = 0
        self.kept: dict[str, object] = {}  # frozen copies of the _noinline functions kept as calls

    def error(self, msg, node=None, op=None):
        return GraphError(msg, path=self.source, node=node, op=op)

    def run(self) -> Inlined:
        for nd in self.gd.node:
            kind = _targets(nd, self.funcs)
            if kind is None:
                self.out.append(nd)
                continue
            data, ctrl = [], []
            for text in nd.input:
                (ctrl if text.startswith("^") else data).append(text)
            self.expand(nd, nd.name, data, ctrl, kind, depth=0, stack=())
        flat = graph_pb2.GraphDef()
        if self.gd.HasField("versions"):
            flat.versions.CopyFrom(self.gd.versions)
        flat.node.extend(self.out)
        if self.kept or self.kept_nested:  # calls kept as calls need their bodies
            flat.library.CopyFrom(self.gd.library)
            flat.library.function.extend(self.kept.values())
        inlined = Inlined(flat, self.branch_groups, self.loops, self.calls, self.kept_calls,
                          self.wirings)
        inlined.deps = self.deps
        return inlined

    # -- names -------------------------------------------------------------------------------

    def unique(self, name: str) -> str:
        if name not in self.taken:
            self.taken.add(name)
            return name
        i = 1
        while f"{name}_{i}" in self.taken:
            i += 1
        self.taken.add(f"{name}_{i}")
        return f"{name}_{i}"

    # -- expansion ---------------------------------------------------------------------------

    def expand(self, nd, flat_name, data, ctrl, kind, depth, stack):
        """Inline the function(s) ``nd`` calls; emit the node that stands for its outputs."""
        what, targets = kind
        if depth > MAX_DEPTH:
            raise self.error(f"function calls nested deeper than {MAX_DEPTH}", flat_name, nd.op)
        for _, fname in targets:
            if fname not in self.funcs:
                raise self.error(f"calls function '{fname}', which the graph's library does not "
                                 "define", flat_name, nd.op)
            if fname in stack:
                raise self.error(f"calls function '{fname}' recursively", flat_name, nd.op)
        if (what == "call" and self.keep_noinline and nd.op in CALL_OPS
                and self.keep(nd, flat_name, data, ctrl, targets[0][1])):
            self.kept_calls += 1
            return
        self.calls += 1
        if what == "call":
            rets = self.body(self.funcs[targets[0][1]], flat_name + "/", data, depth, stack)
            self.deps[flat_name] = self.ctrl_rets[flat_name + "/"]
            self.emit_outputs(nd, flat_name, rets, ctrl)
        elif what in ("if", "case"):
            args = data[1:]  # input 0 is the predicate / branch index
            branches = []
            for label, fname in targets:
                prefix = f"{flat_name}/{label}/"
                branches.append((label, prefix, self.body(self.funcs[fname], prefix, args, depth,
                                                          stack)))
            self.branch_groups.append((flat_name, nd.op, branches))
            self.deps[flat_name] = [r for _, prefix, rets in branches
                                    for r in rets + self.ctrl_rets[prefix]]
            # the first branch's outputs until the costlier branch is chosen
            self.emit_outputs(nd, flat_name, branches[0][2] if branches else [],
                              ctrl + [_ctrl_of(data[0])] if data else ctrl)
        else:  # while: cond and body once each; outputs pass the loop inputs through
            rets = {}
            for label, fname in targets:
                rets[label] = self.body(self.funcs[fname], f"{flat_name}/{label}/", data, depth,
                                        stack)
            self.loops.append(flat_name)
            self.deps[flat_name] = [r for label, _ in targets for r in
                                    rets[label] + self.ctrl_rets[f"{flat_name}/{label}/"]]
            cond = rets.get("cond")
            self.wirings.append(LoopWiring(flat_name, list(data), cond[0] if cond else None,
                                           rets.get("body")))
            self.emit_outputs(nd, flat_name, _loop_outputs(nd, data, rets.get("body")), ctrl)

    def keep(self, nd, flat_name, data, ctrl, fname) -> bool:
        """Keep a call to a ``_noinline`` function as a call, as TF's freezing does."""
        fdef = self.funcs[fname]
        if not is_noinline(fdef):
            return False
        got = frozen_copy(fdef)
        if got is None:
            return False
        new, changed = got
        self.kept.setdefault(new.signature.name, new)
        nodes = keep_call(nd, flat_name, data, ctrl, changed, new.signature.name, self.unique)
        for kept in nodes if not self.body_shapes else ():
            if "_output_shapes" in kept.attr:
                del kept.attr["_output_shapes"]
        self.out.extend(nodes)
        return True

    def emit_outputs(self, nd, flat_name, refs, ctrl):
        out = node_def_pb2.NodeDef(name=flat_name, op="IdentityN" if refs else "NoOp")
        out.input.extend(list(refs) + list(ctrl))
        if "_output_shapes" in nd.attr and refs and self.body_shapes:
            out.attr["_output_shapes"].CopyFrom(nd.attr["_output_shapes"])
        out.device = nd.device
        self.out.append(out)

    def body(self, fdef, prefix, args, depth, stack) -> list[str]:
        """Emit ``fdef``'s nodes under ``prefix`` with its args bound to ``args`` (flat refs);
        return the flat refs of its outputs, in output-arg order."""
        sig = fdef.signature
        fname = sig.name
        if len(args) != len(sig.input_arg):
            raise self.error(f"passes {len(args)} inputs to function '{fname}', which takes "
                             f"{len(sig.input_arg)}", prefix.rstrip("/"))
        bound = {a.name: ref for a, ref in zip(sig.input_arg, args)}
        local = {nd.name: self.unique(prefix + nd.name) for nd in fdef.node_def}
        ops = {nd.name: nd.op for nd in fdef.node_def}
        attrs = {nd.name: nd.attr for nd in fdef.node_def}
        seen: dict[str, set[str]] = {}
        for nd in fdef.node_def:
            for text in nd.input:
                parts = text.split(":")
                if len(parts) == 3 and not text.startswith("^"):
                    seen.setdefault(parts[0], set()).add(parts[1])

        def resolve(text: str, where: str) -> str:
            if text.startswith("^"):
                name = text[1:]
                if name in local:
                    return "^" + local[name]
                if name in bound:
                    return _ctrl_of(bound[name])
                raise self.error(f"control input '{text}' names nothing in function '{fname}'",
                                 where)
            parts = text.split(":")
            if len(parts) == 1:
                if text in bound:
                    return bound[text]
                if text in local:  # a bare node name: its first output
                    return local[text]
                raise self.error(f"input '{text}' names nothing in function '{fname}'", where)
            if len(parts) == 2 and parts[0] in bound and parts[1].isdigit():
                return bound[parts[0]] if parts[1] == "0" else _with_port(bound[parts[0]],
                                                                          int(parts[1]))
            if len(parts) != 3 or parts[0] not in local or not parts[2].isdigit():
                raise self.error(f"input '{text}' names nothing in function '{fname}'", where)
            node, arg, idx = parts[0], parts[1], int(parts[2])
            op = ops[node]
            callee = self.funcs.get(op)
            port = flat_port(op, arg, idx, seen_args=seen.get(node, set()),
                             fn_outputs=[a.name for a in callee.signature.output_arg]
                             if callee is not None else None, attrs=attrs[node])
            if port is None:
                raise self.error(f"input '{text}': macc does not know the output args of op "
                                 f"'{op}' (function '{fname}')", where)
            return _with_port(local[node], port)

        for nd in fdef.node_def:
            flat_name = local[nd.name]
            inputs = [resolve(t, flat_name) for t in nd.input]
            kind = _targets(nd, self.funcs)
            if kind is not None and not self.nested:
                self.kept_nested = True
                kind = None
            if kind is not None:
                data = [t for t in inputs if not t.startswith("^")]
                ctrl = [t for t in inputs if t.startswith("^")]
                self.expand(nd, flat_name, data, ctrl, kind, depth + 1, stack + (fname,))
                continue
            new = node_def_pb2.NodeDef()
            new.CopyFrom(nd)
            new.name = flat_name
            if not self.body_shapes and "_output_shapes" in new.attr:
                del new.attr["_output_shapes"]
            del new.input[:]
            new.input.extend(inputs)
            self.out.append(new)
        rets = []
        for a in sig.output_arg:
            if a.name not in fdef.ret:
                raise self.error(f"function '{fname}' has no return value for output '{a.name}'",
                                 prefix.rstrip("/"))
            rets.append(resolve(fdef.ret[a.name], prefix.rstrip("/")))
        self.ctrl_rets[prefix] = [local[n] for n in fdef.control_ret.values() if n in local]
        return rets


DT_VARIANT = 21


def _loop_outputs(nd, data, body_rets):
    """A While's outputs: its loop inputs, except that a TensorList (a variant loop variable)
    is the body's return: the list after the writes of the (one counted) iteration, whose
    element shape they tell (a Keras RNN collects its outputs so)."""
    types = list(nd.attr["T"].list.type) if "T" in nd.attr else []
    if body_rets is None or len(body_rets) != len(data) or len(types) != len(data):
        return data
    return [ret if t == DT_VARIANT else ref for ref, ret, t in zip(data, body_rets, types)]


def _with_port(ref: str, port: int) -> str:
    name, p, _ = parse_input(ref)
    return name if p + port == 0 else f"{name}:{p + port}"


def _ctrl_of(ref: str) -> str:
    return "^" + parse_input(ref)[0]


__all__ = ["Inlined", "LoopWiring", "has_calls", "inline_library"]
