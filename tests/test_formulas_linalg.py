"""Linear algebra and FFTs: exact counts of the textbook algorithms (macc/costs/linalg.py,
macc/costs/signal.py). TF counts 0; no MACCs."""

import numpy as np
from formula_helpers import cost, triple


def test_cholesky():
    # n = 2: l11 = sqrt(a11) (1), l21 = a21/l11 (1), l22 = sqrt(a22 − l21²) (3) = 5 = 2·3·5/6;
    # 3 matrices -> 15
    assert triple(cost("Cholesky", [(3, 2, 2)], [(3, 2, 2)])) == (15, 0, 0)
    # n = 4: 4·5·9/6 = 30
    assert cost("Cholesky", [(4, 4)], [(4, 4)]).flops == 30


def test_determinant_and_inverse():
    # lu(3): step m = 2: 2 divides + 2·4 updates = 10; m = 1: 1 + 2 = 3 -> 13 = (108−27−3)/6
    # det: 13 + 2 pivot products = 15
    assert cost("MatrixDeterminant", [(3, 3)], [()]).flops == 15
    # log|det|: 13 + 3 abs + 3 logs + 2 adds = 21
    assert cost("LogMatrixDeterminant", [(3, 3)], [(), ()]).flops == 21
    # inverse n = 2: lu 3; forward with unit L: column 1: 2, column 2: 0; back: 2 columns · 4 = 8
    # -> 13 = (32 − 4 − 2)/2
    assert cost("MatrixInverse", [(2, 2)], [(2, 2)]).flops == 13
    # n = 1: one divide
    assert cost("MatrixInverse", [(5, 1, 1)], [(5, 1, 1)]).flops == 5


def test_matrix_exponential():
    # n = 2: 6 products 6·4·3 = 72, U ± V 8, lu 3, solve 2·(8 − 2) = 12 -> 95
    assert cost("MatrixExponential", [(2, 2)], [(2, 2)]).flops == 95


def test_fft():
    # 4 complex FFTs of 8 points: 4·5·8·3 = 480
    assert triple(cost("FFT", [(4, 8)], [(4, 8)])) == (480, 0, 0)
    # FFT2D over 4×8 = 32 points, 2 of them: 2·5·32·5 = 1600
    assert cost("IFFT2D", [(2, 4, 8)], [(2, 4, 8)]).flops == 1600
    # RFFT of 8 real points (fft_length constant 8): half, 4·2.5·8·3 = 240
    c = cost("RFFT", [(4, 8), (1,)], [(4, 5)], values=[None, np.array([8])])
    assert c.flops == 240
    # IRFFT: the real output's length, 8 -> 240 again
    assert cost("IRFFT", [(4, 5), (1,)], [(4, 8)]).flops == 240
    # a non-power of two: 5·6·log2(6) = 77.55 -> 78
    assert cost("FFT", [(6,)], [(6,)]).flops == 78


def test_solves():
    # MatrixSolve n = 2, k = 3 right-hand sides: lu(2) = 3; per column forward with unit L
    # 2·1 = 2 (one multiply-subtract), back with U 2·1 + 2 divides = 4 -> 6 = 2·4 − 2;
    # 3 + 3·6 = 21 per matrix, 5 matrices -> 105
    assert triple(cost("MatrixSolve", [(5, 2, 2), (5, 2, 3)], [(5, 2, 3)])) == (105, 0, 0)
    # MatrixTriangularSolve n = 3, k = 2: per column 3 divides + 3 multiply-subtract pairs
    # (3·2/2) = 9 = 3²; 2 columns -> 18; batch [4] broadcast from [1] -> 72
    assert triple(cost("MatrixTriangularSolve", [(1, 3, 3), (4, 3, 2)], [(4, 3, 2)])) == (72, 0, 0)
    assert cost("MatrixSolve", [(None, 2, 2), (None, 2, 3)], [(None, 2, 3)]).flops is None


def test_fractional_pools():
    # x [2, 9, 7, 3], 2·3 = 6 planes. Regions tile the rows and columns (TF's sequences
    # [0,1,3,4,6,7,9] and [0,1,3,5,7]): 6·9·7 = 378 visits, 6·6·4 = 144 outputs -> 234
    # comparisons; overlapping, each region but the last takes one more row/column:
    # (9 + 4 − 1)·(7 + 4 − 1) = 120 per plane, 720 visits, 96 outputs -> 624
    x = (2, 9, 7, 3)
    assert triple(cost("FractionalMaxPool", [x], [(2, 6, 4, 3), (6,), (4,)])) == (234, 0, 0)
    c = cost("FractionalMaxPool", [x], [(2, 4, 4, 3), (4,), (4,)], {"overlapping": True})
    assert c.flops == 720 - 96
    # average: every visit is an add but the first of a region, and each region divides once:
    # the visits, (9 + 6 − 1)·(7 + 4 − 1)·6 = 840
    c = cost("FractionalAvgPool", [x], [(2, 6, 4, 3), (6,), (4,)], {"overlapping": True})
    assert c.flops == 840


def test_draw_bounding_boxes():
    # 2 images with 5 boxes each: 4 coordinates scaled per box -> 40
    c = cost("DrawBoundingBoxesV2", [(2, 8, 8, 3), (2, 5, 4), (1, 3)], [(2, 8, 8, 3)])
    assert triple(c) == (40, 0, 0)
