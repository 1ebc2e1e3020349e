"""The default table written from the plain report data (macc.render.nodetable) is the grid
path's text exactly, on every graph fixture, with human and exact numbers."""

import pytest

from conftest import FIXTURES
from macc.api import profile_data
from macc.render import render_table

GRAPHS = sorted(p.name for p in FIXTURES.glob("*.pb") if not p.name.endswith(".tfprof.pb"))


@pytest.mark.parametrize("name", GRAPHS)
def test_fast_table_is_the_grid_table(name):
    data = profile_data(str(FIXTURES / name))
    report = data.to_report()
    for exact in (False, True):
        assert render_table(data, exact=exact) == render_table(report, exact=exact)
    # other views and options go through the Report
    assert render_table(data, by="op") == render_table(report, by="op")
    assert render_table(data, top=3) == render_table(report, top=3)


def test_table_footer_and_total_line():
    data = profile_data(str(FIXTURES / "seed_frozen.pb"))
    lines = render_table(data, exact=True).splitlines()
    # X[25,16]·W[16,9] + b[9]: flops 25*9*(2*16-1) + 25*9 = 7,200, tf_flops 25*9*2*16 + 25*9
    # = 7,425, maccs 25*9*16 = 3,600; weights (frozen constants) 25*16 + 16*9 + 9 = 553
    assert lines[-2].split()[:4] == ["TOTAL", "7,200", "7,425", "3,600"]
    assert lines[-1] == "weights: 553"
