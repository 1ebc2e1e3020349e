"""macc's benchmark: end-to-end time and peak memory of ``macc profile`` on synthetic graphs.

    python benchmarks/run.py [--sizes 1e3,1e4,1e5,1e6] [--weights] [--tf-python PYTHON]
    python benchmarks/run.py --heavy-mb 500          # one weight-heavy graph: peak RSS vs file size
    python benchmarks/run.py --heavy-mb 400 --heavy-single   # one 400 MB tensor

Per size it generates a graph (benchmarks/gen_graphs.py) into a scratch directory and measures,
each in a fresh process (wall time from process start to output written, peak RSS from wait4):

- ``macc profile FILE --format json`` end to end, output to a file;
- protobuf's ParseFromString alone on the same bytes (in-process timer, best of 3);
- the phases after the parse (benchmarks/phases.py), as µs per node;
- TensorFlow's profiler (import tensorflow + parse + import_graph_def + profile) when a Python
  with TensorFlow is given (``--tf-python``, or the current one if it imports tensorflow).

It checks macc's node count and tf_flops against the generator's hand-derived numbers (and TF's
total_float_ops when TF runs), prints a Markdown table and writes the raw numbers as JSON.
Generated files are deleted at the end unless ``--keep``. macc's modules are compiled to
bytecode first, as an installed macc has them (``--no-bytecode``: a cold checkout).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import gen_graphs  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

PARSE_SNIPPET = """
import sys, time
from macc.proto import graph_pb2
data = open(sys.argv[1], 'rb').read()
best = 1e9
for _ in range(int(sys.argv[2])):
    gd = graph_pb2.GraphDef()
    t0 = time.perf_counter(); gd.ParseFromString(data); best = min(best, time.perf_counter() - t0)
    del gd
print(best)
"""


def timed(cmd, *, stdout=subprocess.DEVNULL) -> tuple[float, int, float]:
    """Run ``cmd``; (wall seconds, peak RSS in bytes, CPU seconds user + system)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if p.returncode:
        raise RuntimeError(f"{cmd} failed ({p.returncode}): {err.strip()[-2000:]}")
    return wall, ru.ru_maxrss * 1024, ru.ru_utime + ru.ru_stime


def captured(cmd) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def macc_run(path, fmt, repeat, workdir, macc=None):
    out_path = os.path.join(workdir, "out." + fmt)
    best = None
    cmd = [macc] if macc else [sys.executable, "-m", "macc"]
    for _ in range(repeat):
        with open(out_path, "wb") as out:
            wall, rss, cpu = timed([*cmd, "profile", path, "--format", fmt], stdout=out)
        if best is None or wall < best[0]:
            best = (wall, rss, cpu)
    result = None
    if fmt == "json":
        with open(out_path) as f:
            result = json.load(f)
    return best, result


def tf_python(arg):
    """The Python to run TF's profiler with, or None."""
    cands = [arg] if arg else [os.environ.get("MACC_BENCH_TF_PYTHON"), sys.executable]
    for py in filter(None, cands):
        ok = subprocess.run([py, "-c", "import tensorflow"], capture_output=True).returncode == 0
        if ok:
            return py
        if arg:
            raise SystemExit(f"{arg} cannot import tensorflow")
    return None


