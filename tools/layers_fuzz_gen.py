"""Random valid layer specs for tools/layers_fuzz.py (no TensorFlow here).

``generate(rng)`` returns a spec dict: an ``Input`` (image [h, w, c], sequence [t, d], vector
[d], volume [d, h, w, c] or int32 token ids [t]) and 2 to 8 layers, each picked among the kinds
that take the current tensor, with random fields; every layer is named (``l0``, ``l1``, ...) so
that macc's table rows and the Keras layers share paths. Sizes are small (the recurrent layers
are unrolled, and TF profiles each spec twice). The spec's ``width`` is random too.
"""

from __future__ import annotations

import math

ACTS = ["relu", "relu6", "sigmoid", "tanh", "elu", "selu", "softplus", "softsign", "swish",
        "hard_sigmoid", "hard_swish", "gelu", "gelu_tanh"]


def _out(size, k, s, pad, d=1):
    """A window's output length, Keras's rule (None: empty)."""
    if pad == "same":
        return -(-size // s)
    eff = (k - 1) * d + 1
    return (size - eff) // s + 1 if size >= eff else None


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.n = 0
        self.width = 1.0
        self.blocks = {}

    def name(self):
        self.n += 1
        return f"l{self.n}"

    def act(self, p=0.4):
        return self.r.choice(ACTS) if self.r.random() < p else None

    def filters(self, f):
        return max(1, int(f * self.width))

    # ---- image [h, w, c] -----------------------------------------------------------------------
    def image(self, s):  # noqa: C901 - one branch per kind
        r, (h, w, c) = self.r, s
        kind = r.choice(["conv", "conv", "dw", "sep", "convT", "pool", "gpool", "bn", "bn", "ln",
                         "rms", "act", "pad", "crop", "up", "res", "concat", "se", "block", "drop",
                         "rescale", "scale", "dense", "flatten", "toseq", "softmax", "shuffle",
                         "padc", "sequential", "split"])
        nm = self.name()
        if kind == "split":  # Split, then a layer reading both parts by name
            if c % 2:
                return self.image(s)
            sp = self.name()
            merge = r.choice(["Concat", "Add", "Mul"])
            return ({"type": "Sequential", "name": nm, "layers": [
                {"type": "Split", "name": sp, "num_splits": 2, "axis": -1},
                {"type": merge, "name": self.name(), "inputs": [f"{sp}:1", sp]}]},
                s if merge == "Concat" else (h, w, c // 2))
        if kind == "shuffle":
            g = [g for g in (2, 3) if c % g == 0]
            if not g:
                return self.image(s)
            return {"type": "ChannelShuffle", "name": nm, "groups": r.choice(g)}, s
        if kind == "padc":
            p = r.choice([1, [1, 2]])
            return {"type": "PadChannels", "name": nm, "padding": p}, (h, w, c + (
                p if isinstance(p, int) else sum(p)))
        if kind == "sequential":
            inner, shape = [], s
            for _ in range(2):
                if len(shape) != 3:
                    break
                lay, shape = self.image(shape)
                inner.append(lay)
            return {"type": "Sequential", "name": nm, "layers": inner}, shape
        if kind in ("conv", "dw", "sep"):
            k = r.choice([1, 2, 3, (1, 3), (3, 2)])
            kh, kw = (k, k) if isinstance(k, int) else k
            dil = r.choice([1, 1, 1, 2]) if kind != "sep" or True else 1
            st = 1 if dil > 1 else r.choice([1, 1, 2, (2, 1)])
            sh, sw = (st, st) if isinstance(st, int) else st
            pad = r.choice(["same", "valid"])
            oh, ow = _out(h, kh, sh, pad, dil), _out(w, kw, sw, pad, dil)
            if not oh or not ow:
                pad, oh, ow = "same", -(-h // sh), -(-w // sw)
            d = {"type": {"conv": "Conv2D", "dw": "DepthwiseConv2D", "sep": "SeparableConv2D"}[
                kind], "name": nm, "kernel_size": list(k) if isinstance(k, tuple) else k,
                "strides": list(st) if isinstance(st, tuple) else st, "padding": pad,
                "dilation": dil, "bias": r.random() < 0.7, "activation": self.act()}
            if kind == "dw":
                d["multiplier"] = r.choice([1, 1, 2])
                return d, (oh, ow, c * d["multiplier"])
            f = r.randint(1, 8)
            d["filters"] = f
            if kind == "sep":
                d["multiplier"] = r.choice([1, 2])
                return d, (oh, ow, self.filters(f))
            g = r.choice([g for g in (1, 1, 2, 3, 4) if c % g == 0])
            if g > 1:
                f = g * r.randint(1, 3)
                d["filters"] = f
                if self.filters(f) % g:
                    d["scale_width"] = False
                d["groups"] = g
            return d, (oh, ow, self.filters(f) if d.get("scale_width", True) else f)
        if kind == "convT":
            k, st, pad = r.choice([1, 2, 3]), r.choice([1, 2]), r.choice(["same", "valid"])
            f = r.randint(1, 6)
            oh, ow = ((h * st, w * st) if pad == "same" else
                      (h * st + max(k - st, 0), w * st + max(k - st, 0)))
            return ({"type": "Conv2DTranspose", "name": nm, "filters": f, "kernel_size": k,
                     "strides": st, "padding": pad, "bias": r.random() < 0.7,
                     "activation": self.act()}, (oh, ow, self.filters(f)))
        if kind == "pool":
            p, pad = r.choice([1, 2, 3]), r.choice(["same", "valid"])
            st = r.choice([None, 1, 2])
            s_ = st or p
            oh, ow = _out(h, p, s_, pad), _out(w, p, s_, pad)
            if not oh or not ow:
                return self.image(s)
            return ({"type": r.choice(["MaxPool2D", "AvgPool2D"]), "name": nm, "pool_size": p,
                     "strides": st, "padding": pad}, (oh, ow, c))
        if kind == "gpool":
            keep = r.random() < 0.5
            return ({"type": r.choice(["GlobalAvgPool2D", "GlobalMaxPool2D"]), "name": nm,
                     "keepdims": keep}, (1, 1, c) if keep else (c,))
        lay = self.same_shape(kind, nm, c, drop=0.25)
        if lay is not None:
            return lay, s
        if kind == "scale":
            return {"type": "Scale", "name": nm}, s
        if kind == "pad":
            p = r.choice([1, [1, 2], [[0, 1], [2, 1]]])
            (t, b), (lf, rt) = _margins(p)
            return {"type": "ZeroPadding2D", "name": nm, "padding": p}, (h + t + b, w + lf + rt, c)
        if kind == "crop":
            p = r.choice([1, [1, 0], [[0, 1], [1, 0]]])
            (t, b), (lf, rt) = _margins(p)
            if t + b >= h or lf + rt >= w:
                return self.image(s)
            return {"type": "Cropping2D", "name": nm, "cropping": p}, (h - t - b, w - lf - rt, c)
        if kind == "up":
            sz = r.choice([2, [1, 2]])
            sh, sw = (sz, sz) if isinstance(sz, int) else sz
            return ({"type": "UpSampling2D", "name": nm, "size": sz,
                     "interpolation": r.choice(["nearest", "bilinear"])}, (h * sh, w * sw, c))
        if kind == "res":
            f = c
            return ({"type": "Branches", "name": nm, "merge": "add",
                     "activation": self.act(0.5),
                     "branches": [[], [{"type": "Conv2D", "name": self.name(), "filters": f,
                                        "scale_width": False, "kernel_size": 3,
                                        "padding": "same"},
                                       self.bn(self.name())]]}, s)
        if kind == "concat":
            a, b = r.randint(1, 4), r.randint(1, 4)
            return ({"type": "Branches", "name": nm, "merge": "concat",
                     "branches": [[{"type": "Conv2D", "name": self.name(), "filters": a,
                                    "kernel_size": 1}],
                                  [{"type": "Conv2D", "name": self.name(), "filters": b,
                                    "kernel_size": 3, "padding": "same"}]]},
                    (h, w, self.filters(a) + self.filters(b)))
        if kind == "se":
            sq = r.randint(1, 4)
            return ({"type": "Branches", "name": nm, "merge": "mul",
                     "branches": [[], [
                         {"type": "GlobalAvgPool2D", "name": self.name(), "keepdims": True},
                         {"type": "Conv2D", "name": self.name(), "filters": sq,
                          "scale_width": False, "kernel_size": 1, "activation": "relu"},
                         {"type": "Conv2D", "name": self.name(), "filters": c,
                          "scale_width": False, "kernel_size": 1,
                          "activation": r.choice(["sigmoid", "hard_sigmoid"])}]]}, s)
        if kind == "block":
            self.blocks["cbr"] = {"params": {"stride": 1}, "layers": [
                {"type": "Conv2D", "name": "conv", "filters": "$f", "scale_width": False,
                 "kernel_size": 3, "strides": "$stride", "padding": "same"},
                {"type": "BatchNorm", "name": "bn", "fused": r.random() < 0.5},
                {"type": "Activation", "name": "act", "function": "relu"}]}
            f, rep = r.randint(1, 6), r.randint(1, 3)
            st = r.choice([1, 2])
            oh, ow = -(-h // st), -(-w // st)
            return ({"type": "Block", "name": nm, "block": "cbr", "repeat": rep,
                     "args": {"f": f}, "first": {"stride": st}}, (oh, ow, f))
        if kind == "dense":
            u = r.randint(1, 6)
            return ({"type": "Dense", "name": nm, "units": u, "bias": r.random() < 0.7,
                     "activation": self.act()}, (h, w, u))
        if kind == "flatten":
            return {"type": "Flatten", "name": nm}, (h * w * c,)
        return {"type": "Reshape", "name": nm, "target_shape": [h * w, c]}, (h * w, c)

    # ---- sequence [t, d] -----------------------------------------------------------------------
    def sequence(self, s):  # noqa: C901
        r, (t, d) = self.r, s
        kind = r.choice(["conv1d", "conv1d", "pool1d", "gpool1d", "dense", "ln", "rms", "bn", "rnn",
                         "rnn", "bidir", "mha", "mha", "gqa", "act", "drop", "pos", "cls", "select",
                         "flatten", "toimg", "softmax", "rescale", "res"])
        nm = self.name()
        if kind == "conv1d":
            k, pad = r.randint(1, 3), r.choice(["same", "valid", "causal"])
            dil = r.choice([1, 1, 2])
            st = 1 if dil > 1 else r.choice([1, 2])
            o = t if pad == "causal" and st == 1 else (
                _out(t, k, st, "valid" if pad == "causal" else pad, dil))
            if pad == "causal" and st > 1:
                o = _out(t + (k - 1) * dil, k, st, "valid", dil)
            if not o:
                return self.sequence(s)
            g = r.choice([g for g in (1, 1, 2, 3) if d % g == 0])
            f = g * r.randint(1, 3)
            lay = {"type": "Conv1D", "name": nm, "filters": f, "kernel_size": k, "strides": st,
                   "padding": pad, "dilation": dil, "bias": r.random() < 0.7,
                   "activation": self.act()}
            if g > 1:
                lay["groups"], lay["scale_width"] = g, False
            return lay, (o, f if g > 1 else self.filters(f))
        if kind == "pool1d":
            p, pad, st = r.choice([1, 2, 3]), r.choice(["same", "valid"]), r.choice([None, 1, 2])
            o = _out(t, p, st or p, pad)
            if not o:
                return self.sequence(s)
            return ({"type": r.choice(["MaxPool1D", "AvgPool1D"]), "name": nm, "pool_size": p,
                     "strides": st, "padding": pad}, (o, d))
        if kind == "gpool1d":
            keep = r.random() < 0.3
            return ({"type": r.choice(["GlobalAvgPool1D", "GlobalMaxPool1D"]), "name": nm,
                     "keepdims": keep}, (1, d) if keep else (d,))
        if kind == "dense":
            u = r.randint(1, 8)
            return ({"type": "Dense", "name": nm, "units": u, "bias": r.random() < 0.7,
                     "activation": self.act()}, (t, u))
        lay = self.same_shape(kind, nm, d, drop=0.1)
        if lay is not None:
            return lay, s
        if kind in ("rnn", "bidir"):
            cell = self.rnn()
            if kind == "rnn":
                cell["name"] = nm
                cell["go_backwards"] = r.random() < 0.3
                u = cell["units"]
                return cell, (t, u) if cell["return_sequences"] else (u,)
            mode = r.choice(["concat", "sum", "mul", "ave"])
            u = cell["units"] * (2 if mode == "concat" else 1)
            return ({"type": "Bidirectional", "name": nm, "layer": cell, "merge_mode": mode},
                    (t, u) if cell["return_sequences"] else (u,))
        if kind == "mha":
            lay = {"type": "MultiHeadAttention", "name": nm, "num_heads": r.randint(1, 3),
                   "key_dim": r.randint(1, 4), "bias": r.random() < 0.7}
            if r.random() < 0.3:
                lay["value_dim"] = r.randint(1, 4)
            return lay, s
        if kind == "gqa":
            kv = r.randint(1, 2)
            return {"type": "GroupQueryAttention", "name": nm, "num_key_value_heads": kv,
                    "num_query_heads": kv * r.randint(1, 3), "head_dim": r.randint(1, 4),
                    "bias": r.random() < 0.7}, s
        if kind == "pos":
            ml = r.choice([None, t + r.randint(0, 3)])
            return {"type": "PositionEmbedding", "name": nm, "max_length": ml}, s
        if kind == "cls":
            return {"type": "ClassToken", "name": nm}, (t + 1, d)
        if kind == "select":
            return {"type": "SelectToken", "name": nm, "index": r.choice([0, -1, t // 2])}, (d,)
        if kind == "res":
            return ({"type": "Branches", "name": nm, "merge": r.choice(["add", "mul"]),
                     "branches": [[], [self.ln(self.name()),
                                       {"type": "Dense", "name": self.name(), "units": d,
                                        "activation": self.act()}]]}, s)
        if kind == "flatten":
            return {"type": "Flatten", "name": nm}, (t * d,)
        return {"type": "Reshape", "name": nm, "target_shape": [t, 1, d]}, (t, 1, d)

    def rnn(self):
        r = self.r
        typ = r.choice(["SimpleRNN", "LSTM", "GRU"])
        cell = {"type": typ, "units": r.randint(1, 5), "bias": r.random() < 0.8,
                "return_sequences": r.random() < 0.5}
        if r.random() < 0.3:
            cell["activation"] = r.choice(["relu", "sigmoid", "tanh"])
        if typ == "GRU":
            cell["reset_after"] = r.random() < 0.6
        return cell

    # ---- vector [d] and volume [d, h, w, c] ------------------------------------------------------
    def vector(self, s):
        r, (d,) = self.r, s
        kind = r.choice(["dense", "dense", "bn", "ln", "rms", "act", "drop", "softmax", "rescale",
                         "toseq"])
        nm = self.name()
        if kind == "dense":
            u = r.randint(1, 10)
            return ({"type": "Dense", "name": nm, "units": u, "bias": r.random() < 0.7,
                     "activation": self.act()}, (u,))
        lay = self.same_shape(kind, nm, d)
        if lay is not None:
            return lay, s
        return {"type": "Reshape", "name": nm, "target_shape": [d, 1]}, (d, 1)

    def volume(self, s):
        r, (dd, h, w, c) = self.r, s
        kind = r.choice(["conv3d", "conv3d", "pool3d", "gpool3d", "bn", "act", "toimg"])
        nm = self.name()
        if kind == "conv3d":
            k, pad = r.choice([1, 2, 3, (1, 3, 3)]), r.choice(["same", "valid"])
            dil = r.choice([1, 1, 2])
            st = 1 if dil > 1 else r.choice([1, 2, (1, 2, 2)])
            ks = (k,) * 3 if isinstance(k, int) else k
            ss = (st,) * 3 if isinstance(st, int) else st
            o = [_out(n, kk, sv, pad, dil) for n, kk, sv in zip((dd, h, w), ks, ss)]
            if not all(o):
                return self.volume(s)
            g = r.choice([g for g in (1, 1, 2) if c % g == 0])
            f = g * r.randint(1, 3)
            lay = {"type": "Conv3D", "name": nm, "filters": f,
                   "kernel_size": list(k) if isinstance(k, tuple) else k,
                   "strides": list(st) if isinstance(st, tuple) else st, "padding": pad,
                   "dilation": dil, "bias": r.random() < 0.7, "activation": self.act()}
            if g > 1:
                lay["groups"], lay["scale_width"] = g, False
            return lay, (*o, f if g > 1 else self.filters(f))
        if kind == "pool3d":
            p, pad = r.choice([1, 2, (1, 2, 2)]), r.choice(["same", "valid"])
            ps = (p,) * 3 if isinstance(p, int) else p
            o = [_out(n, kk, kk, pad) for n, kk in zip((dd, h, w), ps)]
            if not all(o):
                return self.volume(s)
            return ({"type": r.choice(["MaxPool3D", "AvgPool3D"]), "name": nm,
                     "pool_size": list(p) if isinstance(p, tuple) else p, "padding": pad},
                    (*o, c))
        if kind == "gpool3d":
            keep = r.random() < 0.3
            return ({"type": r.choice(["GlobalAvgPool3D", "GlobalMaxPool3D"]), "name": nm,
                     "keepdims": keep}, (1, 1, 1, c) if keep else (c,))
        lay = self.same_shape(kind, nm, c)
        if lay is not None:
            return lay, s
        return {"type": "Reshape", "name": nm, "target_shape": [dd * h, w, c]}, (dd * h, w, c)

    # ---- shared --------------------------------------------------------------------------------
    def same_shape(self, kind, nm, c, drop=None):
        """The layer of ``kind`` that every input rank draws and that keeps its input's shape
        (``c`` channels): BatchNorm, LayerNorm, RMSNorm, an activation, Dropout (rate ``drop``, None for
        the spec's default), Softmax or Rescaling; None for any other kind."""
        if kind == "bn":
            return self.bn(nm)
        if kind == "ln":
            return self.ln(nm)
        if kind == "rms":
            return {"type": "RMSNorm", "name": nm, "epsilon": self.r.choice([1e-6, 1e-5])}
        if kind == "act":
            return {"type": "Activation", "name": nm, "function": self.r.choice(ACTS)}
        if kind == "drop":
            return ({"type": "Dropout", "name": nm} if drop is None
                    else {"type": "Dropout", "name": nm, "rate": drop})
        if kind == "softmax":
            return {"type": "Softmax", "name": nm}
        if kind == "rescale":
            return self.rescale(nm, c)
        return None

    def bn(self, nm):
        r = self.r
        return {"type": "BatchNorm", "name": nm, "epsilon": r.choice([0.001, 1e-5]),
                "scale": r.random() < 0.8, "center": r.random() < 0.8,
                "fused": r.random() < 0.5}

    def ln(self, nm):
        r = self.r
        return {"type": "LayerNorm", "name": nm, "epsilon": r.choice([0.001, 1e-6]),
                "scale": r.random() < 0.8, "center": r.random() < 0.8}

    def rescale(self, nm, c):
        r = self.r
        scale = r.choice([0.5, [0.1 * (i + 1) for i in range(c)]])
        return {"type": "Rescaling", "name": nm, "scale": scale, "offset": r.choice([0.0, -1.0])}


def _divisible(v, d):
    """MobileNet's _make_divisible: the nearest multiple of d (at least d), one more when that
    is over 10 % below v."""
    n = max(d, int(v + d / 2) // d * d)
    return n + d if n < 0.9 * v else n


def _margins(v):
    if isinstance(v, int):
        return (v, v), (v, v)
    if isinstance(v[0], int):
        return (v[0], v[0]), (v[1], v[1])
    return tuple(v[0]), tuple(v[1])


def generate(rng) -> dict:
    g = Gen(rng)
    r = rng
    g.width = r.choice([1.0, 1.0, 0.5, 1.5, 0.75])
    divisor = r.choice([None, None, 4]) if g.width != 1.0 else None
    if divisor:
        g.filters = lambda f: _divisible(f * g.width, divisor)
    start = r.choice(["image"] * 5 + ["sequence"] * 3 + ["ids", "vector", "volume"])
    layers = []
    if start == "image":
        shape = (r.randint(3, 12), r.randint(3, 12), r.randint(1, 6))
    elif start == "sequence":
        shape = (r.randint(2, 6), r.randint(1, 6))
    elif start == "vector":
        shape = (r.randint(1, 12),)
    elif start == "volume":
        shape = (r.randint(2, 5), r.randint(3, 7), r.randint(3, 7), r.randint(1, 4))
    else:
        t = r.randint(2, 6)
        layers.append({"type": "Input", "name": "input", "shape": [t], "dtype": "int32"})
        emb = {"type": "Embedding", "name": g.name(), "input_dim": r.randint(3, 30),
               "output_dim": r.randint(1, 6)}
        layers.append(emb)
        shape = (t, emb["output_dim"])
    if not layers:
        layers.append({"type": "Input", "name": "input", "shape": list(shape)})
    for _ in range(r.randint(2, 8)):
        if math.prod(shape) > 4096:
            break
        kind = {3: "image", 2: "sequence", 1: "vector", 4: "volume"}[len(shape)]
        layer, shape = getattr(g, kind)(shape)
        layers.append(layer)
    spec = {"name": "fuzz", "batch": r.choice([1, 1, 2]), "width": g.width, "layers": layers}
    if divisor:
        spec["width_divisor"] = divisor
    if g.blocks:
        spec["blocks"] = g.blocks
    return spec
