"""Every TF-profiled fixture: macc's tf_flops equals TF's profiler, in total and node by node."""

import pytest

import macc
from conftest import FIXTURES, tf_fixtures

CASES = tf_fixtures()


@pytest.mark.parametrize("name,record", CASES, ids=[c[0] for c in CASES])
def test_matches_tf_profiler(name, record):
    inputs = {k: tuple(v) for k, v in record.get("inputs", {}).items()}
    r = macc.profile(str(FIXTURES / record["graph"]), inputs=inputs or None)
    ours = {n.name: n.tf_flops for n in r.nodes if n.tf_flops}
    assert ours == record["nodes"]
    assert r.totals.tf_flops == record["total_float_ops"]
