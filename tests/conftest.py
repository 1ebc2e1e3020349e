import json
import pathlib

import pytest

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
