"""The HTML report rendered by headless Chromium: a screenshot that is not blank and shows the chart,
and a DOM after the page's script ran (the tables are drawn by it).

Chromium comes from PATH. Where it is missing, the test installs Debian's ``chromium`` package
only when running as root with apt-get and MACC_INSTALL_CHROMIUM=1; otherwise it skips, saying so.
"""

import os
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pytest

import macc
from conftest import FIXTURES
from macc.render import render_html

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BLUE = (0x4E, 0x79, 0xA7)    # the first palette colour: the costliest op type


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe:
        return exe
    can_install = (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")
                   and os.environ.get("MACC_INSTALL_CHROMIUM") == "1")
    if not can_install:
        pytest.skip("chromium not found; install it (apt-get install chromium) or run as root "
                    "with MACC_INSTALL_CHROMIUM=1 to let this test install it")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True,
                   timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env,
                   capture_output=True, timeout=1200)
    exe = shutil.which("chromium")
    if not exe:
        pytest.skip("apt-get installed no chromium binary")
    return exe


def decode_png(data: bytes) -> np.ndarray:
    """A tiny PNG decoder (8-bit RGB/RGBA, not interlaced): pixels as an (h, w, channels) array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    out = np.zeros((h, stride), np.uint8)
    prev = np.zeros(stride, np.int64)
    for y in range(h):
        start = y * (stride + 1)
        f = raw[start]
        line = np.frombuffer(raw, np.uint8, stride, start + 1).astype(np.int64)
        if f == 0:
            cur = line
        elif f == 1:      # Sub: running sum per channel, mod 256
            cur = line.reshape(-1, bpp).cumsum(axis=0).reshape(-1) % 256
        elif f == 2:      # Up
            cur = (line + prev) % 256
        else:             # Average (3) and Paeth (4) depend on the left byte: one at a time
            cur_l, up, ln = [0] * stride, prev.tolist(), line.tolist()
            for i in range(stride):
                a = cur_l[i - bpp] if i >= bpp else 0
                b = up[i]
                if f == 3:
                    cur_l[i] = (ln[i] + (a + b) // 2) & 255
                else:
                    c = up[i - bpp] if i >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                    cur_l[i] = (ln[i] + pred) & 255
            cur = np.array(cur_l, np.int64)
        out[y] = cur
        prev = cur
    return out.reshape(h, w, bpp)


def test_png_decoder_round_trip():
    # a 2x2 RGB image written with filter 1 (Sub) then 4 (Paeth)
    rows = [bytes([1, 10, 20, 30, 5, 5, 5]), bytes([4, 1, 1, 1, 2, 2, 2])]
    ihdr = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + b"\0\0\0\0"
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
           + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    px = decode_png(png)
    # row 0: (10,20,30), (10+5, 20+5, 30+5); row 1 Paeth: first pixel predicts up -> +1,
    # second: a=(11,21,31), b=(15,25,35), c=(10,20,30): p=a+b-c=b -> b+2 = (17,27,37)
    assert px.tolist() == [[[10, 20, 30], [15, 25, 35]], [[11, 21, 31], [17, 27, 37]]]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    name = "keras_mobilenetv2_b1.pb" if (FIXTURES / "keras_mobilenetv2_b1.pb").exists() \
        else "seed.pb"
    report = macc.profile(str(FIXTURES / name))
    d = tmp_path_factory.mktemp("html")
    path = d / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return report, path, d


def run_chromium(exe, d, *args):
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={d / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def test_screenshot_shows_the_chart(page):
    exe = chromium()
    _, path, d = page
    shot = d / "shot.png"
    p = run_chromium(exe, d, f"--screenshot={shot}", "--window-size=1000,900", path.as_uri())
    assert shot.exists(), p.stderr[-2000:]
    px = decode_png(shot.read_bytes())[:, :, :3]
    assert px.shape[:2] == (900, 1000)
    colours = np.unique(px.reshape(-1, 3), axis=0)
    assert len(colours) > 200, f"only {len(colours)} colours: a blank page?"
    blue = np.all(px == BLUE, axis=2).mean()
    # the costliest op type's colour fills a good part of the treemap and the op-type bar
    assert blue > 0.05, f"palette blue covers {blue:.1%} of the screenshot"


def test_script_draws_the_tables(page):
    exe = chromium()
    report, path, d = page
    p = run_chromium(exe, d, "--dump-dom", path.as_uri())
    assert p.returncode == 0, p.stderr[-2000:]
    shown = min(len(report.nodes), 500)
    assert f"showing {shown:,} of {len(report.nodes):,} nodes" in p.stdout
    assert p.stdout.count("<tr>") >= shown + len(report.by_op)
