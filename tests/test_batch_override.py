"""``--batch 1`` on an unknown-batch graph gives the batch-1 graph's numbers.

Each keras fixture exists twice, traced from the same model at batch 1 (``keras_<m>_b1``) and at an
unknown batch (``keras_<m>``, whose record names its twin in ``batch1``). TF's profiler gave the
same total for the batch-1 graph and for the unknown-batch graph with its placeholder fixed to
batch 1 (``keras_<m>_as_b1``); macc must agree with both, in every column.
"""

import pytest

import macc
from conftest import FIXTURES, tf_fixtures

RECORDS = dict(tf_fixtures())
PAIRS = sorted((name, rec["batch1"]) for name, rec in RECORDS.items() if "batch1" in rec)


def test_pairs_exist():
    # the five Keras applications and the Flatten MLP
    assert {n for n, _ in PAIRS} >= {"keras_mobilenet", "keras_mobilenetv2", "keras_resnet50",
                                     "keras_inceptionv3", "keras_efficientnetb0", "keras_flatten"}


@pytest.mark.parametrize("dyn,b1", PAIRS, ids=[p[0] for p in PAIRS])
def test_batch_1_equals_batch_1_graph(dyn, b1):
    tf_b1 = RECORDS[b1]["total_float_ops"]
    # TF itself: fixing the placeholder to batch 1 gives the batch-1 graph's total
    assert RECORDS[dyn + "_as_b1"]["total_float_ops"] == tf_b1
    # ... while the unknown batch leaves most nodes unsized
    assert RECORDS[dyn]["total_float_ops"] < tf_b1
    assert RECORDS[dyn]["incomplete"] > 0
    overridden = macc.profile(str(FIXTURES / RECORDS[dyn]["graph"]), batch=1)
    fixed = macc.profile(str(FIXTURES / RECORDS[b1]["graph"]))
    assert overridden.totals.tf_flops == fixed.totals.tf_flops == tf_b1
    assert overridden.totals.maccs == fixed.totals.maccs > 0
    assert overridden.totals.flops == fixed.totals.flops > 0
    unknown = macc.profile(str(FIXTURES / RECORDS[dyn]["graph"]))
    assert unknown.totals.tf_flops == RECORDS[dyn]["total_float_ops"]
    assert unknown.totals.maccs < fixed.totals.maccs
