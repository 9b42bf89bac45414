package dev.mia.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.tensor.PerTokenLogProbs;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The non-finite input check of {@link DpoLoss#compute} ({@link NonFiniteInputs#THROW}): one sum of
 * every input and one scalar copy when every input is finite; per-element flags and a copy of the
 * offending array to the host only when that sum is not finite, to name the pair.
 */
final class NonFiniteCheck {
  private NonFiniteCheck() {}

  static void check(PreferenceLogProbs inputs, boolean sftTokens) {
    PerTokenLogProbs tokens = sftTokens ? inputs.chosenTokens() : null;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      List<String> names = new ArrayList<>();
      List<NDArray> arrays = new ArrayList<>();
      add(names, arrays, "policyChosen", inputs.policyChosen());
      add(names, arrays, "policyRejected", inputs.policyRejected());
      add(names, arrays, "referenceChosen", inputs.referenceChosen());
      add(names, arrays, "referenceRejected", inputs.referenceRejected());
      add(names, arrays, "chosenLengths", inputs.chosenLengths());
      add(names, arrays, "rejectedLengths", inputs.rejectedLengths());
      add(names, arrays, "pairWeights", inputs.pairWeights());
      add(names, arrays, "rewardMargins", inputs.rewardMargins());
      add(names, arrays, "policyChosenCorrupted", inputs.policyChosenCorrupted());
      add(names, arrays, "referenceChosenCorrupted", inputs.referenceChosenCorrupted());
      NDArray tokenValues = tokens == null ? null : asFloat(tokens.values());
      NDArray countedTokens = null;
      if (tokens != null && tokenValues != null) {
        countedTokens = NDArrays.where(tokens.mask().neq(0), tokenValues, tokenValues.zerosLike());
      }
      // Fast path: a NaN or infinity anywhere makes the sum of everything non-finite (a finite
      // sum proves every input finite); a sum that overflows only sends us to the exact check.
      NDArray sum = countedTokens == null ? null : countedTokens.sum();
      for (NDArray array : arrays) {
        sum = sum == null ? array.sum() : sum.add(array.sum());
      }
      if (sum == null || Double.isFinite(sum.toType(DataType.FLOAT64, false).getDouble())) {
        return;
      }
      List<NDArray> bad = new ArrayList<>();
      for (NDArray array : arrays) {
        bad.add(array.isNaN().logicalOr(array.isInfinite()));
      }
      NDArray tokenFlags = null;
      if (countedTokens != null && tokens != null && tokenValues != null) {
        NDArray values = tokenValues;
        tokenFlags = tokens.mask().neq(0).logicalAnd(values.isNaN().logicalOr(values.isInfinite()));
      }
      for (int k = 0; k < bad.size(); k++) {
        boolean[] flags = bad.get(k).toBooleanArray();
        for (int i = 0; i < flags.length; i++) {
          if (flags[i]) {
            double value = arrays.get(k).get(i).toType(DataType.FLOAT64, false).getDouble();
            throw error(i, names.get(k) + " is " + value);
          }
        }
      }
      if (tokenFlags != null && tokenValues != null) {
        long width = tokenFlags.getShape().get(1);
        boolean[] flags = tokenFlags.toBooleanArray();
        for (int j = 0; j < flags.length; j++) {
          if (flags[j]) {
            int pair = (int) (j / width);
            int token = (int) (j % width);
            double value = tokenValues.get(pair, token).toType(DataType.FLOAT64, false).getDouble();
            throw error(pair, "chosenTokens is " + value + " at token " + token);
          }
        }
      }
    }
  }

  private static NonFiniteValueException error(int pair, String what) {
    return new NonFiniteValueException(
        "pair "
            + pair
            + ": "
            + what
            + " (DpoLoss.Builder.nonFiniteInputs(PROPAGATE) turns this check off)");
  }

  private static void add(
      List<String> names, List<NDArray> arrays, String name, @Nullable NDArray array) {
    NDArray values = array == null ? null : asFloat(array);
    if (values != null) {
      names.add(name);
      arrays.add(values);
    }
  }

  /**
   * The array itself if float16/32/64; bfloat16 (which DJL reports as UNKNOWN from TorchScript)
   * converted to float32, since native ops on it can end the JVM; null for integer types, which
   * cannot be non-finite.
   */
  private static @Nullable NDArray asFloat(NDArray array) {
    DataType type = array.getDataType();
    if (type == DataType.FLOAT32 || type == DataType.FLOAT64 || type == DataType.FLOAT16) {
      return array;
    }
    if (type == DataType.BFLOAT16 || type == DataType.UNKNOWN) {
      return array.toType(DataType.FLOAT32, false);
    }
    return null;
  }
}
