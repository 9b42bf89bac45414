package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes an optimiser update that leaves a weight NaN or infinite: copies the weights before the
 * update, checks them after it, and restores the copy (and clears the gradients) if any is not
 * finite. One bad batch then cannot poison every weight through Adam's moments; the caller also
 * replaces the optimiser, whose moments took the bad gradient.
 *
 * <p>It reads the weights, never the gradients on a good step: reading every gradient after each
 * backward pass made identical runs diverge (extra allocations change which MKL kernels run unless
 * {@code MKL_CBWR} is set), reading the weights once per update did not.
 *
 * <p>Close it to free the copy. Not thread-safe.
 */
public final class WeightGuard implements AutoCloseable {
  private final PairList<String, Parameter> parameters;
  private final List<NDArray> saved = new ArrayList<>();

  private WeightGuard(PairList<String, Parameter> parameters) {
    this.parameters = parameters;
    for (Pair<String, Parameter> p : parameters) {
      saved.add(p.getValue().getArray().duplicate());
    }
  }

  /**
   * Copies the weights before an update.
   *
   * @param parameters the parameters the update changes
   * @return the guard; close it
   */
  public static WeightGuard before(PairList<String, Parameter> parameters) {
    return new WeightGuard(requireNonNull(parameters, "parameters"));
  }

  /**
   * Keeps the update if every weight is finite; otherwise restores the copy and clears the
   * gradients.
   *
   * @return whether the update was kept
   */
  public boolean keepIfFinite() {
    if (allFinite(parameters)) {
      return true;
    }
    int i = 0;
    for (Pair<String, Parameter> p : parameters) {
      p.getValue().getArray().set(new NDIndex("..."), saved.get(i++));
    }
    clearGradients(parameters);
    return false;
  }

  @Override
  public void close() {
    saved.forEach(NDArray::close);
  }

  /**
   * Returns whether every weight is finite (the sum of absolute values, in float64, is finite).
   *
   * @param parameters the parameters
   * @return true if no weight is NaN or infinite
   */
  public static boolean allFinite(PairList<String, Parameter> parameters) {
    for (Pair<String, Parameter> p : parameters) {
      // every intermediate is closed: they belong to the weight's manager, which lives as long
      // as the model
      try (NDArray abs = p.getValue().getArray().abs();
          NDArray sum = abs.sum();
          NDArray wide = sum.toType(DataType.FLOAT64, false)) {
        if (!Double.isFinite(wide.getDouble())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Sets every gradient to 0 in place (DJL's {@code zeroGradients} subtracts a gradient from
   * itself, which keeps NaN).
   *
   * @param parameters the parameters
   */
  public static void clearGradients(PairList<String, Parameter> parameters) {
    for (Pair<String, Parameter> p : parameters) {
      if (p.getValue().requiresGradient()) {
        try (NDArray gradient = p.getValue().getArray().getGradient()) {
          gradient.set(new NDIndex("..."), 0f);
        }
      }
    }
  }
}
