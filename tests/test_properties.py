"""Invariants of the sum-of-products formulas over random shapes (hypothesis).

Each output of MatMul / Conv2D / DepthwiseConv2dNative is a dot product of length p:
exact 2p−1, TF 2p, p MACCs. So tf_flops − flops == N(out) and 2·maccs == tf_flops.
"""

from formula_helpers import cost
from hypothesis import given, settings
from hypothesis import strategies as st

dim = st.integers(min_value=1, max_value=40)
small = st.integers(min_value=1, max_value=7)


def check(c, n_out):
    assert c.tf_flops - c.flops == n_out
    assert 2 * c.maccs == c.tf_flops


@settings(max_examples=60, deadline=None)
@given(m=dim, k=dim, n=dim, ta=st.booleans(), tb=st.booleans())
def test_matmul(m, k, n, ta, tb):
    a = (k, m) if ta else (m, k)
    b = (n, k) if tb else (k, n)
    c = cost("MatMul", [a, b], [(m, n)], {"transpose_a": ta, "transpose_b": tb})
    check(c, m * n)
    assert c.maccs == m * n * k


@settings(max_examples=60, deadline=None)
@given(b=small, h=dim, w=dim, kh=small, kw=small, cin=small, cout=small, groups=st.sampled_from([1, 2]))
def test_conv2d(b, h, w, kh, kw, cin, cout, groups):
    out = (b, h, w, cout * groups)
    c = cost("Conv2D", [(b, h, w, cin * groups), (kh, kw, cin, cout * groups)], [out])
    check(c, b * h * w * cout * groups)
    assert c.maccs == b * h * w * cout * groups * kh * kw * cin


@settings(max_examples=60, deadline=None)
@given(b=small, h=dim, w=dim, kh=small, kw=small, cin=small, mult=small)
def test_depthwise(b, h, w, kh, kw, cin, mult):
    out = (b, h, w, cin * mult)
    c = cost("DepthwiseConv2dNative", [(b, h, w, cin), (kh, kw, cin, mult)], [out])
    check(c, b * h * w * cin * mult)
    assert c.maccs == b * h * w * cin * mult * kh * kw
