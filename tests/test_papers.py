"""Paper check: MACCs of the frozen Keras MobileNets (v1 and v2, alpha 1.0, 224×224, batch 1,
weights=None; tests/fixtures/keras_mobilenet*_b1.pb from tools/fixtures/keras.py) against the
papers' Mult-Adds, and against the architecture tables recomputed by hand.

Keras's MobileNet v1 ends in a 1×1 convolution (conv_preds, 1024→1000): that is exactly the
paper's FC layer, so macc's total (convolutions + classifier) is what the paper's 569 M counts.
MobileNetV2 ends in a Dense layer (MatMul 1280→1000), also counted by the paper.
"""

import macc
from conftest import FIXTURES


def mobilenet_v1_maccs():
    """Howard et al. 2017, Table 1: conv 3×3/2 then 13 depthwise-separable blocks, then FC."""
    h, total = 112, 112 * 112 * 3 * 3 * 3 * 32
    blocks = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1),
              (256, 512, 2)] + [(512, 512, 1)] * 5 + [(512, 1024, 2), (1024, 1024, 1)]
    for cin, cout, s in blocks:
        h //= s
        total += h * h * 3 * 3 * cin  # depthwise 3×3
        total += h * h * cin * cout  # pointwise 1×1
    return total + 1024 * 1000  # FC


def mobilenet_v2_maccs():
    """Sandler et al. 2018, Table 2: conv 3×3/2, bottlenecks (t, c, n, s), conv 1×1 1280, FC."""
    h, cin, total = 112, 32, 112 * 112 * 3 * 3 * 3 * 32
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                       (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(n):
            hid = cin * t
            if t != 1:
                total += h * h * cin * hid  # expand 1×1 at the input resolution
            h = h // s if i == 0 else h
            total += h * h * 3 * 3 * hid  # depthwise 3×3
            total += h * h * hid * c  # project 1×1
            cin = c
    return total + 7 * 7 * 320 * 1280 + 1280 * 1000  # last conv 1×1, FC


def test_mobilenet_v1_569m():
    r = macc.profile(str(FIXTURES / "keras_mobilenet_b1.pb"))
    assert r.totals.maccs == mobilenet_v1_maccs()  # 568,740,352
    # the paper: 569 Million Mult-Adds (568.74 M to the nearest million)
    assert round(r.totals.maccs / 1e6) == 569


def test_mobilenet_v2_300m():
    r = macc.profile(str(FIXTURES / "keras_mobilenetv2_b1.pb"))
    assert r.totals.maccs == mobilenet_v2_maccs()  # 300,774,272
    # The paper says 300 M MAdds; we measure 300.77 M (= its Table 2 by hand, above). Our reading:
    # it cuts off at the million rather than rounding (to the nearest it would say 301; without the
    # FC layer the count is 299.49 M, which no rounding makes 300 either; the v1 paper's 569 for
    # 568.74 M is rounded to the nearest). So compare at this paper's truncation.
    assert int(r.totals.maccs / 1e6) == 300
