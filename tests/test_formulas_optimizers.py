"""Optimizer updates: per-element cost of each update rule × N(grad) (derivations in
macc/costs/optimizers.py). TF counts 0; no MACCs."""

import pytest
from formula_helpers import cost, triple


def _ins(grad_at, grad_shape, n_inputs=None):
    n = (n_inputs or grad_at + 1)
    return [()] * grad_at + [grad_shape] + [()] * (n - grad_at - 1)


def test_gradient_descent():
    # var −= lr·g: 2 per element; [10, 4] -> 2·40 = 80
    assert triple(cost("ApplyGradientDescent", _ins(2, (10, 4)), [(10, 4)])) == (80, 0, 0)
    # resource form: var is a handle (a scalar shape), the count follows grad
    assert triple(cost("ResourceApplyGradientDescent", _ins(2, (10, 4)), [])) == (80, 0, 0)


def test_adam():
    # 3 (m) + 4 (v) + 5 (var) = 12 per element; grad is input 9; [100] -> 1200
    assert cost("ResourceApplyAdam", _ins(9, (100,)), []).flops == 1200
    # use_nesterov: + 3 -> 15·100 = 1500
    assert cost("ApplyAdam", _ins(9, (100,)), [(100,)], {"use_nesterov": True}).flops == 1500
    # Amsgrad: + max(vhat, v) -> 13·100; grad is input 10
    assert cost("ResourceApplyAdamWithAmsgrad", _ins(10, (100,)), []).flops == 1300


def test_adagrad_and_momentum():
    # Adagrad: accum += g² (2), var −= lr·g/sqrt(accum) (4) = 6; [5, 3] -> 90
    assert cost("ApplyAdagrad", _ins(3, (5, 3)), [(5, 3)]).flops == 90
    # update_slots false: 4 -> 60
    assert cost("ApplyAdagrad", _ins(3, (5, 3)), [(5, 3)], {"update_slots": False}).flops == 60
    # Momentum 4, Nesterov 7: [8] -> 32 and 56
    assert cost("ApplyMomentum", _ins(3, (8,)), [(8,)]).flops == 32
    assert cost("ResourceApplyKerasMomentum", _ins(3, (8,)), [], {"use_nesterov": True}).flops == 56


def test_sparse_counts_the_updated_rows():
    # SparseApplyAdagrad(var [1000, 16], accum, lr, grad [3, 16], indices [3]): 3 rows of 16
    # updated, 6 per element -> 6·48 = 288 (not 6·16000)
    c = cost("SparseApplyAdagrad", [(1000, 16), (1000, 16), (), (3, 16), (3,)], [(1000, 16)])
    assert triple(c) == (288, 0, 0)
    # RMSProp 11 per element, grad input 7: ResourceSparseApplyRMSProp on [2, 8] -> 176
    assert cost("ResourceSparseApplyRMSProp", _ins(7, (2, 8), 9), []).flops == 176


@pytest.mark.parametrize("op,grad_at,per", [
    ("ApplyProximalGradientDescent", 4, 8), ("ApplyAdagradV2", 4, 7), ("ApplyProximalAdagrad", 5, 15),
    ("ApplyAdagradDA", 3, 12), ("ApplyAdaMax", 8, 10), ("ApplyAdadelta", 6, 17),
    ("ApplyCenteredRMSProp", 8, 16), ("ApplyFtrl", 3, 18), ("ApplyFtrlV2", 3, 20),
    ("ApplyAddSign", 6, 11), ("ApplyPowerSign", 6, 11)])
def test_per_element_counts(op, grad_at, per):
    # a grad of 7 elements: per·7
    assert cost(op, _ins(grad_at, (7,)), [(7,)]).flops == per * 7
    # the resource form follows the same rule
    assert cost("Resource" + op, _ins(grad_at, (7,)), []).flops == per * 7
