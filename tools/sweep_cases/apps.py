"""Keras applications, weights=None, small inputs."""

import keras

from .kfreeze import both

A = keras.applications
APPS = {
    "xception": (A.Xception, 71), "vgg16": (A.VGG16, 32), "vgg19": (A.VGG19, 32),
    "resnet50v2": (A.ResNet50V2, 32), "resnet101": (A.ResNet101, 32),
    "densenet121": (A.DenseNet121, 32), "nasnetmobile": (A.NASNetMobile, 32),
    "mobilenetv3small": (A.MobileNetV3Small, 32), "mobilenetv3large": (A.MobileNetV3Large, 32),
    "efficientnetv2b0": (A.EfficientNetV2B0, 32), "convnexttiny": (A.ConvNeXtTiny, 32),
    "inceptionresnetv2": (A.InceptionResNetV2, 75),
}


def cases():
    out = []
    for name, (ctor, size) in APPS.items():
        out += both(name, lambda c=ctor, s=size: c(weights=None, input_shape=(s, s, 3)), (size, size, 3))
    return out
