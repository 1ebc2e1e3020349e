"""The graph IR: immutable nodes by name, data inputs as (node, port), control inputs apart.

Built from a GraphDef's node list (or from lowered layer specs). Attrs are decoded lazily and
tensors are never decoded here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .attrs import Attrs, op_default
from .errors import GraphError

LOOP_BACK_OPS = frozenset({"NextIteration", "RefNextIteration"})
_new_node = object.__new__
_ABSENT = object()
_OPS: dict[str, str] = {}
_OPS_MAX = 1 << 14


def parse_input(text: str) -> tuple[str, int, bool]:
    """``"name"`` -> (name, 0, False); ``"name:2"`` -> (name, 2, False); ``"^name"`` -> (name, -1, True)."""
    if text.startswith("^"):
        return text[1:], -1, True
    name, sep, port = text.rpartition(":")
    if sep and port.isdigit():
        return name, int(port), False
    return text, 0, False


class Node:
    """One operation. ``inputs`` are data inputs (node name, output port) in order."""

    __slots__ = ("name", "op", "inputs", "control_inputs", "_attrs", "_device", "n_input_entries",
                 "proto", "head", "size", "wire")

    def __init__(self, name: str, op: str, inputs: Iterable[tuple[str, int]] = (),
                 control_inputs: Iterable[str] = (), attrs: Attrs | Mapping | None = None,
                 device: str = "", n_input_entries: int | None = None):
        self.name = name
        self.op = op
        self.inputs = tuple(inputs)
        self.control_inputs = tuple(control_inputs)
        self._attrs = attrs if isinstance(attrs, Attrs) else Attrs(values=dict(attrs or {}))
        self._device = device
        # len(NodeDef.input), control entries included (TF's AddN formula counts them)
        self.n_input_entries = (len(self.inputs) + len(self.control_inputs)
                                if n_input_entries is None else n_input_entries)
        self.proto = None  # the NodeDef, for nodes read from one
        self.head = None
        self.size = None  # the NodeDef's serialized size, when the file told it
        self.wire = None  # the NodeDef serialized, when the caller has it already

    @property
    def attrs(self) -> Attrs:
        """The attrs, read from the NodeDef on first access (nodes answered from the shape and
        count memos never need them: no object per node for them)."""
        a = self._attrs
        if a is None:
            a = self._attrs = Attrs.of_node(self.proto)
        return a

    @property
    def device(self) -> str:
        d = self._device
        if d is None:
            d = self._device = self.proto.device
        return d

    def attr(self, key, default=None):
        """Attr ``key``; when the node lacks it, its OpDef default (as TF fills it in), else
        ``default``."""
        value = self.attrs.get(key, _ABSENT)
        if value is _ABSENT:
            return op_default(self.op, key, default)
        return value

    def __repr__(self):
        return f"Node({self.name!r}, {self.op!r})"

    @classmethod
    def from_proto(cls, nd, name: str | None = None, op: str = "", texts=(),
                   parsed: tuple | None = None) -> Node:
        """``head``: the serialized size of the NodeDef's name, op and input fields if every
        string in them is ASCII and shorter than 128 (one byte of tag, one of length, then the
        text): where its device or attrs start in its serialization. The memo keys check it
        (see macc.shapes.state._attrs_key). ``name``, ``op``, ``texts``: the NodeDef's name, op
        and inputs when the caller has read them already (upb makes a new str per read);
        ``parsed``: (data inputs, control inputs, head) when it has parsed them too."""
        if name is None:
            name, op, texts = nd.name, nd.op, nd.input
        n = _new_node(cls)
        n.name = name
        # one str per op type (protobuf makes a new one per read): less memory per node, and
        # the registries' lookups compare by identity
        got = _OPS.get(op)
        if got is None:  # a new op type (or the empty op, never kept): checked here, off the hot path
            if not op:
                if not name:
                    raise GraphError("a node has an empty name and an empty op")
                raise GraphError("has an empty op (every NodeDef names its operation)", node=name)
            if len(_OPS) < _OPS_MAX:  # bounded: a fuzzer's random op names never pile up
                _OPS[op] = op
            got = op
        n.op = op = got
        head = (len(name) + 2 if name else 0) + (len(op) + 2 if op else 0)
        if parsed is not None:
            n.inputs, n.control_inputs, head = parsed
            n.n_input_entries = len(texts)
        elif texts:
            data, ctrl = [], []
            for text in texts:
                head += len(text) + 2  # repeated: written even when empty
                if ":" not in text and not text.startswith("^"):
                    data.append((text, 0))  # the common case, without parse_input's work
                    continue
                name, port, is_ctrl = parse_input(text)
                (ctrl.append(name) if is_ctrl else data.append((name, port)))
            n.inputs = tuple(data)
            n.control_inputs = tuple(ctrl)
            n.n_input_entries = len(texts)
        else:  # constants: half the nodes of a frozen graph
            n.inputs = n.control_inputs = ()
            n.n_input_entries = 0
        # what __init__ does, without its conversions (one Node per NodeDef, 10^6 on big graphs)
        n._attrs = n._device = None  # read from the NodeDef on first access
        n.proto = nd
        n.head = head
        n.size = n.wire = None
        return n


class Graph:
    """Nodes by name, in file order, with a topological order that tolerates v1 loops."""

    def __init__(self, nodes: Iterable[Node], *, source: str = "", library=None):
        self.source = source
        # the FunctionDefLibrary of a GraphDef whose calls stay calls (TF infers their output
        # shapes through the bodies but never counts them), or None
        self.library = library
        self.nodes: dict[str, Node] = {}
        by_name = self.nodes
        in_order = True  # every input names a node before it (file order is topological)
        for n in nodes:
            name = n.name
            if not name:
                raise GraphError("a node has an empty name", path=source or None)
            if name in by_name:
                raise GraphError("duplicate node name", path=source or None, node=name, op=n.op)
            if in_order:
                for src, _ in n.inputs:
                    if src not in by_name:
                        in_order = False
                        break
                else:
                    for src in n.control_inputs:
                        if src not in by_name:
                            in_order = False
                            break
            by_name[name] = n
        self._order: list[Node] | None = None
        if in_order:  # every input exists, and no back edge: the order is the file's
            self._order = list(by_name.values())
        else:
            self._check_inputs()
        self._consumers: dict[str, list[str]] | None = None

    @classmethod
    def from_graph_def(cls, graph_def, *, source: str = "",
                       node_sizes: list[int] | None = None) -> Graph:
        """``node_sizes``: each NodeDef's serialized size, as read from the file
        (``Loaded.node_sizes``): the shape memo then never asks protobuf for a size."""
        library = graph_def.library if len(graph_def.library.function) else None
        from_proto = Node.from_proto
        try:
            nodes = [from_proto(nd) for nd in graph_def.node]
        except GraphError as e:  # an empty op
            raise e.with_context(path=source or None) from None
        if node_sizes is not None and len(node_sizes) == len(nodes):
            for n, size in zip(nodes, node_sizes):
                n.size = size
        return cls(nodes, source=source, library=library)

    def __len__(self):
        return len(self.nodes)

    def __iter__(self):
        return iter(self.nodes.values())

    def __getitem__(self, name: str) -> Node:
        return self.nodes[name]

    def __contains__(self, name):
        return name in self.nodes

    def _check_inputs(self):
        nodes = self.nodes
        for n in nodes.values():
            for src, port in n.inputs:
                if src not in nodes:
                    raise GraphError(f"input '{src}:{port}' names a node that does not exist",
                                     path=self.source or None, node=n.name, op=n.op)
            for src in n.control_inputs:
                if src not in nodes:
                    raise GraphError(f"control input '^{src}' names a node that does not exist",
                                     path=self.source or None, node=n.name, op=n.op)

    def consumers(self, name: str) -> list[str]:
        """Names of the nodes that take a data input from ``name``."""
        if self._consumers is None:
            cons: dict[str, list[str]] = {}
            for n in self.nodes.values():
                for src, _ in n.inputs:
                    cons.setdefault(src, []).append(n.name)
            self._consumers = cons
        return self._consumers.get(name, [])

    def topological(self) -> list[Node]:
        """Producers before consumers; NextIteration back-edges are ignored (v1 while loops)."""
        if self._order is not None:
            return self._order
        nodes = self.nodes
        if self._file_order_is_topological():
            self._order = list(nodes.values())
            return self._order
        indeg = dict.fromkeys(nodes, 0)
        succ: dict[str, list[str]] = {}
        for n in nodes.values():
            for src in {s for s, _ in n.inputs}.union(n.control_inputs):
                if nodes[src].op in LOOP_BACK_OPS:
                    continue
                indeg[n.name] += 1
                succ.setdefault(src, []).append(n.name)
        ready = [name for name, d in indeg.items() if d == 0]
        ready.reverse()
        order = []
        while ready:
            name = ready.pop()
            order.append(nodes[name])
            for s in succ.get(name, ()):
                indeg[s] -= 1
                if indeg[s] == 0:
                    ready.append(s)
        if len(order) != len(nodes):
            cycle = self._find_cycle(indeg)
            first = nodes[cycle[0]]
            shown = " -> ".join(cycle[:6] + (["..."] if len(cycle) > 6 else []) + [cycle[0]])
            raise GraphError(f"is on a cycle that is not a v1 while loop (no NextIteration on it): "
                             f"{shown}", path=self.source or None, node=first.name, op=first.op)
        self._order = order
        return order

    def _file_order_is_topological(self) -> bool:
        """Whether every producer comes before its consumers in the file (back edges from
        NextIteration aside): true of almost every GraphDef TF writes, and one cheap pass."""
        nodes = self.nodes
        seen: set[str] = set()
        add = seen.add
        for n in nodes.values():
            for src, _ in n.inputs:
                if src not in seen and nodes[src].op not in LOOP_BACK_OPS:
                    return False
            for src in n.control_inputs:
                if src not in seen and nodes[src].op not in LOOP_BACK_OPS:
                    return False
            add(n.name)
        return True

    def _find_cycle(self, indeg: dict) -> list[str]:
        """Names on one cycle among the nodes Kahn's algorithm could not order, producers first.

        Every stuck node has a stuck producer (its in-degree never reached 0), so walking
        producers from any stuck node must repeat a node; the repeat closes a cycle.
        """
        nodes = self.nodes
        start = next(name for name, d in indeg.items() if d > 0)
        seen: dict[str, int] = {}
        path: list[str] = []
        name = start
        while name not in seen:
            seen[name] = len(path)
            path.append(name)
            n = nodes[name]
            name = next(src for src in (*(s for s, _ in n.inputs), *n.control_inputs)
                        if nodes[src].op not in LOOP_BACK_OPS and indeg[src] > 0)
        cycle = path[seen[name]:]
        cycle.reverse()  # walked consumer -> producer; report producer -> consumer
        return cycle
