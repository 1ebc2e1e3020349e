"""Fuzzing: mutated committed fixtures only ever raise MaccError, fast and in bounded memory.

Each strategy mutates real fixtures (bit flips, truncation, inserted and duplicated bytes, text
edits, and edits of the parsed GraphDef: dims, attrs, ops, inputs) and runs the whole pipeline
(load -> graph -> shapes -> costs -> report). Hypothesis runs derandomized (the same cases on
every run); ``deadline=1000`` fails any case over one second; one case in TRACE_EVERY may allocate
at most MEMORY_BUDGET (tracemalloc: Python objects and numpy arrays) and the process's peak RSS
may grow at most that much over the file. A longer, coverage-guided run with atheris is described
in docs/errors.md.

Cases per strategy: FUZZ_EXAMPLES (default 400, twice that for GraphDef edits: 2,800 cases in CI,
about 15 s on the 2-core CI machine). Raise it locally, e.g.
``MACC_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py``.
"""

import os
import pathlib
import resource
import signal
import sys
import tempfile
import tracemalloc

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import macc
from macc.costs import FORMULAS
from macc.proto import attr_value_pb2, graph_pb2
from macc.shapes import SHAPE_FNS

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
BINARY = ["seed.pb", "seed_frozen.pb", "seed_nobias.pb", "ops_conv2d.pb", "ops_matmul.pb",
          "ops_maxpool.pb", "ops_depthwiseconv2dnative.pb", "ops_batchmatmulv2.pb", "ops_sum.pb",
          "chains_reshape_minus1.pb", "chains_range.pb", "chains_fill_tile.pb",
          "chains_slice_transpose.pb"]
CONTAINERS = ["seed.meta", "savedmodels/branchy/saved_model.pb"]  # byte mutations only
TEXT = ["seed_frozen_text.pbtxt"]
DATA = {name: (FIXTURES / name).read_bytes() for name in BINARY + CONTAINERS + TEXT}

FUZZ_EXAMPLES = int(os.environ.get("MACC_FUZZ_EXAMPLES", "400"))
MEMORY_BUDGET = 200 * 2 ** 20  # bytes of peak-RSS growth allowed over the whole file
# no shrinking: a failure prints its reproducer as found (shrinking a slow case takes minutes)
FUZZ = settings(max_examples=FUZZ_EXAMPLES, derandomize=True, deadline=1000, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HANG_SECONDS = 10.0  # deadline=1000 fails slow cases once they return; this stops the hung ones


class Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise Hang(f"no result after {HANG_SECONDS:g} s")


signal.signal(signal.SIGALRM, _on_alarm)
_TMP = tempfile.mkdtemp(prefix="macc-fuzz-")
_RSS0 = None  # peak RSS before the first case (ru_maxrss is KiB on Linux)


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


TRACE_EVERY = 8  # tracemalloc makes a case 5x slower: trace one case in 8


@pytest.fixture(autouse=True, scope="module")
def _rss_baseline():
    global _RSS0
    _RSS0 = _peak_rss()
STATS = {"cases": 0, "errors": 0, "ok": 0, "internal": [], "tests": set(), "peak": 0}


def check(data: bytes, suffix: str = ".pb", inputs=None, batch=None):
    """Run the pipeline on ``data``: a Report or a one-line MaccError naming the file; else fail."""
    path = os.path.join(_TMP, "case" + suffix)
    with open(path, "wb") as f:
        f.write(data)
    STATS["cases"] += 1
    traced = STATS["cases"] % TRACE_EVERY == 0
    if traced:  # Python objects and numpy arrays (protobuf's C arena shows in peak RSS)
        tracemalloc.start()
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)  # a hang fails with its reproducer
    STATS["tests"].add(os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0])
    try:
        r = macc.profile(path, inputs=inputs, batch=batch)
        r.to_dict()
        STATS["ok"] += 1
    except macc.MaccError as e:
        msg = str(e)
        assert "\n" not in msg, msg
        assert msg.startswith(path), msg
        STATS["errors"] += 1
        if "internal error" in msg:
            STATS["internal"].append(msg)
    except BaseException as e:  # anything else escaping (or a hang) is a bug: print the reproducer
        signal.setitimer(signal.ITIMER_REAL, 0)
        tracemalloc.stop()
        repro = os.path.join(tempfile.gettempdir(), f"macc-fuzz-repro{suffix}")
        with open(repro, "wb") as f:
            f.write(data)
        raise AssertionError(f"{type(e).__name__} escaped ({e}); reproducer saved to {repro}: "
                             f"{data[:200]!r}") from e
    signal.setitimer(signal.ITIMER_REAL, 0)
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        STATS["peak"] = max(STATS["peak"], peak)
        assert peak < MEMORY_BUDGET, f"{peak >> 20} MiB traced in one case: {data[:200]!r}"
    # a high-water mark: it only shows growth past the largest peak any earlier test reached
    assert _peak_rss() - _RSS0 < MEMORY_BUDGET, f"peak RSS grew by {(_peak_rss() - _RSS0) >> 20} MiB"


