"""Optimizer updates (Apply*, ResourceApply*, SparseApply*, ResourceSparseApply*).

Each update rule costs a fixed number of FLOPs per updated element, counted from its documented
math (tensorflow/core/ops/training_ops.cc); subexpressions of scalars only (lr·l2, 1 − beta,
Adam's bias correction lr·sqrt(1 − beta2^t)/(1 − beta1^t), ...) are computed once per step and
left out. The count is taken over the gradient: every element of ``grad`` updates one element of
the variable (dense ops: N(grad) = N(var); sparse ops: the rows named by ``indices``, N(grad) =
indices × row size). No MACCs; TensorFlow counts 0. Per element (the op's default attrs):

- GradientDescent 2: var −= lr·g.
- ProximalGradientDescent 8: p = var − lr·g (2); var = sign(p)·max(|p| − lr·l1, 0)/(1 + lr·l2)
  (abs, subtract, max, sign, multiply, divide: 6).
- Adagrad 6: accum += g² (2); var −= lr·g/sqrt(accum) (4). update_slots false: 4.
- AdagradV2 7: as Adagrad with sqrt(accum) + epsilon (1 more).
- ProximalAdagrad 15: accum += g² (2); a = lr/sqrt(accum) (2); p = var − a·g (2);
  var = sign(p)·max(|p| − a·l1, 0)/(1 + a·l2) (a·l1, a·l2, 1 + …, abs, subtract, max, sign,
  multiply, divide: 9).
- AdagradDA 12: g_acc += g (1); sq_acc += g² (2); var = sign(−g_acc)·max(|g_acc| − l1·t, 0)·lr
  / (l2·t·lr + sqrt(sq_acc)) (abs, subtract, max, sign, multiply, multiply by lr, sqrt, add,
  divide: 9).
- Momentum 4: accum = accum·momentum + g (2); var −= lr·accum (2). use_nesterov: 7 (var −= g·lr
  + accum·momentum·lr: 5).
- KerasMomentum 4: accum = accum·momentum − lr·g (3); var += accum (1). use_nesterov: 7
  (var += accum·momentum − lr·g: 4).
- Adam 12: m += (g − m)·(1 − beta1) (3); v += (g² − v)·(1 − beta2) (4); var −= lr_t·m/(sqrt(v)
  + epsilon) (5). use_nesterov: 15 (m·beta1 + (1 − beta1)·g in the numerator: 3 more).
- AdamWithAmsgrad 13: Adam's, with vhat = max(vhat, v) (1) in the denominator.
- AdaMax 10: m = beta1·m + (1 − beta1)·g (3); v = max(beta2·v, |g|) (3); var −= lr/(1 −
  beta1^t)·m/(v + epsilon) (4).
- Adadelta 17: accum = rho·accum + (1 − rho)·g² (4); update = sqrt(accum_update + eps)·
  rsqrt(accum + eps)·g (add, sqrt, add, rsqrt = 2, multiply, multiply: 7); accum_update =
  rho·accum_update + (1 − rho)·update² (4); var −= lr·update (2).
- RMSProp 11: ms = rho·ms + (1 − rho)·g² (4); mom = momentum·mom + lr·g/sqrt(ms + eps) (6);
  var −= mom (1).
- CenteredRMSProp 16: mg = rho·mg + (1 − rho)·g (3); ms (4); mom = momentum·mom + lr·g/sqrt(ms −
  mg² + eps) (8); var −= mom (1).
- Ftrl 18: new = accum + g² (2); linear += g − (new^(−p) − accum^(−p))/lr·var (2 powers,
  subtract, divide, multiply, subtract, add: 7); quadratic = 1/(new^(−p)·lr) + 2·l2 (3);
  var = |linear| > l1 ? (sign(linear)·l1 − linear)/quadratic : 0 (abs, compare, sign, multiply,
  subtract, divide: 6). FtrlV2 20: g + 2·l2_shrinkage·var (2) replaces g in linear.
- AddSign 11: m = beta·m + (1 − beta)·g (3); var −= lr·(alpha + sign_decay·sign(g)·sign(m))·g
  (sign, sign, multiply, multiply, add, multiply: 6; lr·…, subtract: 2).
- PowerSign 11: as AddSign with exp(logbase·sign_decay·sign(g)·sign(m)) (sign, sign, multiply,
  multiply, exp, multiply: 6).
"""

from __future__ import annotations

from .elementwise import per_element
from .registry import Cost, N, register

# rule -> (FLOPs per element, with use_nesterov / without update_slots, or None)
RULES = {
    "GradientDescent": (2, None), "ProximalGradientDescent": (8, None),
    "Adagrad": (6, 4), "AdagradV2": (7, 5), "ProximalAdagrad": (15, None), "AdagradDA": (12, None),
    "Momentum": (4, 7), "KerasMomentum": (4, 7), "Adam": (12, 15), "AdamWithAmsgrad": (13, None),
    "AdaMax": (10, None), "Adadelta": (17, None), "RMSProp": (11, None),
    "CenteredRMSProp": (16, None), "Ftrl": (18, None), "FtrlV2": (20, None),
    "AddSign": (11, None), "PowerSign": (11, None),
}

# rule -> index of ``grad`` among the op's inputs: dense ops, then sparse ops (None: no sparse op)
GRAD_INPUT = {
    "GradientDescent": (2, None), "ProximalGradientDescent": (4, 4), "Adagrad": (3, 3),
    "AdagradV2": (4, 4), "ProximalAdagrad": (5, 5), "AdagradDA": (3, 3), "Momentum": (3, 3),
    "KerasMomentum": (3, 3), "Adam": (9, None), "AdamWithAmsgrad": (10, None),
    "AdaMax": (8, None), "Adadelta": (6, 6), "RMSProp": (7, 7), "CenteredRMSProp": (8, 8),
    "Ftrl": (3, 3), "FtrlV2": (3, 3), "AddSign": (6, None), "PowerSign": (6, None),
}

# which op types of each rule exist in TensorFlow
_KINDS = {
    "KerasMomentum": ("ResourceApply", "ResourceSparseApply"),
    "AdamWithAmsgrad": ("ResourceApply",),
}


def optimizer(rule: str, grad_at: int):
    per, alt = RULES[rule]

    def formula(ctx):
        ops = per
        if alt is not None:
            if rule in ("Adagrad", "AdagradV2") and not bool(ctx.attr("update_slots", True)):
                ops = alt
            elif rule not in ("Adagrad", "AdagradV2") and bool(ctx.attr("use_nesterov", False)):
                ops = alt
        g = ctx.inp(grad_at)
        if N(g) is None:
            return Cost(None, 0, 0)
        return per_element(N(g), g, ops, 0)

    return formula


def _text(rule: str, grad_at: int) -> str:
    per, alt = RULES[rule]
    base = f"{per}·N(in{grad_at} = grad)"
    if alt is None:
        return base
    what = "without update_slots" if rule.startswith("Adagrad") else "with use_nesterov"
    return f"{base}; {alt} per element {what}"


for _rule, (_dense, _sparse) in GRAD_INPUT.items():
    for _kind in _KINDS.get(_rule, ("Apply", "ResourceApply", "SparseApply", "ResourceSparseApply")):
        _at = _sparse if "Sparse" in _kind else _dense
        if _at is None:
            continue
        register(f"{_kind}{_rule}", flops=_text(_rule, _at), tf="0", maccs="0")(optimizer(_rule, _at))