def bench_size(nodes, args, tfpy, workdir) -> dict:
    path = os.path.join(workdir, f"graph_{nodes}.pb")
    info = gen_graphs.generate(path, blocks=gen_graphs.blocks_for_nodes(nodes),
                               channels=args.channels, hw=args.hw, weights=args.weights)
    row = {"requested": nodes, "nodes": info["nodes"], "bytes": info["bytes"],
           "expected_tf_flops": info["tf_flops"]}
    (wall, rss, cpu), out = macc_run(path, args.format, args.repeat, workdir, args.macc)
    row.update(macc_s=wall, macc_rss=rss, macc_cpu_s=cpu)
    if out is not None:
        row.update(macc_nodes=len(out["nodes"]), macc_tf_flops=out["totals"]["tf_flops"],
                   unsupported=out["unsupported"])
        if len(out["nodes"]) != info["nodes"]:
            raise RuntimeError(f"macc reported {len(out['nodes'])} nodes, the file has {info['nodes']}")
    row["parse_s"] = float(subprocess.run(
        [sys.executable, "-c", PARSE_SNIPPET, path, "3"], capture_output=True, text=True,
        cwd=ROOT, check=True).stdout)
    row["phases"] = captured([sys.executable, os.path.join(HERE, "phases.py"), path,
                              "--format", args.format])
    row["phases_cpu"] = captured([sys.executable, os.path.join(HERE, "phases.py"), path,
                                  "--format", args.format, "--cpu"])
    row["after_parse_us_per_node"] = 1e6 * row["phases"]["after_parse"] / info["nodes"]
    row["after_parse_cpu_us_per_node"] = 1e6 * row["phases_cpu"]["after_parse"] / info["nodes"]
    if tfpy and info["nodes"] <= args.tf_max_nodes:
        with tempfile.TemporaryFile() as out:
            row["tf_s"], row["tf_rss"], row["tf_cpu_s"] = timed(
                [tfpy, os.path.join(HERE, "tf_profile.py"), path], stdout=out)
            out.seek(0)
            row["tf"] = json.loads(out.read().decode().strip().splitlines()[-1])
    print(_line(row), flush=True)
    if not args.keep:
        os.remove(path)
    return row


def heavy(args, workdir) -> dict:
    path = os.path.join(workdir, f"heavy_{int(args.heavy_mb)}mb.pb")
    if args.heavy_single:  # one weight of that size (VGG-16's fc6 is 411 MB)
        # written by a child: the parent's own peak would show in its children's (fork)
        subprocess.run([sys.executable, gen_graphs.__file__, path, "--single-mb",
                        str(args.heavy_mb)], check=True, stdout=subprocess.DEVNULL)
        info = {"nodes": 3, "bytes": os.path.getsize(path),
                "tf_flops": 2 * gen_graphs.SINGLE_OUT * gen_graphs.single_k(args.heavy_mb)}
    else:
        c = args.heavy_channels
        per_block = 4 * (9 * c * c + 5 * c + 9 * c + c * c) + 2000
        blocks = max(1, round(args.heavy_mb * 1e6 / per_block))
        info = gen_graphs.generate(path, blocks=blocks, channels=c, hw=args.hw, weights=True)
    try:
        (wall, rss, _), out = macc_run(path, "json", 1, workdir, args.macc)
        parse_wall, parse_rss, _ = timed([sys.executable, "-c", PARSE_SNIPPET, path, "1"])
        base_wall, base_rss, _ = timed([sys.executable, "-c", "import macc"])
    finally:
        if not args.keep:
            os.remove(path)
    row = {"nodes": info["nodes"], "bytes": info["bytes"], "macc_s": wall, "macc_rss": rss,
           "parse_only_rss": parse_rss, "import_macc_rss": base_rss,
           "limit_rss": 2 * info["bytes"] + 150e6,
           "tf_flops_ok": out["totals"]["tf_flops"] == info["tf_flops"]}
    mb = 1e6
    kind = "one-tensor graph" if args.heavy_single else "weight-heavy graph"
    print(f"{kind}: {info['nodes']} nodes, {info['bytes'] / mb:.0f} MB; macc {wall:.2f} s, "
          f"peak RSS {rss / mb:.0f} MB (limit 2x file + 150 MB = {row['limit_rss'] / mb:.0f} MB; "
          f"parse alone {parse_rss / mb:.0f} MB, import macc {base_rss / mb:.0f} MB)")
    return row


HEADER = ("| nodes | file MB | macc s (CPU s) | parse s | macc/parse | after-parse µs/node wall (CPU) "
          "| macc peak RSS MB | TF s (CPU s) | TF/macc wall (CPU) | tf_flops = expected |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--:|")