names = st.sampled_from(BINARY + CONTAINERS + TEXT)


@FUZZ
@given(names, st.lists(st.integers(0, 2 ** 20), min_size=1, max_size=8))
def test_bit_flips(name, positions):
    data = bytearray(DATA[name])
    for p in positions:
        data[(p >> 3) % len(data)] ^= 1 << (p & 7)
    check(bytes(data), pathlib.Path(name).suffix)


@FUZZ
@given(names, st.integers(0, 2 ** 16))
def test_truncation(name, cut):
    data = DATA[name]
    check(data[:cut % len(data)], pathlib.Path(name).suffix)


@FUZZ
@given(names, st.integers(0, 2 ** 16), st.binary(min_size=1, max_size=16))
def test_inserted_bytes(name, at, extra):
    data = DATA[name]
    at %= len(data) + 1
    check(data[:at] + extra + data[at:], pathlib.Path(name).suffix)


@FUZZ
@given(names, st.integers(0, 2 ** 16), st.integers(1, 64), st.integers(1, 4))
def test_duplicated_bytes(name, at, length, times):
    data = DATA[name]
    at %= len(data)
    chunk = data[at:at + length]
    check(data[:at] + chunk * (times + 1) + data[at + length:], pathlib.Path(name).suffix)


TOKENS = ["{", "}", ":", '"', "node", "attr", "key", "value", "dim", "size", "-1", "-7", "0",
          "4611686018427387904", "99999999999999999999", "name", "op", "input", "shape",
          "tensor_content", '"\\xff\\xfe"', "unknown_rank: true", "list { i: 1 }", "\n", "#"]


@FUZZ
@given(st.sampled_from(TEXT), st.lists(st.tuples(st.integers(0, 2 ** 16), st.integers(0, 8),
                                                 st.sampled_from(TOKENS)), min_size=1, max_size=4))
def test_text_edits(name, edits):
    text = DATA[name].decode()
    for at, delete, token in edits:
        at %= len(text) + 1
        text = text[:at] + token + text[at + delete:]
    check(text.encode(), ".pbtxt")


# --- structured edits of a parsed GraphDef: reach the shape functions and formulas ----------

INTS = st.sampled_from([0, 1, 2, 3, -1, -2, 7, 2 ** 31, 2 ** 62, -(2 ** 62)])


def _graph(name):
    gd = graph_pb2.GraphDef()
    gd.ParseFromString(DATA[name])
    return gd


PARSED = {name: _graph(name) for name in BINARY}
# every op macc knows (others' shape functions and formulas on foreign inputs) and the fixtures' ops
OPS = sorted({nd.op for gd in PARSED.values() for nd in gd.node} | set(SHAPE_FNS) | set(FORMULAS))


