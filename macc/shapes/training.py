"""Shape functions of optimizer updates and variable bookkeeping: the v1 ``Apply*`` ops return
the updated variable (its shape), the ``ResourceApply*`` ops return nothing."""

from __future__ import annotations

from .consteval import np_type, set_shape_value
from .registry import shape_fn

APPLY_OPS = (
    "ApplyAdaMax", "ApplyAdadelta", "ApplyAdagrad", "ApplyAdagradDA", "ApplyAdagradV2",
    "ApplyAdam", "ApplyAddSign", "ApplyCenteredRMSProp", "ApplyFtrl", "ApplyFtrlV2",
    "ApplyGradientDescent", "ApplyMomentum", "ApplyPowerSign", "ApplyProximalAdagrad",
    "ApplyProximalGradientDescent", "ApplyRMSProp", "SparseApplyAdadelta",
    "SparseApplyAdagrad", "SparseApplyAdagradDA", "SparseApplyAdagradV2",
    "SparseApplyCenteredRMSProp", "SparseApplyFtrl", "SparseApplyFtrlV2",
    "SparseApplyMomentum", "SparseApplyProximalAdagrad", "SparseApplyProximalGradientDescent",
    "SparseApplyRMSProp",
)

RESOURCE_APPLY_OPS = (
    "ResourceApplyAdaMax", "ResourceApplyAdadelta", "ResourceApplyAdagrad",
    "ResourceApplyAdagradDA", "ResourceApplyAdagradV2", "ResourceApplyAdam",
    "ResourceApplyAdamWithAmsgrad", "ResourceApplyAddSign", "ResourceApplyCenteredRMSProp",
    "ResourceApplyFtrl", "ResourceApplyFtrlV2", "ResourceApplyGradientDescent",
    "ResourceApplyKerasMomentum", "ResourceApplyMomentum", "ResourceApplyPowerSign",
    "ResourceApplyProximalAdagrad", "ResourceApplyProximalGradientDescent",
    "ResourceApplyRMSProp", "ResourceSparseApplyAdadelta", "ResourceSparseApplyAdagrad",
    "ResourceSparseApplyAdagradDA", "ResourceSparseApplyAdagradV2",
    "ResourceSparseApplyCenteredRMSProp", "ResourceSparseApplyFtrl",
    "ResourceSparseApplyFtrlV2", "ResourceSparseApplyKerasMomentum",
    "ResourceSparseApplyMomentum", "ResourceSparseApplyProximalAdagrad",
    "ResourceSparseApplyProximalGradientDescent", "ResourceSparseApplyRMSProp",
)


@shape_fn(*APPLY_OPS)
def apply_update(ctx):
    return [ctx.in_shape(0)]


@shape_fn(*RESOURCE_APPLY_OPS, "DestroyResourceOp")
def resource_update(ctx):
    return []


@shape_fn("VarIsInitializedOp", "IsVariableInitialized")
def is_initialized(ctx):
    return [()]


@shape_fn("VariableShape")
def variable_shape(ctx):
    s = ctx.in_handle_shape(0)
    if s is None:
        return [(None,)]
    set_shape_value(ctx, 0, s, np_type(ctx, "out_type"), direct=False)
    return [(len(s),)]
