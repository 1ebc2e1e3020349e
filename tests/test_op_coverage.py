"""Every op TensorFlow 2.21 registers has TF's shape function in macc and a cost class (counted,
truly zero, structural, or sized-but-uncounted), except TF's own unit-test ops, its experimental
RISC ops and its internal ``_``-prefixed ops (runtime rewrites: oneDNN's _Mkl*, _Arg/_Retval,
_Send/_Recv...; macc knows the ones a saved graph can hold, such as the Grappler _Fused* ops).
The op list is tests/fixtures/tf_ops.json, written by ``python -m tools.fixtures oplist``."""

import json

from conftest import FIXTURES
from macc.costs import FORMULAS, STRUCTURAL_OPS, UNCOUNTED_OPS, ZERO_OPS
from macc.shapes import SHAPE_FNS

# registered by TF's own op tests (tensorflow/core/ops/*_test ops, the framework's test kernels)
TF_TEST_OPS = frozenset("""
A Attr AttrBool AttrBoolList AttrDefault AttrEmptyListDefault AttrEnum AttrEnumList AttrFloat
AttrListDefault AttrListMin AttrListTypeDefault AttrMin AttrPartialShape AttrPartialShapeList
AttrShape AttrShapeList AttrTypeDefault B Binary ComplexStruct ConstructionFails CopyOp
DefaultAttrs DevicePlacementOp DtypeWithDefaultOp DummyIterationCounter DummyMemoryCache Fact
FiveFloatOutputs FloatInput FloatOutput FloatOutputStringOutput Foo1 Foo2 Foo3 FuncAttr
FuncListAttr GraphDefVersion InPolymorphicTwice Int64Output IntAttr IntInput IntInputFloatInput
IntInputIntOutput IntOutput IntOutputFloatOutput IsResourceHandleRefCounting KernelLabel
KernelLabelRequired ListInput ListOutput MakeWeakResourceHandle MixedStruct NInPolymorphicTwice
NInTwice NInTwoTypeVariables NIntsIn NIntsOut NIntsOutDefault NPolymorphicIn NPolymorphicOut
NPolymorphicOutDefault NPolymorphicRestrictIn NPolymorphicRestrictOut Namespace>TestStringOutput
None Old OpWithDefaultAttr OpWithFutureDefaultAttr OutT OutTypeList OutTypeListRestrict
Polymorphic PolymorphicDefaultOut PolymorphicOut RefIn RefInputFloatInput
RefInputFloatInputIntOutput RefInputIntInput RefOut RefOutput RefOutputFloatOutput
RequiresOlderGraphVersion ReservedAttr ReservedInput ResourceCreateOp ResourceInitializedOp
ResourceUsingOp Restrict Simple SimpleStruct SleepIdentityOp SleepOp StringListAttr
StubResourceHandleOp TestAttr TestStringOutput TwoFloatInputs TwoFloatInputsFloatOutput
TwoFloatInputsIntOutput TwoFloatOutputs TwoIntInputs TwoIntOutputs TwoRefsIn TypeList
TypeListRestrict TypeListTwice Unary WindowOp
""".split())


def _tf_ops():
    record = json.loads((FIXTURES / "tf_ops.json").read_text())
    assert record["tf_version"] == "2.21.0"
    return record["ops"]


def _public(ops):
    return [o for o in ops if not o.startswith(("_", "Risc")) and o not in TF_TEST_OPS]


def test_every_public_tf_op_is_sized_and_classified():
    ops = _tf_ops()
    public = _public(ops)
    # 1,908 ops: 174 internal, 49 RISC, 110 test ops (as listed above)
    assert len(ops) == 1908 and len(public) == 1908 - 174 - 49 - 110
    classified = set(FORMULAS) | ZERO_OPS | STRUCTURAL_OPS | UNCOUNTED_OPS
    unclassified = [o for o in public if o not in classified]
    unsized = [o for o in public if o not in SHAPE_FNS]
    assert not unclassified, f"{len(unclassified)} TF ops without a cost class: {unclassified}"
    assert not unsized, f"{len(unsized)} TF ops without a shape function: {unsized}"


def test_the_test_op_list_names_real_registrations():
    """A test op that TF stops registering is dropped from the list (it would hide nothing)."""
    assert TF_TEST_OPS <= set(_tf_ops())
