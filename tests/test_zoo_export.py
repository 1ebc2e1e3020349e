"""The zoo networks' exports (``macc layers NAME --export``) against TF 2.21's profiler.

tests/fixtures/zoo_export_totals.json is what TF's float_operation profiler said of each export,
imported into TF with ``import_graph_def`` (``python -m tools.fixtures zoo_export``; the
GraphDefs are not committed: macc lowers the spec again here). For every network recorded, macc's
tf_flops equals TF's total_float_ops, per op type too, and both skip the same number of nodes for
incomplete shapes. The older exports kept whole (tests/fixtures/zoo_*.pb) are checked node by node
by tests/test_parity.py.
"""

import json
import re

import pytest

from conftest import FIXTURES
from macc.layers import count_lowered, load, lower, zoo_names

RECORD = json.loads((FIXTURES / "zoo_export_totals.json").read_text())
NETWORKS = RECORD["networks"]
REGENERATE = "regenerate with /work/tfenv/bin/python -m tools.fixtures zoo_export"


def _incomplete(report) -> int:
    """macc's count of nodes TF skips for incomplete shapes (its report warning; 0 without one)."""
    for w in report.warnings:
        m = re.match(r"(\d+) nodes? ha(?:ve|s) tf_flops 0: TF's profiler skips", w)
        if m:
            return int(m.group(1))
    return 0


def test_the_record_covers_the_networks_checked_by_tf():
    # the networks docs/zoo.md says TF's profiler was run on; each a zoo name macc knows
    assert set(NETWORKS) == {
        "resnext50_32x4d", "resnext101_32x8d", "se_resnet50", "densenet169", "densenet201",
        "mnasnet_a1", "mnasnet_b1", "wide_resnet50_2", "vgg11", "vgg13", "regnetx_400mf",
        "regnety_400mf", "shufflenet_v1_1.0_g3", "efficientnetv2_s",
        # tests/test_zoo_more3.py's networks
        "mobilenet_v3_large_0.75_224", "mobilenet_v3_small_0.75_224",
        "mobilenet_v3_large_minimalistic_1.0_224", "mobilenet_v3_small_minimalistic_1.0_224",
        "xception", "resnet50_v2", "inception_resnet_v2", "densenet161", "ghostnet_1.0",
        "shufflenet_v2_0.5", "shufflenet_v2_1.5", "shufflenet_v2_2.0", "shufflenet_v2_megvii_1.0",
        # tests/test_zoo_cifar.py's networks (option A shortcuts: PadChannels)
        "resnet20_cifar", "resnet110_cifar", "preact_resnet164_cifar", "wrn_40_4_cifar",
        "densenet40_k12_cifar", "densenet_bc100_k12_cifar",
        # tests/test_zoo_transformers.py's Llama 2 (RMSNorm, SwiGLU, attention without biases)
        # and Mistral (grouped-query attention)
        "llama2_7b", "llama2_13b", "llama2_70b", "mistral_7b"}
    assert set(NETWORKS) <= set(zoo_names())
    assert RECORD["tf_version"].startswith("2.21")


def test_the_record_is_tf_arithmetic():
    # TF's MatMul is 2·m·n·k: VGG's classifier 25088 → 4096 → 4096 → 1000 at batch 1 is
    # 2·(25088·4096 + 4096·4096 + 4096·1000) = 2·123,633,664 = 247,267,328
    assert 2 * (25088 * 4096 + 4096 * 4096 + 4096 * 1000) == 247_267_328
    assert NETWORKS["vgg11"]["by_op"]["MatMul"] == NETWORKS["vgg13"]["by_op"]["MatMul"] == 247_267_328
    for name, rec in NETWORKS.items():
        assert sum(rec["by_op"].values()) == rec["total_float_ops"], name


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_tf_flops_equal_tf_profiler_on_the_export(name):
    rec = NETWORKS[name]
    low = lower(load(name), name)
    table, report = count_lowered(low, name)
    assert len(low.graph_def.node) == rec["graph_nodes"], (
        f"{name}: the export changed since TF profiled it; {REGENERATE}")
    assert table.totals.tf_flops == rec["total_float_ops"]
    ours = {op: s.tf_flops for op, s in report.by_op.items() if s.tf_flops}
    assert ours == rec["by_op"]
    assert _incomplete(report) == rec["incomplete"]
