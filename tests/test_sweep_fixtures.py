"""The sweep fixtures (tools/fixtures/sweep.py) beyond node-by-node parity (test_parity.py)."""

import pytest

import macc
from conftest import FIXTURES


@pytest.mark.parametrize("name", ["sweep_lstm_b1", "sweep_lstm"])
def test_keras_rnn_has_no_unsupported_ops(name):
    """A frozen Keras LSTM/GRU keeps its state in TensorLists (Reserve, FromTensor, SetItem,
    GetItem, Stack): storage, no arithmetic, so in the zero set, not reported as unsupported."""
    r = macc.profile(str(FIXTURES / f"{name}.pb"))
    assert r.unsupported == {}
    ops = {n.op for n in r.nodes}
    assert {"TensorListReserve", "TensorListGetItem", "TensorListStack"} <= ops
    assert all(n.status == "zero" for n in r.nodes if n.op.startswith("TensorList"))
