"""Invariants of the sum-of-products formulas over random shapes (hypothesis).

Each output of MatMul, BatchMatMul/V2/V3 (without adj_x), Conv2D, Conv3D and
DepthwiseConv2dNative is a dot product of length p ≥ 1: exact 2p−1, TF 2p, p MACCs. So
tf_flops − flops == N(out) and 2·maccs == tf_flops: exactly the ops docs/conventions.md names
(BatchMatMul with adj_x, Einsum, SparseMatMul, the fused ops and the conv backprops break it).
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


@settings(max_examples=60, deadline=None)
@given(op=st.sampled_from(["BatchMatMul", "BatchMatMulV2", "BatchMatMulV3"]), b=small, m=dim,
       k=dim, n=dim, adj_y=st.booleans())
def test_batch_matmul_without_adj_x(op, b, m, k, n, adj_y):
    y = (b, n, k) if adj_y else (b, k, n)
    c = cost(op, [(b, m, k), y], [(b, m, n)], {"adj_x": False, "adj_y": adj_y})
    check(c, b * m * n)
    assert c.maccs == b * m * n * k


@settings(max_examples=40, deadline=None)
@given(b=small, d=small, h=small, w=small, kd=small, kh=small, kw=small, cin=small, cout=small)
def test_conv3d(b, d, h, w, kd, kh, kw, cin, cout):
    out = (b, d, h, w, cout)
    c = cost("Conv3D", [(b, d, h, w, cin), (kd, kh, kw, cin, cout)], [out])
    check(c, b * d * h * w * cout)
    assert c.maccs == b * d * h * w * cout * kd * kh * kw * cin
