"""``macc layers --input`` and ``--width``: a zoo network at another resolution or width, as
its own spec would be with those fields changed."""

import json
import subprocess
import sys

import pytest


def _layers(*args):
    p = subprocess.run([sys.executable, "-m", "macc", "layers", *args, "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    return p, (json.loads(p.stdout) if p.returncode == 0 else None)


def test_input_scales_every_spatial_layer():
    _, base = _layers("resnet18")
    _, big = _layers("resnet18", "--input", "448,448,3")
    # every feature map doubles in height and width (224 -> 112 -> 56 ... 7 becomes 448 -> 224
    # ... 14), so every conv's MACCs are 4x; the FC after global pooling stays 512·1000:
    #   4·(1,814,073,344 − 512,000) + 512,000 = 7,254,757,376
    assert base["totals"]["maccs"] == 1_814_073_344
    assert big["totals"]["maccs"] == 4 * (1_814_073_344 - 512_000) + 512_000 == 7_254_757_376
    assert big["totals"]["params"] == base["totals"]["params"] == 11_689_512
    assert big["layers"][0]["output_shape"] == [448, 448, 3]


@pytest.mark.parametrize("args, variant", [
    (("--input", "160,160,3"), "mobilenet_v1_1.0_160"),
    (("--width", "0.5"), "mobilenet_v1_0.5_224"),
])
def test_overrides_equal_the_zoo_variants(args, variant):
    # the zoo's mobilenet_v1_{alpha}_{res} are the same spec with 'width' and 'input' set
    _, got = _layers("mobilenet_v1_1.0_224", *args)
    _, want = _layers(variant)
    assert got["totals"] == want["totals"]
    assert [r["output_shape"] for r in got["layers"]] == [r["output_shape"] for r in want["layers"]]


@pytest.mark.parametrize("divisor, filters", [(None, 11), (8, 16)])
def test_width_rounds_as_the_spec_says(tmp_path, divisor, filters):
    # 32·0.35 = 11.2: int() gives 11; with width_divisor 8, MobileNet's rounding
    # max(8, int(11.2 + 4) // 8·8) = 8 is below 0.9·11.2 = 10.08, so one multiple more: 16
    spec = {"input": [8, 8, 3], "layers": [{"type": "Conv2D", "name": "stem", "filters": 32,
                                            "kernel_size": 1, "bias": False}]}
    if divisor:
        spec["width_divisor"] = divisor
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    _, got = _layers(str(path), "--width", "0.35")
    assert got["layers"][1]["output_shape"] == [8, 8, filters]
    assert got["totals"]["maccs"] == 64 * 3 * filters  # 1×1 conv on 8×8: 64·cin·cout


@pytest.mark.parametrize("args, message", [
    (("resnet18", "--input", "448,448"),
     "macc: error: --input: 448,448 has rank 2, the spec's input [224, 224, 3] has rank 3 "
     "(the batch is --batch, not part of --input)"),
    (("resnet18", "--input", "0,4,3"),
     "macc: error: --input: bad dim '0' in '0,4,3' (want positive ints separated by commas, "
     "e.g. 320,320,3)"),
    (("resnet18", "--input", "²,4,3"),
     "macc: error: --input: bad dim '²' in '²,4,3' (want positive ints separated by commas, "
     "e.g. 320,320,3)"),
    (("resnet18", "--input", "9" * 5000 + ",4,3"),
     f"macc: error: --input: bad dim '{'9' * 5000}' in '{'9' * 5000},4,3' (want positive ints "
     "separated by commas, e.g. 320,320,3)"),
    (("bert_base", "--input", "3"),
     "macc: error: --input: bert_base has no top-level 'input' (its inputs are Input layers, "
     "which keep their shapes)"),
])
def test_bad_overrides_are_usage_errors(args, message):
    p, _ = _layers(*args)
    assert p.returncode == 2 and p.stderr.strip() == message


@pytest.mark.parametrize("width", ["0", "-1", "nan", "inf", "x"])
def test_bad_width_is_refused_by_the_parser(width):
    p, _ = _layers("resnet18", "--width", width)
    assert p.returncode == 2 and f"argument --width: expected a positive number, got '{width}'" in p.stderr
