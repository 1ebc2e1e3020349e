# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 16v: KerasHub (0.32) vision backbones with tiny configs, frozen at batch 1 and at an
unknown batch on NHWC images: ViT and DeiT (class and distillation tokens), DINOv2 (register
tokens, layer scale, position embeddings interpolated to the image), Swin (shifted windows),
MiT (SegFormer's efficient attention with spatial reduction), ResNet (basic and bottleneck
blocks, v1 and pre-activation), VGG and DenseNet."""

import keras_hub as H
import tensorflow as tf

from .kfreeze import frozen_pair

M = H.models


def image_case(name, make, size, call=lambda model, x: model(x, training=False)):
    """(name_b1, name_bN): ``call(model, images)`` frozen on [batch, size, size, 3] images at
    batch 1 and at an unknown batch."""
    return frozen_pair(name, make,
                       lambda batch: [tf.TensorSpec([batch, size, size, 3], tf.float32, name="images")],
                       call)


BACKBONES = {
    "vit": (lambda: M.ViTBackbone(image_shape=(32, 32, 3), patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64), 32),
    "deit": (lambda: M.DeiTBackbone(image_shape=(32, 32, 3), patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, intermediate_dim=64), 32),
    "dinov2": (lambda: M.DINOV2Backbone(patch_size=8, num_layers=2, hidden_dim=32, num_heads=2, intermediate_dim=64, num_register_tokens=2, image_shape=(32, 32, 3), position_embedding_shape=(48, 48, 3)), 32),
    "swin": (lambda: M.SwinTransformerBackbone(image_shape=(32, 32, 3), embed_dim=16, depths=[2, 2], num_heads=[2, 4], window_size=4), 32),
    "mit": (lambda: M.MiTBackbone(layerwise_depths=[1, 1], num_layers=2, layerwise_num_heads=[1, 2], layerwise_sr_ratios=[4, 2], max_drop_path_rate=0.0, layerwise_patch_sizes=[7, 3], layerwise_strides=[4, 2], image_shape=(32, 32, 3), hidden_dims=[16, 32]), 32),
    "resnet_basic": (lambda: M.ResNetBackbone(input_conv_filters=[64], input_conv_kernel_sizes=[7], stackwise_num_filters=[64, 32], stackwise_num_blocks=[2, 2], stackwise_num_strides=[1, 2], block_type="basic_block", image_shape=(32, 32, 3)), 32),
    "resnet_bottleneck": (lambda: M.ResNetBackbone(input_conv_filters=[64], input_conv_kernel_sizes=[7], stackwise_num_filters=[64, 32], stackwise_num_blocks=[2, 2], stackwise_num_strides=[1, 2], block_type="bottleneck_block", image_shape=(32, 32, 3)), 32),
    "resnet_preact": (lambda: M.ResNetBackbone(input_conv_filters=[64], input_conv_kernel_sizes=[7], stackwise_num_filters=[64, 32], stackwise_num_blocks=[2, 2], stackwise_num_strides=[1, 2], block_type="basic_block", use_pre_activation=True, image_shape=(32, 32, 3)), 32),
    "vgg": (lambda: M.VGGBackbone(stackwise_num_repeats=[1, 2], stackwise_num_filters=[8, 16], image_shape=(32, 32, 3)), 32),
    "densenet": (lambda: M.DenseNetBackbone(stackwise_num_repeats=[2, 2], image_shape=(32, 32, 3), growth_rate=8), 32),
}


def cases():
    out = []
    for name, (make, size) in BACKBONES.items():
        out += image_case(f"khv_{name}", make, size)
    return out
