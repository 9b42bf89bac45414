package dev.mia.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.mia.core.tensor.OwnedScalar;

/** Numerically stable elementary functions over NDArrays, for this package only. */
final class Stable {
  /** Exponents are clamped here so that exp stays finite in float32 (about 5.5e34). */
  static final double EXP_CAP = 80.0;

  private Stable() {}

  /** {@code log sigmoid(x) = -softplus(-x)}; finite for every finite x. */
  static NDArray logSigmoid(NDArray x) {
    return Activation.softPlus(x.neg()).neg();
  }

  /** {@code -log sigmoid(x) = softplus(-x)}. */
  static NDArray negLogSigmoid(NDArray x) {
    return Activation.softPlus(x.neg());
  }

  /** {@code exp(min(x, 80))}. */
  static NDArray cappedExp(NDArray x) {
    return x.minimum(OwnedScalar.of(x, EXP_CAP)).exp();
  }
}
