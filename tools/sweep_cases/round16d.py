# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 16d: KerasHub (0.32) task models on small ResNet and MiT encoders, frozen at batch 1
and at an unknown batch on 64×64 images: RetinaNet (a feature pyramid, box and class heads on
three levels, and with ``decode_predictions`` its anchor decoding and non-max suppression),
DeepLabV3 (atrous spatial pyramid pooling, bilinear upsampling), SegFormer and an image
classifier head."""

import keras_hub as H

from .round16v import image_case

M = H.models
SIZE = 64


def _resnet():
    return M.ResNetBackbone(input_conv_filters=[64], input_conv_kernel_sizes=[7], stackwise_num_filters=[64, 32, 32, 32], stackwise_num_blocks=[1, 1, 1, 1], stackwise_num_strides=[1, 2, 2, 2], block_type="basic_block", image_shape=(SIZE, SIZE, 3))


def _mit():
    return M.MiTBackbone(layerwise_depths=[1, 1], num_layers=2, layerwise_num_heads=[1, 2], layerwise_sr_ratios=[4, 2], max_drop_path_rate=0.0, layerwise_patch_sizes=[7, 3], layerwise_strides=[4, 2], image_shape=(SIZE, SIZE, 3), hidden_dims=[16, 32])


def _retinanet():
    return M.RetinaNetObjectDetector(backbone=M.RetinaNetBackbone(image_encoder=_resnet(), min_level=3, max_level=5, use_p5=False, image_shape=(SIZE, SIZE, 3)), num_classes=3)


TASKS = {
    "retinanet": (_retinanet, lambda m, x: m(x, training=False)),
    "retinanet_nms": (_retinanet, lambda m, x: m.decode_predictions(m(x, training=False), x)),
    "deeplabv3": (lambda: M.DeepLabV3ImageSegmenter(backbone=M.DeepLabV3Backbone(image_encoder=_resnet(), spatial_pyramid_pooling_key="P4", upsampling_size=4, dilation_rates=[2, 4], low_level_feature_key="P2", image_shape=(SIZE, SIZE, 3)), num_classes=3), lambda m, x: m(x, training=False)),
    "segformer": (lambda: M.SegFormerImageSegmenter(backbone=M.SegFormerBackbone(image_encoder=_mit(), projection_filters=16), num_classes=3), lambda m, x: m(x, training=False)),
    "classifier": (lambda: M.ResNetImageClassifier(backbone=_resnet(), num_classes=5, activation="softmax"), lambda m, x: m(x, training=False)),
}


def cases():
    out = []
    for name, (make, call) in TASKS.items():
        out += image_case(f"khd_{name}", make, SIZE, call)
    return out