def _line(r) -> str:
    tf = f"{r['tf_s']:.2f} ({r['tf_cpu_s']:.2f})" if "tf_s" in r else "–"
    ratio = (f"{r['tf_s'] / r['macc_s']:.1f}× ({r['tf_cpu_s'] / r['macc_cpu_s']:.1f}×)"
             if "tf_s" in r else "–")
    ok = "–"
    if "macc_tf_flops" in r:
        ok = "yes" if r["macc_tf_flops"] == r["expected_tf_flops"] else "no"
        if "tf" in r and r["tf"]["tf_flops"] != r["expected_tf_flops"]:
            ok += " (TF differs!)"
    return (f"| {r['nodes']:,} | {r['bytes'] / 1e6:.1f} | {r['macc_s']:.2f} ({r['macc_cpu_s']:.2f}) | "
            f"{r['parse_s']:.3f} | {r['macc_s'] / r['parse_s']:.0f}× | "
            f"{r['after_parse_us_per_node']:.1f} ({r['after_parse_cpu_us_per_node']:.1f}) | "
            f"{r['macc_rss'] / 1e6:.0f} | {tf} | {ratio} | {ok} |")


def bytecode(compile_: bool) -> str:
    """Compile macc's modules to bytecode first, as ``pip install`` does; without it a
    checkout run under ``PYTHONDONTWRITEBYTECODE`` (set on some machines, this one included)
    compiles every macc module on every run, about 0.05 s of each start-up that no installed
    macc pays. numpy, protobuf and TensorFlow come from pip, with their bytecode."""
    if not compile_:
        return "not compiled" + (" (PYTHONDONTWRITEBYTECODE)" if os.environ.get(
            "PYTHONDONTWRITEBYTECODE") else "")
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(ROOT, "macc")],
                   check=True, stdout=subprocess.DEVNULL)
    return "compiled (compileall, as pip installs it)"


def _calibrate() -> float:
    """µs for ``sum(range(1000))``, best of 20 x 1000: how fast this CPU is right now (a shared
    machine under load runs everything slower; compare runs by this too)."""
    import timeit
    return 1e6 * min(timeit.repeat("sum(range(1000))", number=1000, repeat=20)) / 1000


def main(argv=None):
    ap = argparse.ArgumentParser(description="macc benchmark")
    ap.add_argument("--sizes", default="1e3,1e4,1e5,1e6", help="node counts, comma separated")
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--hw", type=int, default=8)
    ap.add_argument("--weights", action="store_true", help="real weight bytes in the constants")
    ap.add_argument("--format", default="json", choices=("json", "table", "csv", "markdown"))
    ap.add_argument("--repeat", type=int, default=1, help="macc runs per size (best is kept)")
    ap.add_argument("--tf-python", help="a Python with TensorFlow for the TF comparison")
    ap.add_argument("--tf-max-nodes", type=float, default=1e5)
    ap.add_argument("--heavy-mb", type=float, help="only the weight-heavy memory check, this many MB")
    ap.add_argument("--heavy-channels", type=int, default=256)
    ap.add_argument("--heavy-single", action="store_true",
                    help="with --heavy-mb: the weight is one tensor (a dense layer)")
    ap.add_argument("--workdir", help="scratch directory (default: a new temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated graphs")
    ap.add_argument("--json", help="write the raw results here")
    ap.add_argument("--macc", metavar="PATH",
                    help="the macc command to time end to end, e.g. .venv/bin/macc of the "
                         "README's install (default: this Python's -m macc on the checkout)")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="do not compile macc's modules to bytecode first (a cold checkout)")
    args = ap.parse_args(argv)
    workdir = args.workdir or tempfile.mkdtemp(prefix="macc-bench-")
    os.makedirs(workdir, exist_ok=True)
    import google.protobuf
    from google.protobuf.internal import api_implementation
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "python": platform.python_version(),
            "load_avg": os.getloadavg(), "calibration_us": _calibrate(),
            "protobuf": f"{google.protobuf.__version__} ({api_implementation.Type()})",
            "cpus": os.cpu_count(), "machine": platform.platform(),
            "macc_bytecode": bytecode(not args.no_bytecode),
            "macc_command": args.macc or f"{sys.executable} -m macc (checkout)"}
    results = {"meta": meta, "sizes": []}
    try:
        if args.heavy_mb:
            results["heavy"] = heavy(args, workdir)
        else:
            tfpy = tf_python(args.tf_python)
            print(f"{meta}; TF: {tfpy or 'not available'}", flush=True)
            print(HEADER, flush=True)
            for s in args.sizes.split(","):
                results["sizes"].append(bench_size(int(float(s)), args, tfpy, workdir))
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
