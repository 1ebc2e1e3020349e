"""Human-friendly numbers: 7425 -> "7.43 k", 4_090_000_000 -> "4.09 G"; exact ones with commas."""

from __future__ import annotations

_SUFFIXES = ("", "k", "M", "G", "T", "P", "E")


def human(n: int) -> str:
    """Three significant digits, rounded half up, and an SI suffix (k = 10^3, M = 10^6,
    G = 10^9, ...). Below 1000 the integer itself. Integer arithmetic: no float rounding surprises
    (7425 -> "7.43 k")."""
    n = int(n)
    if n < 0:
        return "-" + human(-n)
    if n < 1000:
        return str(n)
    i = 1
    while n >= 1000 ** (i + 1) and i < len(_SUFFIXES) - 1:
        i += 1
    while True:
        scale = 1000 ** i
        for digits in (2, 1, 0):   # three significant digits: the first rounding below 1000 wins
            q = (2 * n * 10 ** digits + scale) // (2 * scale)   # n / scale, rounded half up
            if q < 1000:
                break
        if q >= 1000 and i < len(_SUFFIXES) - 1:
            i += 1          # 999,999 -> "1.00 M", not "1000 k"
            continue
        break
    text = str(q) if digits == 0 else f"{q // 10 ** digits}.{q % 10 ** digits:0{digits}d}"
    return f"{text} {_SUFFIXES[i]}"


def exact(n: int) -> str:
    return f"{n:,}"


def number(n: int, exact_numbers: bool = False) -> str:
    return exact(n) if exact_numbers else human(n)


def percent(share: float) -> str:
    """0.8398 -> "84.0 %"; anything above 0 but below 0.05 % shows as "<0.1 %"."""
    if share <= 0:
        return "0 %"
    if share < 0.0005:
        return "<0.1 %"
    return f"{share * 100:.1f} %"
