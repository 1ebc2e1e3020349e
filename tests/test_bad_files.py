"""Bad files: exit 1 and one stderr line naming the file, never a traceback."""

import os
import subprocess
import sys

import pytest

import macc


def run(path):
    return subprocess.run([sys.executable, "-m", "macc", "profile", str(path)],
                          capture_output=True, text=True, timeout=60)


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _field(number: int, payload: bytes) -> bytes:
    return bytes([number << 3 | 2, len(payload)]) + payload


# An ONNX ModelProto as onnx.helper.make_model writes it (checked against onnx 1.x's bytes):
# ir_version (1) = 14, producer_name (2), producer_version (3), graph (7) holding one Conv node,
# opset_import (8) = {version (2): 17}
ONNX = (b"\x08\x0e" + _field(2, b"pytorch") + _field(3, b"2.5.1")
        + _field(7, _field(1, _field(1, b"X") + _field(3, b"Y") + _field(4, b"Conv")) + _field(2, b"g"))
        + _field(8, b"\x10\x11"))

def _zip(**members) -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


CASES = {
    # the members Keras 3 writes into a .keras file; PyTorch's torch.save zip layout
    "model.keras": (_zip(**{"metadata.json": "{}", "config.json": "{}", "model.weights.h5": b"\x89HDF"}),
                    "is a Keras .keras model (export it with model.export(DIR)"),
    "model.pt": (_zip(**{"model__data.pkl": b"\x80\x02", "model__version": "3"}),
                 "is a PyTorch checkpoint (a zip holding data.pkl)"),
    "other.zip": (_zip(**{"a.txt": "x"}), "is a zip archive (unpack it"),
    # a LevelDB-format table ends with its magic number: TF's checkpoint index (tf.train.Checkpoint)
    "model.index": (b"\0" * 40 + (0xDB4775248B80FB57).to_bytes(8, "little"),
                    "is a TensorFlow checkpoint index (variable values, no graph"),
    "model.data-00000-of-00001": (b"\x01\x02\x03" * 12, "is a TensorFlow checkpoint data shard"),
    "model.onnx": (ONNX, "is an ONNX model (exported by pytorch 2.5.1), not a TensorFlow graph"),
    "random.pb": (os.urandom(0) or bytes(range(256)) * 7, "is not a GraphDef"),
    "empty.pb": (b"", "empty file"),
    "picture.pb": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG image"),
    "broken.pbtxt": (b'node { name: "a" op: "Const" attr { key: ', "not a valid text GraphDef"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_cli(tmp_path, name):
    data, expected = CASES[name]
    p = run(write(tmp_path, name, data))
    assert p.returncode == 1
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("macc: error: ") and name in lines[0] and expected in lines[0]
    assert "Traceback" not in p.stderr


def test_missing_path(tmp_path):
    p = run(tmp_path / "nope.pb")
    assert p.returncode == 1
    assert p.stderr.strip() == f"macc: error: {tmp_path / 'nope.pb'}: no such file or directory"


def test_random_bytes_many_seeds(tmp_path):
    import random
    rng = random.Random(1234)
    for i in range(200):
        data = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300)))
        path = write(tmp_path, f"r{i}.pb", data)
        try:
            macc.profile(str(path))
        except macc.MaccError as e:
            assert str(path) in str(e) and "\n" not in str(e)


def test_api_error_type(tmp_path):
    with pytest.raises(macc.FormatError, match="empty file"):
        macc.profile(str(write(tmp_path, "e.pb", b"")))


def test_bad_usage_exit_2():
    p = subprocess.run([sys.executable, "-m", "macc", "profile"], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2
