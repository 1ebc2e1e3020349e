"""Tests of macc's own protobuf schema (package ``macc_tf``), without TensorFlow."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from google.protobuf import descriptor_pool, text_format

from macc.proto import (
    attr_value_pb2,
    function_pb2,
    graph_pb2,
    meta_graph_pb2,
    node_def_pb2,
    saved_model_pb2,
    saved_object_graph_pb2,
    saver_pb2,
    struct_pb2,
    tensor_pb2,
    tensor_shape_pb2,
    types_pb2,
    versions_pb2,
)

REPO = Path(__file__).resolve().parent.parent
PROTO_DIR = REPO / "proto" / "macc" / "proto"
PB2_DIR = REPO / "macc" / "proto"


def _load_generate_module():
    spec = importlib.util.spec_from_file_location("macc_proto_generate", REPO / "proto" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --------------------------------------------------------------------------- staleness

def test_every_proto_has_a_committed_module_and_vice_versa():
    protos = sorted(p.stem for p in PROTO_DIR.glob("*.proto"))
    modules = sorted(p.name[: -len("_pb2.py")] for p in PB2_DIR.glob("*_pb2.py"))
    assert protos == modules
    assert "graph" in protos and "saved_model" in protos


def test_committed_pb2_match_regenerated(tmp_path):
    gen = _load_generate_module()
    try:
        import grpc_tools.protoc  # noqa: F401
    except ImportError:
        pytest.skip("grpc_tools not importable; install with: "
                    "pip install --no-deps grpcio-tools==%s" % gen.PINNED_GRPCIO_TOOLS)
    found = gen.installed_grpcio_tools_version()
    if found != gen.PINNED_GRPCIO_TOOLS:
        pytest.skip("grpcio-tools %s installed, %s pinned in proto/generate.py: output would differ"
                    % (found, gen.PINNED_GRPCIO_TOOLS))
    written = gen.generate(tmp_path)
    assert len(written) == len(list(PROTO_DIR.glob("*.proto")))
    stale = [p.name for p in written
             if p.read_bytes() != (PB2_DIR / p.name).read_bytes()]
    assert not stale, "stale generated modules (run python proto/generate.py): %s" % stale


# --------------------------------------------------------------------------- schema identity

def test_package_is_macc_tf_not_tensorflow():
    for mod in (types_pb2, graph_pb2, meta_graph_pb2, saved_model_pb2, struct_pb2):
        assert mod.DESCRIPTOR.package == "macc_tf"
        assert mod.DESCRIPTOR.name.startswith("macc/proto/")
    assert graph_pb2.GraphDef.DESCRIPTOR.full_name == "macc_tf.GraphDef"
    assert saved_model_pb2.SavedModel.DESCRIPTOR.full_name == "macc_tf.SavedModel"


def test_datatype_enum_values():
    dt = types_pb2.DataType
    assert dt.Value("DT_INVALID") == 0
    assert types_pb2.DT_FLOAT == 1
    assert types_pb2.DT_DOUBLE == 2
    assert types_pb2.DT_INT32 == 3
    assert types_pb2.DT_STRING == 7
    assert types_pb2.DT_INT64 == 9
    assert types_pb2.DT_BOOL == 10
    assert types_pb2.DT_BFLOAT16 == 14
    assert types_pb2.DT_HALF == 19
    assert types_pb2.DT_RESOURCE == 20
    assert types_pb2.DT_VARIANT == 21
    assert types_pb2.DT_FLOAT8_E4M3FN == 25
    assert types_pb2.DT_FLOAT4_E2M1FN == 33
    assert types_pb2.DT_FLOAT_REF == 101
    assert types_pb2.DT_INT32_REF == 103
    assert types_pb2.DT_RESOURCE_REF == 120
    assert types_pb2.DT_FLOAT4_E2M1FN_REF == 133
    # every *_REF value is its base value + 100
    for name in dt.keys():
        if name.endswith("_REF"):
            assert dt.Value(name) == dt.Value(name[: -len("_REF")]) + 100, name
    assert dt.Name(1) == "DT_FLOAT"


def test_required_messages_exist():
    pool = descriptor_pool.Default()
    for name in [
        "GraphDef", "NodeDef", "NodeDef.ExperimentalDebugInfo", "AttrValue", "AttrValue.ListValue",
        "NameAttrList", "TensorProto", "VariantTensorDataProto", "ResourceHandleProto",
        "ResourceHandleProto.DtypeAndShape", "TensorShapeProto", "TensorShapeProto.Dim",
        "VersionDef", "FunctionDefLibrary", "FunctionDef", "FunctionDef.ArgAttrs", "GradientDef",
        "RegisteredGradient", "OpDef", "OpDef.ArgDef", "OpDef.AttrDef", "OpList", "OpDeprecation",
        "GraphDebugInfo", "FullTypeDef", "MetaGraphDef", "MetaGraphDef.MetaInfoDef",
        "CollectionDef", "CollectionDef.NodeList", "CollectionDef.BytesList",
        "CollectionDef.Int64List", "CollectionDef.FloatList", "CollectionDef.AnyList",
        "TensorInfo", "TensorInfo.CooSparse", "TensorInfo.CompositeTensor", "SignatureDef",
        "AssetFileDef", "SaverDef", "SavedModel", "SavedObjectGraph", "SavedObject",
        "SavedUserObject", "SavedAsset", "SavedFunction", "CapturedTensor",
        "SavedConcreteFunction", "SavedBareConcreteFunction", "SavedConstant", "SavedVariable",
        "FunctionSpec", "SavedResource", "SaveableObject", "StructuredValue", "NoneValue",
        "ListValue", "TupleValue", "DictValue", "PairValue", "NamedTupleValue",
        "TensorSpecProto", "BoundedTensorSpecProto", "TypeSpecProto", "TrackableObjectGraph",
        "TrackableObjectGraph.TrackableObject", "RegisteredSaver", "VariableDef",
        "SaveSliceInfoDef",
    ]:
        assert pool.FindMessageTypeByName("macc_tf." + name).full_name == "macc_tf." + name


def test_field_numbers_of_key_messages():
    def numbers(msg_cls):
        return {f.name: f.number for f in msg_cls.DESCRIPTOR.fields}

    assert numbers(graph_pb2.GraphDef) == {
        "node": 1, "library": 2, "version": 3, "versions": 4, "debug_info": 5}
    assert numbers(node_def_pb2.NodeDef) == {
        "name": 1, "op": 2, "input": 3, "device": 4, "attr": 5,
        "experimental_debug_info": 6, "experimental_type": 7}
    assert numbers(attr_value_pb2.AttrValue) == {
        "list": 1, "s": 2, "i": 3, "f": 4, "b": 5, "type": 6, "shape": 7, "tensor": 8,
        "placeholder": 9, "func": 10}
    assert [f.name for f in attr_value_pb2.AttrValue.DESCRIPTOR.oneofs_by_name["value"].fields] == [
        "s", "i", "f", "b", "type", "shape", "tensor", "list", "func", "placeholder"]
    assert numbers(tensor_pb2.TensorProto) == {
        "dtype": 1, "tensor_shape": 2, "version_number": 3, "tensor_content": 4,
        "float_val": 5, "double_val": 6, "int_val": 7, "string_val": 8, "scomplex_val": 9,
        "int64_val": 10, "bool_val": 11, "dcomplex_val": 12, "half_val": 13,
        "resource_handle_val": 14, "variant_val": 15, "uint32_val": 16, "uint64_val": 17,
        "float8_val": 18}
    assert numbers(meta_graph_pb2.TensorInfo) == {
        "name": 1, "dtype": 2, "tensor_shape": 3, "coo_sparse": 4, "composite_tensor": 5}
    assert numbers(saved_model_pb2.SavedModel) == {"saved_model_schema_version": 1, "meta_graphs": 2}
    assert numbers(struct_pb2.StructuredValue)["int64_value"] == 12
    assert struct_pb2.StructuredValue.DESCRIPTOR.fields_by_name["int64_value"].type == 18  # sint64


# --------------------------------------------------------------------------- wire bytes

def test_golden_wire_bytes():
    # NodeDef{name:"a"} = field 1, length-delimited
    assert node_def_pb2.NodeDef(name="a").SerializeToString() == b"\x0a\x01a"
    # AttrValue{type: DT_FLOAT} = field 6 varint 1
    assert attr_value_pb2.AttrValue(type=types_pb2.DT_FLOAT).SerializeToString() == b"\x30\x01"
    # TensorProto float_val is packed: field 5 wire type 2, 8 bytes of two floats
    t = tensor_pb2.TensorProto(float_val=[1.0, 2.0])
    assert t.SerializeToString() == b"\x2a\x08\x00\x00\x80\x3f\x00\x00\x00\x40"
    # int_val packed as field 7
    assert tensor_pb2.TensorProto(int_val=[1, 2]).SerializeToString() == b"\x3a\x02\x01\x02"
    # TensorShapeProto dim is field 2, Dim.size field 1 (-1 = 10-byte varint)
    s = tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=-1)])
    assert s.SerializeToString() == b"\x12\x0b\x08" + b"\xff" * 9 + b"\x01"
    # StructuredValue.int64_value is sint64 (zigzag): -1 -> 1
    assert struct_pb2.StructuredValue(int64_value=-1).SerializeToString() == b"\x60\x01"
    # unpacked encoding of a repeated scalar is accepted too
    assert list(tensor_pb2.TensorProto.FromString(b"\x38\x05\x38\x06").int_val) == [5, 6]


# --------------------------------------------------------------------------- round trips

def _graph_with_every_attr_kind() -> graph_pb2.GraphDef:
    g = graph_pb2.GraphDef()
    g.versions.producer = 1882
    g.versions.min_consumer = 12
    n = g.node.add(name="conv", op="Conv2D", input=["x", "w:0", "^init"], device="/cpu:0")
    a = n.attr
    a["s"].s = b"SAME"
    a["i"].i = -7
    a["f"].f = 0.5
    a["b"].b = True
    a["T"].type = types_pb2.DT_HALF
    a["shape"].shape.dim.add(size=-1)
    a["shape"].shape.dim.add(size=224, name="h")
    a["unknown_shape"].shape.unknown_rank = True
    a["value"].tensor.dtype = types_pb2.DT_FLOAT
    a["value"].tensor.tensor_shape.dim.add(size=2)
    a["value"].tensor.float_val.extend([1.5, -2.0])
    a["raw"].tensor.dtype = types_pb2.DT_INT32
    a["raw"].tensor.tensor_content = b"\x01\x00\x00\x00\x02\x00\x00\x00"
    a["func"].func.name = "body"
    a["func"].func.attr["T"].type = types_pb2.DT_INT64
    a["ph"].placeholder = "T"
    lst = a["list"].list
    lst.s.extend([b"a", b"b"])
    lst.i.extend([1, 2, 2, 1])
    lst.f.extend([0.25])
    lst.b.extend([True, False])
    lst.type.extend([types_pb2.DT_FLOAT, types_pb2.DT_RESOURCE])
    lst.shape.add().dim.add(size=3)
    lst.tensor.add(dtype=types_pb2.DT_INT64, int64_val=[5])
    lst.func.add(name="f2")
    a["empty_list"].list.SetInParent()
    t = g.node.add(name="tensors", op="Const").attr["value"].tensor
    t.half_val.extend([15360])
    t.double_val.extend([3.25])
    t.int_val.extend([-1])
    t.string_val.extend([b"\x00\xff"])
    t.scomplex_val.extend([1.0, 2.0])
    t.int64_val.extend([2 ** 40])
    t.bool_val.extend([True])
    t.dcomplex_val.extend([1.0, -1.0])
    rh = t.resource_handle_val.add(device="/cpu:0", name="var", hash_code=2 ** 63 + 5)
    rh.dtypes_and_shapes.add(dtype=types_pb2.DT_FLOAT)
    t.variant_val.add(type_name="tensorflow::TensorList", metadata=b"m",
                      tensors=[tensor_pb2.TensorProto(dtype=types_pb2.DT_INT32, int_val=[1])])
    t.uint32_val.extend([2 ** 32 - 1])
    t.uint64_val.extend([2 ** 64 - 1])
    t.float8_val = b"\x38\x40"
    fn = g.library.function.add()
    fn.signature.name = "body"
    fn.signature.input_arg.add(name="x", type_attr="T")
    fn.signature.output_arg.add(name="y", type=types_pb2.DT_FLOAT)
    fn.signature.attr.add(name="T", type="type")
    fn.node_def.add(name="id", op="Identity", input=["x"])
    fn.ret["y"] = "id:output:0"
    fn.control_ret["c"] = "id"
    fn.arg_attr[0].attr["_output_shapes"].list.shape.add()
    fn.resource_arg_unique_id[0] = 3
    g.library.gradient.add(function_name="body", gradient_func="body_grad")
    g.library.registered_gradients.add(gradient_func="g", registered_op_type="Op")
    return g


def test_graphdef_round_trip_every_attr_kind():
    g = _graph_with_every_attr_kind()
    data = g.SerializeToString()
    back = graph_pb2.GraphDef.FromString(data)
    assert back == g
    assert back.SerializeToString(deterministic=True) == g.SerializeToString(deterministic=True)
    a = back.node[0].attr
    kinds = {k: v.WhichOneof("value") for k, v in a.items()}
    assert kinds == {
        "s": "s", "i": "i", "f": "f", "b": "b", "T": "type", "shape": "shape",
        "unknown_shape": "shape", "value": "tensor", "raw": "tensor", "func": "func",
        "ph": "placeholder", "list": "list", "empty_list": "list"}
    assert a["i"].i == -7 and a["f"].f == 0.5 and a["T"].type == types_pb2.DT_HALF
    assert [d.size for d in a["shape"].shape.dim] == [-1, 224]
    assert list(a["value"].tensor.float_val) == [1.5, -2.0]
    assert list(a["list"].list.type) == [types_pb2.DT_FLOAT, types_pb2.DT_RESOURCE]
    assert a["func"].func.attr["T"].type == types_pb2.DT_INT64
    t = back.node[1].attr["value"].tensor
    assert t.uint64_val[0] == 2 ** 64 - 1 and t.int64_val[0] == 2 ** 40
    assert t.resource_handle_val[0].hash_code == 2 ** 63 + 5
    assert t.variant_val[0].tensors[0].int_val[0] == 1
    assert back.library.function[0].ret["y"] == "id:output:0"
    assert back.library.function[0].resource_arg_unique_id[0] == 3
    # text format round trip
    assert text_format.Parse(text_format.MessageToString(g), graph_pb2.GraphDef()) == g


# A GraphDef in the text format TensorFlow prints (str(graph_def)).
TEXT_GRAPH = r"""
node {
  name: "x"
  op: "Placeholder"
  attr {
    key: "dtype"
    value {
      type: DT_FLOAT
    }
  }
  attr {
    key: "shape"
    value {
      shape {
        dim {
          size: -1
        }
        dim {
          size: 4
        }
      }
    }
  }
}
node {
  name: "w"
  op: "Const"
  attr {
    key: "dtype"
    value {
      type: DT_FLOAT
    }
  }
  attr {
    key: "value"
    value {
      tensor {
        dtype: DT_FLOAT
        tensor_shape {
          dim {
            size: 4
          }
          dim {
            size: 2
          }
        }
        float_val: 1
      }
    }
  }
}
node {
  name: "mm"
  op: "MatMul"
  input: "x"
  input: "w"
  attr {
    key: "T"
    value {
      type: DT_FLOAT
    }
  }
  attr {
    key: "transpose_a"
    value {
      b: false
    }
  }
  attr {
    key: "transpose_b"
    value {
      b: false
    }
  }
}
versions {
  producer: 1882
}
"""


def test_parse_text_graphdef():
    g = text_format.Parse(TEXT_GRAPH, graph_pb2.GraphDef())
    assert [(n.name, n.op) for n in g.node] == [("x", "Placeholder"), ("w", "Const"), ("mm", "MatMul")]
    assert g.node[0].attr["dtype"].type == types_pb2.DT_FLOAT
    assert [d.size for d in g.node[0].attr["shape"].shape.dim] == [-1, 4]
    w = g.node[1].attr["value"].tensor
    assert [d.size for d in w.tensor_shape.dim] == [4, 2] and list(w.float_val) == [1.0]
    assert list(g.node[2].input) == ["x", "w"]
    assert g.node[2].attr["transpose_a"].WhichOneof("value") == "b"
    assert g.versions.producer == 1882
    assert text_format.Parse(str(g), graph_pb2.GraphDef()) == g


def test_meta_graph_and_saved_model_round_trip():
    sm = saved_model_pb2.SavedModel(saved_model_schema_version=1)
    mg = sm.meta_graphs.add()
    mg.meta_info_def.tags.append("serve")
    mg.meta_info_def.tensorflow_version = "2.21.0"
    mg.meta_info_def.stripped_op_list.op.add(name="MatMul")
    mg.meta_info_def.function_aliases["f"] = "__inference_f_1"
    mg.graph_def.CopyFrom(_graph_with_every_attr_kind())
    mg.saver_def.filename_tensor_name = "save/Const:0"
    mg.saver_def.version = saver_pb2.SaverDef.V2
    cd = mg.collection_def
    cd["nodes"].node_list.value.append("x:0")
    cd["bytes"].bytes_list.value.append(b"\x01")
    cd["ints"].int64_list.value.extend([1, -2])
    cd["floats"].float_list.value.append(0.5)
    cd["any"].any_list.value.add().Pack(versions_pb2.VersionDef(producer=7))
    sig = mg.signature_def["serving_default"]
    sig.method_name = "tensorflow/serving/predict"
    sig.inputs["x"].name = "serving_default_x:0"
    sig.inputs["x"].dtype = types_pb2.DT_FLOAT
    sig.inputs["x"].tensor_shape.dim.add(size=-1)
    sig.inputs["sp"].coo_sparse.values_tensor_name = "v:0"
    ct = sig.outputs["rt"].composite_tensor
    ct.type_spec.type_spec_class = struct_pb2.TypeSpecProto.RAGGED_TENSOR_SPEC
    ct.components.add(name="c:0")
    sig.defaults["k"].int_val.append(3)
    mg.asset_file_def.add(filename="vocab.txt").tensor_info.name = "asset:0"
    og = mg.object_graph_def
    og.nodes.add().user_object.identifier = "_generic_user_object"
    og.nodes[0].children.add(node_id=1, local_name="v")
    og.nodes.add().variable.dtype = types_pb2.DT_FLOAT
    og.nodes.add().function.concrete_functions.append("__inference_f_1")
    og.nodes.add().bare_concrete_function.concrete_function_name = "g"
    og.nodes.add().constant.operation = "c"
    og.nodes.add().resource.device = "/cpu:0"
    og.nodes.add().asset.asset_file_def_index = 0
    og.nodes.add().captured_tensor.name = "cap"
    cf = og.concrete_functions["__inference_f_1"]
    cf.bound_inputs.append(1)
    sv = cf.canonicalized_input_signature
    sv.tuple_value.values.add().list_value.values.add().tensor_spec_value.dtype = types_pb2.DT_FLOAT
    sv.tuple_value.values.add().dict_value.fields["k"].int64_value = -3
    sv.tuple_value.values.add().named_tuple_value.values.add(key="a").value.none_value.SetInParent()

    data = sm.SerializeToString()
    back = saved_model_pb2.SavedModel.FromString(data)
    assert back == sm
    m = back.meta_graphs[0]
    assert {k: v.WhichOneof("kind") for k, v in m.collection_def.items()} == {
        "nodes": "node_list", "bytes": "bytes_list", "ints": "int64_list",
        "floats": "float_list", "any": "any_list"}
    unpacked = versions_pb2.VersionDef()
    assert m.collection_def["any"].any_list.value[0].Unpack(unpacked) and unpacked.producer == 7
    s = m.signature_def["serving_default"]
    assert {k: v.WhichOneof("encoding") for k, v in s.inputs.items()} == {"x": "name", "sp": "coo_sparse"}
    assert s.outputs["rt"].WhichOneof("encoding") == "composite_tensor"
    assert [n.WhichOneof("kind") for n in m.object_graph_def.nodes] == [
        "user_object", "variable", "function", "bare_concrete_function", "constant",
        "resource", "asset", "captured_tensor"]
    vals = m.object_graph_def.concrete_functions["__inference_f_1"].canonicalized_input_signature
    assert vals.tuple_value.values[1].dict_value.fields["k"].int64_value == -3
    assert isinstance(m.object_graph_def.nodes[0], saved_object_graph_pb2.SavedObject)
    # MetaGraphDef alone round-trips too
    assert meta_graph_pb2.MetaGraphDef.FromString(m.SerializeToString()) == m


def test_unknown_fields_are_preserved():
    # a NodeDef carrying an unknown field 99 (varint 7) survives a parse/serialize cycle
    data = node_def_pb2.NodeDef(name="n").SerializeToString() + b"\x98\x06\x07"
    n = node_def_pb2.NodeDef.FromString(data)
    assert n.name == "n"
    assert n.SerializeToString() == data


def test_function_def_reserved_field_two():
    fd = function_pb2.FunctionDef.DESCRIPTOR
    assert 2 not in fd.fields_by_number
    assert fd.fields_by_name["node_def"].number == 3
