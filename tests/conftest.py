import json
import pathlib

import pytest

from macc.families import load_all

# Unit tests read the registries directly (FORMULAS["Conv2D"]): every family is loaded up front.
# Loading on demand, as the CLI and the API do, is tested in fresh interpreters
# (tests/test_op_index.py).
load_all()

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def tf_fixtures():
    """Every TF-profiled fixture: (name, record) with record from NAME.tfprof.json."""
    out = []
    for p in sorted(FIXTURES.glob("*.tfprof.json")):
        out.append((p.name[: -len(".tfprof.json")], json.loads(p.read_text())))
    return out


def fixture_rows(name):
    """{node name: NodeRow} of the fixture graph NAME.pb, profiled as it is."""
    import macc
    return {n.name: n for n in macc.profile(str(FIXTURES / f"{name}.pb")).nodes}


@pytest.fixture
def fixture_path():
    def get(name):
        return str(FIXTURES / name)
    return get
