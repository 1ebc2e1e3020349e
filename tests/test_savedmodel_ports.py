"""TF2 SavedModels whose function bodies name later output args of multi-output ops
(``node:output_arg:index``): macc's totals equal TF's profiler on each signature's frozen
concrete function (tools/fixtures/savedmodel_ports.py).

Until macc's port table came from TF's op registry, CombinedNonMaxSuppression, StringSplitV2, Lu
and SparseFillEmptyRows bodies were errors, and a body using only nmsed_scores or p was wired to
port 0 (nmsed_boxes, lu): nms_scores counted 20 and lu_p 112.
"""

import pytest
from test_savedmodel import by_op, record

import macc
from conftest import FIXTURES


@pytest.mark.parametrize("name,total", [
    # CombinedNonMaxSuppression(max_total_size=5), nmsed_boxes [1,5,4] -> [5,4] @ w [4,3]:
    # 2*5*4*3 = 120
    ("ports_multiout_nms", 120),
    # StringSplitV2 -> RaggedFromValueRowIds: the bincount's five scalar ops (Greater, AddV2,
    # Mul, Maximum, Minimum), 1 each = 5
    ("ports_multiout_split", 5),
    # Lu of m^T m: MatMul [4,3]x[3,4] 2*4*4*3 = 96 (Lu itself: no TF formula)
    ("ports_multiout_lu", 96),
    # from_dense: NotEqual [5,4] 20; SparseFillEmptyRows -> to_dense [5,4] @ w: 2*5*4*3 = 120
    ("ports_multiout_fill", 140),
    # only p [4] used: MatMul 96 + AddV2 over [4] = 100 (p read as lu [4,4]: 96 + 16 = 112)
    ("ports_miswire_lu_p", 100),
    # only nmsed_scores [1,5] used: Mul 5 (read as nmsed_boxes [1,5,4]: 20)
    ("ports_miswire_nms_scores", 5),
])
def test_signature_matches_frozen_tf(name, total):
    rec = record(name)
    r = macc.profile(str(FIXTURES / rec["savedmodel"]), signature=rec["signature"])
    assert r.totals.tf_flops == rec["frozen_total_float_ops"] == total
    assert by_op(r) == rec["frozen_by_op"]
    # w [4,3] = 12 where the signature reads it, else 0
    assert r.totals.params == rec["params"]


def test_text_vectorization_export():
    # Keras TextVectorization splits with StringSplitV2 (indices, values, shape); at batch 1 TF
    # counts 0 on the frozen export (7 nodes incomplete: the batch of the strings' split is
    # unknown to it). The RaggedFromValueRowIds bincount arithmetic (5 scalar ops) is dead code
    # in the body (its row splits feed nothing): TF's freezing drops it, and so does macc.
    rec = record("ports_textvec_serving_default")
    r = macc.profile(str(FIXTURES / rec["savedmodel"]), batch=rec["batch"])
    assert r.totals.tf_flops == rec["frozen_total_float_ops"] == 0
    assert not [n.name for n in r.nodes if "/RowPartitionFromValueRowIds/bincount/" in n.name]
    # Embedding 50*8 = 400, Conv1D 3*8*4 + 4 = 100, Dense on conv 4 + one-hot 4 (OOV, a, b, c):
    # 8*2 + 2 = 18 -> 518
    assert r.totals.params == rec["params"] == 518
