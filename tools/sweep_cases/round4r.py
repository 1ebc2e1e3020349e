# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 4r of the sweep: fused RNN kernels (LSTMBlockCell, BlockLSTM(V2), GRUBlockCell, CudnnRNN
v1–v3 and the cuDNN parameter ops), audio (AudioSpectrogram, Mfcc, DecodeWav/EncodeWav), sampling
(Multinomial, RandomShuffle, RandomGamma, RandomPoissonV2, ParameterizedTruncatedNormal,
SampleDistortedBoundingBox), legacy quantized ops, CTC, InTopK, HistogramFixedWidth,
MatrixSquareRoot, ImageProjectiveTransform, image encoders, CropAndResizeGradImage and the legacy
Stack. TF1 graph mode; every output is fed to a Mul (through a cast, a Dequantize or a string
length) so that a wrong shape shows in the counts as well as in the shape comparison."""

import tensorflow as tf

from .raw import _add_shapes, c, graph

v1 = tf.compat.v1
R = tf.raw_ops


def _f(*ts):
    """Every tensor times 2 as float; quantized tensors are dequantized, strings measured."""
    out = []
    for t in ts:
        if t.dtype in (tf.quint8, tf.qint8, tf.qint32):
            t = R.Dequantize(input=t, min_range=-1.0, max_range=1.0)
        elif t.dtype == tf.string:
            t = tf.strings.length(t)
        out.append(tf.cast(t, tf.float32) * 2.0)
    return out


def _lstm_cell(x, h):
    # x: [B, 5], h: [B, 3]
    w, v, b = c(8, 12), c(3, seed=1), c(12, seed=2)
    a = R.LSTMBlockCell(x=x, cs_prev=h, h_prev=h, w=w, wci=v, wcf=v, wco=v, b=b)
    p = R.LSTMBlockCell(x=x, cs_prev=h, h_prev=h, w=w, wci=v, wcf=v, wco=v, b=b, use_peephole=True, cell_clip=0.0, forget_bias=0.5)
    return _f(*a, *p)


def _block_lstm(x, h):
    # x: [T, B, 5], h: [B, 3]
    w, v, b = c(8, 12), c(3, seed=1), c(12, seed=2)
    n = tf.constant(4, tf.int64)
    a = R.BlockLSTM(seq_len_max=n, x=x, cs_prev=h, h_prev=h, w=w, wci=v, wcf=v, wco=v, b=b)
    b2 = R.BlockLSTMV2(seq_len_max=n, x=x, cs_prev=h, h_prev=h, w=w, wci=v, wcf=v, wco=v, b=b, use_peephole=True)
    b3 = R.BlockLSTMV2(seq_len_max=n, x=x, cs_prev=h, h_prev=h, w=w, wci=v, wcf=v, wco=v, b=b, cell_clip=2.0)
    return _f(*a, *b2, *b3)


def _gru_cell(x, h):
    g = R.GRUBlockCell(x=x, h_prev=h, w_ru=c(8, 6), w_c=c(8, 3, seed=1), b_ru=c(6, seed=2), b_c=c(3, seed=3))
    return _f(*g)


def _cudnn(x, h):
    # x: [T, B, 5] time-major, h: [layers·dirs, B, 3]; params sized by CudnnRNNParamsSize
    outs = []
    for mode in ("lstm", "gru", "rnn_tanh", "rnn_relu"):
        for d in ("unidirectional", "bidirectional"):
            n = R.CudnnRNNParamsSize(num_layers=1, num_units=3, input_size=5, T=tf.float32, S=tf.int32, rnn_mode=mode, direction=d)
            p = tf.zeros(n)
            outs += list(R.CudnnRNN(input=x, input_h=h, input_c=h, params=p, rnn_mode=mode, direction=d, is_training=False))[:3]
            outs += list(R.CudnnRNNV2(input=x, input_h=h, input_c=h, params=p, rnn_mode=mode, direction=d))[:3]
    return _f(*outs)


def _cudnn_v3(x, h, lens):
    # x: [B, T, 5] batch-major, h: [2, B, 3]
    p = tf.zeros([100])
    a = R.CudnnRNNV3(input=x, input_h=h, input_c=h, params=p, sequence_lengths=lens, time_major=False, is_training=False)
    b = R.CudnnRNNV3(input=tf.transpose(x, [1, 0, 2]), input_h=h, input_c=h, params=p, sequence_lengths=lens, rnn_mode="gru")
    cc = R.CudnnRNNV3(input=x, input_h=h, input_c=h, params=p, sequence_lengths=lens, time_major=False, direction="bidirectional")
    return _f(*list(a)[:3], *list(b)[:3], *list(cc)[:1])


def _cudnn_configs(x, lens):
    # x: [T=7, B, 3] time-major. skip_input (input width = units = 3), dropout between two
    # layers in training, LSTM projections (num_proj 2 of 3 units; batch-major bidirectional too),
    # each forward with its backprop
    p = tf.zeros([200])
    h1, h2 = tf.zeros([1, tf.shape(x)[1], 3]), tf.zeros([2, tf.shape(x)[1], 3])
    hp, cp = tf.zeros([1, tf.shape(x)[1], 2]), tf.zeros([1, tf.shape(x)[1], 3])
    xb = tf.transpose(x, [1, 0, 2])
    hb, cb = tf.zeros([tf.shape(x)[1], 2, 2]), tf.zeros([tf.shape(x)[1], 2, 3])
    outs = []
    for mode in ("lstm", "gru"):
        f = R.CudnnRNN(input=x, input_h=h1, input_c=h1, params=p, rnn_mode=mode, input_mode="skip_input")
        b = R.CudnnRNNBackprop(input=x, input_h=h1, input_c=h1, params=p, output=f.output, output_h=f.output_h, output_c=f.output_c, output_backprop=f.output, output_h_backprop=f.output_h, output_c_backprop=f.output_c, reserve_space=f.reserve_space, rnn_mode=mode, input_mode="skip_input")
        outs += list(f)[:3] + list(b)
    f = R.CudnnRNNV2(input=x, input_h=h2, input_c=h2, params=p, rnn_mode="rnn_tanh", dropout=0.5)
    b = R.CudnnRNNBackpropV2(input=x, input_h=h2, input_c=h2, params=p, output=f.output, output_h=f.output_h, output_c=f.output_c, output_backprop=f.output, output_h_backprop=f.output_h, output_c_backprop=f.output_c, reserve_space=f.reserve_space, host_reserved=f.host_reserved, rnn_mode="rnn_tanh", dropout=0.5)
    outs += list(f)[:2] + list(b)
    for xi, hi, ci, kw in ((x, hp, cp, {}), (xb, hb, cb, {"time_major": False, "direction": "bidirectional"})):
        f = R.CudnnRNNV3(input=xi, input_h=hi, input_c=ci, params=p, sequence_lengths=lens, num_proj=2, **kw)
        b = R.CudnnRNNBackpropV3(input=xi, input_h=hi, input_c=ci, params=p, sequence_lengths=lens, output=f.output, output_h=f.output_h, output_c=f.output_c, output_backprop=f.output, output_h_backprop=f.output_h, output_c_backprop=f.output_c, reserve_space=f.reserve_space, host_reserved=f.host_reserved, num_proj=2, **kw)
        outs += list(f)[:3] + list(b)
    return _f(*outs)


def _cudnn_params(x):
    ws = [c(3, 5, seed=i) for i in range(4)] + [c(3, 3, seed=i) for i in range(4)]
    bs = [c(3, seed=i) for i in range(8)]
    p = R.CudnnRNNCanonicalToParams(num_layers=1, num_units=3, input_size=5, weights=ws, biases=bs)
    p2 = R.CudnnRNNCanonicalToParamsV2(num_layers=1, num_units=3, input_size=5, weights=ws, biases=bs)
    wc = R.CudnnRNNParamsToCanonical(num_layers=1, num_units=3, input_size=5, params=p, num_params=8)
    return _f(p, p2, *wc.weights, *wc.biases, x)


def _audio(s):
    # s: [samples, channels]
    sp = R.AudioSpectrogram(input=s, window_size=64, stride=32, magnitude_squared=True)
    sp2 = R.AudioSpectrogram(input=s, window_size=48, stride=20)
    m = R.Mfcc(spectrogram=sp, sample_rate=16000, dct_coefficient_count=13)
    m2 = R.Mfcc(spectrogram=sp2, sample_rate=8000, upper_frequency_limit=3000.0, lower_frequency_limit=50.0, filterbank_channel_count=20, dct_coefficient_count=10)
    return _f(sp, sp2, m, m2)


def _wav(contents):
    a, r = R.DecodeWav(contents=contents, desired_channels=1, desired_samples=800)
    a2, r2 = R.DecodeWav(contents=contents)
    e = R.EncodeWav(audio=a, sample_rate=r)
    sp = R.AudioSpectrogram(input=a, window_size=64, stride=32)
    m = R.Mfcc(spectrogram=sp, sample_rate=r)  # the speech-commands wiring: rate from the file
    return _f(a, r, a2, r2, e, sp, m)


def _sampling(logits):
    # logits: [B, 5]
    seed = tf.constant([1, 2], tf.int64)
    m = R.Multinomial(logits=logits, num_samples=7)
    m2 = R.StatelessMultinomial(logits=logits, num_samples=3, seed=seed)
    m3 = v1.multinomial(logits, tf.shape(logits)[0])
    sh = R.RandomShuffle(value=logits)
    g = R.RandomGamma(shape=[4, 2], alpha=logits + 1.0)
    g2 = tf.random.gamma(tf.shape(logits), 2.0)
    p = R.RandomPoissonV2(shape=[3], rate=logits + 1.0)
    p2 = tf.random.poisson([2, 2], [1.0, 2.0, 3.0])
    t = R.ParameterizedTruncatedNormal(shape=tf.shape(logits), means=0.0, stdevs=1.0, minvals=-1.0, maxvals=1.0)
    t2 = R.ParameterizedTruncatedNormal(shape=[4], means=[0.0] * 4, stdevs=[1.0] * 4, minvals=[-1.0] * 4, maxvals=[1.0] * 4)
    return _f(m, m2, m3, sh, g, g2, p, p2, t, t2)


def _boxes(boxes):
    # boxes: [1, N, 4]
    b1 = R.SampleDistortedBoundingBox(image_size=[8, 8, 3], bounding_boxes=boxes, min_object_covered=0.1)
    b2 = R.SampleDistortedBoundingBoxV2(image_size=[8, 8, 3], bounding_boxes=boxes, min_object_covered=0.1)
    b3 = tf.image.stateless_sample_distorted_bounding_box([8, 8, 3], boxes, seed=[1, 2], min_object_covered=0.1)
    return _f(*b1, *b2, *b3)


def _quantized(x, m):
    # x: [B, 8, 8, 3], m: [B, 5]
    q = R.QuantizeV2(input=x, min_range=-1.0, max_range=1.0, T=tf.quint8)
    f = R.QuantizeV2(input=c(3, 3, 3, 4), min_range=-1.0, max_range=1.0, T=tf.quint8)
    conv = R.QuantizedConv2D(input=q.output, filter=f.output, min_input=q.output_min, max_input=q.output_max, min_filter=f.output_min, max_filter=f.output_max, strides=[1, 2, 2, 1], padding="SAME")
    conv2 = R.QuantizedConv2D(input=q.output, filter=f.output, min_input=q.output_min, max_input=q.output_max, min_filter=f.output_min, max_filter=f.output_max, strides=[1, 1, 1, 1], padding="VALID", dilations=[1, 2, 2, 1])
    qm = R.QuantizeV2(input=m, min_range=-1.0, max_range=1.0, T=tf.quint8)
    w = R.QuantizeV2(input=c(5, 7), min_range=-1.0, max_range=1.0, T=tf.quint8)
    mm = R.QuantizedMatMul(a=qm.output, b=w.output, min_a=qm.output_min, max_a=qm.output_max, min_b=w.output_min, max_b=w.output_max)
    wt = R.QuantizeV2(input=c(7, 5), min_range=-1.0, max_range=1.0, T=tf.quint8)
    mmt = R.QuantizedMatMul(a=qm.output, b=wt.output, min_a=qm.output_min, max_a=qm.output_max, min_b=wt.output_min, max_b=wt.output_max, transpose_b=True)
    qb = R.QuantizeV2(input=c(4), min_range=-1.0, max_range=1.0, T=tf.quint8)
    q8 = R.QuantizeDownAndShrinkRange(input=conv.output, input_min=conv.min_output, input_max=conv.max_output, out_type=tf.quint8)
    ba = R.QuantizedBiasAdd(input=q8.output, bias=qb.output, min_input=q8.output_min, max_input=q8.output_max, min_bias=qb.output_min, max_bias=qb.output_max, out_type=tf.qint32)
    rr = R.RequantizationRange(input=ba.output, input_min=ba.min_out, input_max=ba.max_out)
    rq = R.Requantize(input=ba.output, input_min=ba.min_out, input_max=ba.max_out, requested_output_min=rr.output_min, requested_output_max=rr.output_max, out_type=tf.quint8)
    relu = R.QuantizedRelu(features=rq.output, min_features=rq.output_min, max_features=rq.output_max)
    relu6 = R.QuantizedRelu6(features=rq.output, min_features=rq.output_min, max_features=rq.output_max)
    cat = R.QuantizedConcat(concat_dim=3, values=[relu.activations, relu6.activations], input_mins=[relu.min_activations, relu6.min_activations], input_maxes=[relu.max_activations, relu6.max_activations])
    rs = R.QuantizedReshape(tensor=cat.output, shape=[-1, 8], input_min=cat.output_min, input_max=cat.output_max)
    return _f(conv.output, conv.min_output, conv2.output, mm.out, mmt.out, q8.output, ba.output, rr.output_min, rq.output, relu.activations, relu6.activations, cat.output, rs.output)


def _ctc(logits, lens):
    # logits: [T, B, 6], lens: [B]
    d = R.CTCGreedyDecoder(inputs=logits, sequence_length=lens, merge_repeated=True)
    bs = R.CTCBeamSearchDecoder(inputs=logits, sequence_length=lens, beam_width=4, top_paths=2)
    idx = tf.constant([[0, 0], [0, 1]], tf.int64)
    loss = R.CTCLoss(inputs=logits, labels_indices=idx, labels_values=tf.constant([1, 2]), sequence_length=lens, ignore_longer_outputs_than_inputs=True)
    return _f(*d, *bs.decoded_indices, *bs.decoded_values, *bs.decoded_shape, bs.log_probability, *loss)


def _eval(p, t):
    # p: [B, 5], t: [B] int32
    k2 = R.InTopKV2(predictions=p, targets=t, k=2)
    k1 = R.InTopK(predictions=p, targets=t, k=1)
    h = R.HistogramFixedWidth(values=p, value_range=[0.0, 1.0], nbins=10)
    h2 = tf.histogram_fixed_width(p, [0.0, 1.0], nbins=tf.shape(p)[0] + 3)
    return _f(k2, k1, h, h2)


def _sqrtm(a):
    return _f(R.MatrixSquareRoot(input=a))


def _project(x):
    # x: [B, 8, 8, 3]
    tr = tf.constant([[1.0, 0.1, 0.5, -0.1, 1.0, 0.2, 0.0, 0.0]])
    a = R.ImageProjectiveTransformV3(images=x, transforms=tr, output_shape=[8, 8], fill_value=0.0, interpolation="BILINEAR")
    b = R.ImageProjectiveTransformV3(images=x, transforms=tr, output_shape=[5, 6], fill_value=0.0, interpolation="NEAREST", fill_mode="REFLECT")
    cc = R.ImageProjectiveTransformV2(images=x, transforms=tr, output_shape=tf.shape(x)[1:3], interpolation="BILINEAR")
    return _f(a, b, cc)


def _encode(img):
    # img: [8, 8, 3] uint8
    return _f(R.EncodePng(image=img), R.EncodeJpeg(image=img), tf.io.encode_jpeg(img, quality=50))


def _crop_grad(g):
    # g: [N, 5, 5, 3]
    n = tf.shape(g)[0]
    boxes = tf.zeros(tf.stack([n, 4]))
    ind = tf.zeros(tf.stack([n]), tf.int32)
    a = R.CropAndResizeGradImage(grads=g, boxes=boxes, box_ind=ind, image_size=[2, 8, 8, 3], T=tf.float32)
    b = R.CropAndResizeGradImage(grads=g, boxes=boxes, box_ind=ind, image_size=[1, 6, 7, 3], T=tf.float32, method="nearest")
    return _f(a, b)


def _stack(x):
    h = R.Stack(elem_type=tf.float32, stack_name="s")
    p = R.StackPush(handle=h, elem=x)
    q = R.StackPop(handle=h, elem_type=tf.float32)
    with tf.control_dependencies([q]):
        cl = R.StackClose(handle=h)
    with tf.control_dependencies([cl]):
        return _f(p, q, x)


def _cases(B):
    return {
        "lstm_cell": graph(_lstm_cell, [B, 5], [B, 3]),
        "block_lstm": graph(_block_lstm, [6, B, 5], [B, 3]),
        "block_lstm_t": graph(_block_lstm, [None, B, 5], [B, 3]),
        "gru_cell": graph(_gru_cell, [B, 5], [B, 3]),
        "cudnn": graph(_cudnn, [7, B, 5], [1, B, 3]),
        "cudnn_bi": graph(_cudnn, [7, B, 5], [2, B, 3]),
        "cudnn_v3": graph(_cudnn_v3, [B, 7, 5], [2, B, 3], [B], dtypes={2: tf.int32}),
        "cudnn_params": graph(_cudnn_params, [B, 3]),
        "cudnn_configs": graph(_cudnn_configs, [7, B, 3], [B], dtypes={1: tf.int32}),
        "audio": graph(_audio, [1000, 2] if B else [None, 2]),
        "wav": graph(_wav, [], dtypes={0: tf.string}),
        "sampling": graph(_sampling, [B, 5]),
        "boxes": graph(_boxes, [1, B, 4]),
        "quantized": graph(_quantized, [B, 8, 8, 3], [B, 5]),
        "ctc": graph(_ctc, [6, B, 6], [B], dtypes={1: tf.int32}),
        "eval": graph(_eval, [B, 5], [B], dtypes={1: tf.int32}),
        "sqrtm": graph(_sqrtm, [B, 4, 4]),
        "project": graph(_project, [B, 8, 8, 3]),
        "encode": graph(_encode, [8, 8, 3], dtypes={0: tf.uint8}),
        "crop_grad": graph(_crop_grad, [B, 5, 5, 3]),
        "stack": graph(_stack, [B, 4]),
    }


def cases():
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r4r_{k}_{bname}", v))
            out.append((f"r4r_{k}_{bname}_shapes", _add_shapes(v)))
    return out
