"""Serialized protos in string attrs (macc.shapes.wire) and the ops that read them: malformed,
truncated, out-of-range and wrongly typed fields end as one line naming the node."""

import pytest

from macc import cli
from macc.errors import ShapeError
from macc.proto import graph_pb2
from macc.shapes.wire import ints, proto_fields


def varint(x: int) -> bytes:
    x &= (1 << 64) - 1
    out = bytearray()
    while True:
        b, x = x & 0x7F, x >> 7
        out.append(b | 0x80 if x else b)
        if not x:
            return bytes(out)


def test_fields_packed_and_unpacked_read_alike():
    # field 1 unpacked 2, 3; field 2 packed [4, 300] (300 = 0xAC 0x02)
    got = proto_fields(b"\x08\x02\x08\x03\x12\x03\x04\xac\x02", "m")
    assert ints(got[1], "m") == [2, 3] and ints(got[2], "m") == [4, 300]
    assert ints(proto_fields(b"\x08" + varint(-5), "m")[1], "m") == [-5]  # ten bytes, two's complement


def test_a_ten_byte_varint_keeps_its_low_64_bits():
    # 0xff·9 then 0x7f: 70 bits set; protobuf's int64 keeps the low 64 (all ones) = -1
    assert proto_fields(b"\x08" + b"\xff" * 9 + b"\x7f", "m")[1] == [-1]


@pytest.mark.parametrize("data, said", [
    (b"\x0a", "truncated varint"),                   # a length that never comes
    (b"\x0a\x05\x01", "truncated field"),            # 5 bytes announced, 1 there
    (b"\x08" + b"\x80" * 11 + b"\x01", "truncated varint"),  # more than ten bytes
    (b"\x00\x01", "field number 0"),
    (b"\x0b", "unexpected wire type 3"),
    (b"\x09\x01", "truncated field"),                # a fixed64 with one byte
])
def test_malformed_bytes(data, said):
    with pytest.raises(ShapeError, match=f"cannot parse m: {said}"):
        proto_fields(data, "m")


def test_fixed_width_values_are_no_ints():
    for data, bits in ((b"\x09" + bytes(8), 64), (b"\x0d" + bytes(4), 32)):
        with pytest.raises(ShapeError, match=f"a {bits}-bit fixed-width value"):
            ints(proto_fields(data, "m")[1], "m")


def test_an_integer_where_a_message_belongs():
    with pytest.raises(ShapeError, match="cannot parse m: it is an integer"):
        proto_fields(5, "m")


def _recv(tmp_path, config: bytes):
    gd = graph_pb2.GraphDef()
    n = gd.node.add(name="recv", op="RecvTPUEmbeddingActivations")
    n.attr["config"].s = config
    n.attr["num_outputs"].i = 1
    path = tmp_path / "recv.pb"
    path.write_bytes(gd.SerializeToString())
    return str(path)


def _table(dim: int, feats: int) -> bytes:  # TableDescriptor: dimension = 3, num_features = 4
    body = b"\x18" + varint(dim) + b"\x20" + varint(feats)
    return b"\x0a" + bytes([len(body)]) + body


def _run(capsys, path):
    code = cli.main(["profile", path, "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("config, said", [
    (_table(4, 2) + b"\x18" + varint(-8), "the config gives a negative dimension -16"),  # -8·2
    (_table(4, -3) + b"\x18\x02", "the config gives a negative dimension -6"),
    (b"\x08\x05\x18\x02", "cannot parse TableDescriptor: it is an integer"),  # table_descriptor = 5
    (b"\x0a\x03\x18\x04\x20", "cannot parse TableDescriptor: truncated varint"),
    (_table(4, 1) + b"\x1d" + bytes(4), "a 32-bit fixed-width value (wire type 5)"),
])
def test_bad_tpu_embedding_configs_end_as_one_line(tmp_path, capsys, config, said):
    code, out, err = _run(capsys, _recv(tmp_path, config))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("macc: error: ") and "node 'recv' (RecvTPUEmbeddingActivations)" in err
    assert said in err


def test_tpu_embedding_config_shapes(tmp_path, capsys):
    # batch_size_per_tensor_core 8, one table of dimension 4 and 2 features: [8·2, 4] = [16, 4];
    # an empty packed batch field reads as no value (0): [0, 4]; batch -1 with one feature is
    # TF's unknown dim: TF 2.21's import gives (16, 4), (0, 4), (None, 4), and rejects [-16, 4]
    # and [-6, 4] (the cases above) as "dimensions with values below -1"
    import json
    for config, shape in ((_table(4, 2) + b"\x18\x08", [16, 4]), (_table(4, 2) + b"\x1a\x00", [0, 4]),
                          (_table(4, 1) + b"\x18" + varint(-1), [None, 4])):
        code, out, err = _run(capsys, _recv(tmp_path, config))
        assert code == 0, err
        assert json.loads(out)["nodes"][0]["output_shapes"] == [shape]