def _edit(gd, kind, node_i, pick, value, op):
    nd = gd.node[node_i % len(gd.node)]
    if kind == "op":  # another op's shape function and formula on these inputs and attrs
        nd.op = op
    elif kind == "input_port" and nd.input:
        i = pick % len(nd.input)
        nd.input[i] = nd.input[i].lstrip("^").split(":")[0] + f":{abs(value) % 7}"
    elif kind == "drop_input" and nd.input:
        del nd.input[pick % len(nd.input)]
    elif kind == "swap_inputs" and len(nd.input) > 1:
        nd.input[0], nd.input[1] = nd.input[1], nd.input[0]
    elif kind == "rewire":  # an input from another node: maybe a cycle, maybe a dtype clash
        other = gd.node[pick % len(gd.node)].name
        (nd.input.__setitem__(0, other) if nd.input else nd.input.append(other))
    elif kind == "attr_int":
        keys = sorted(nd.attr)
        if keys:
            a = nd.attr[keys[pick % len(keys)]]
            kind_ = a.WhichOneof("value")
            if kind_ == "i":
                a.i = value
            elif kind_ == "list" and len(a.list.i):
                a.list.i[pick % len(a.list.i)] = value
            elif kind_ == "list":
                a.list.i.extend([value] * (pick % 5))
            elif kind_ == "s":
                a.s = [b"SAME", b"VALID", b"EXPLICIT", b"NCHW", b"", b"\xff"][pick % 6]
            elif kind_ == "b":
                a.b = not a.b
            elif kind_ == "type":
                a.type = abs(value) % 40
    elif kind == "dim":  # a dim of a shape, a tensor or an _output_shapes entry
        for key in sorted(nd.attr):
            a = nd.attr[key]
            shapes = []
            if a.HasField("shape"):
                shapes = [a.shape]
            elif a.HasField("tensor"):
                shapes = [a.tensor.tensor_shape]
            elif a.HasField("list"):
                shapes = list(a.list.shape)
            for s in shapes:
                if len(s.dim):
                    s.dim[pick % len(s.dim)].size = value
                    return
                s.dim.add().size = value
                return
    elif kind == "drop_attr" and nd.attr:
        del nd.attr[sorted(nd.attr)[pick % len(nd.attr)]]
    elif kind == "add_attr":
        nd.attr[["strides", "padding", "ksize", "dilations", "transpose_a", "T", "N", "axis",
                 "data_format", "explicit_paddings"][pick % 10]].CopyFrom(
            attr_value_pb2.AttrValue(i=value))
    elif kind == "rename":  # a duplicate name
        nd.name = gd.node[pick % len(gd.node)].name


KINDS = ["op", "input_port", "drop_input", "swap_inputs", "rewire", "attr_int", "dim",
         "drop_attr", "add_attr", "rename"]


@settings(FUZZ, max_examples=2 * FUZZ_EXAMPLES)  # the strategy that reaches deepest
@given(st.sampled_from(BINARY), st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 999), st.integers(0, 999), INTS,
              st.sampled_from(OPS)), min_size=1, max_size=3),
    st.sampled_from([None, 1, 3]))
def test_graph_edits(name, edits, batch):
    gd = graph_pb2.GraphDef()
    gd.CopyFrom(PARSED[name])
    for edit in edits:
        _edit(gd, *edit)
    check(gd.SerializeToString(), ".pb", batch=batch)


def test_zz_report():
    """Runs last in this file: the totals the strategies reached (printed with -s)."""
    peak = _peak_rss()
    print(f"\nfuzz: {STATS['cases']} cases, {STATS['ok']} reports, {STATS['errors']} MaccErrors, "
          f"{len(STATS['internal'])} internal errors; largest traced peak of one case "
          f"{STATS['peak'] / 2 ** 20:.1f} MiB; peak RSS {peak >> 20} MiB "
          f"(+{(peak - _RSS0) >> 20} MiB)", file=sys.stderr)
    for msg in sorted(set(STATS["internal"]))[:20]:
        print("  internal:", msg, file=sys.stderr)
    if len(STATS["tests"]) == 6:  # the whole file ran (not a -k selection)
        assert STATS["cases"] >= 7 * FUZZ_EXAMPLES
