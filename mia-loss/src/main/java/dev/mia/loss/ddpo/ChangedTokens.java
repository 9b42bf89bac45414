package dev.mia.loss.ddpo;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Which tokens of the chosen and rejected responses lie in replaced segments. Immutable. */
public final class ChangedTokens {
  private final boolean[] chosen;
  private final boolean[] rejected;

  /**
   * Creates the flags (copied).
   *
   * @param chosen one flag per chosen token
   * @param rejected one flag per rejected token
   */
  public ChangedTokens(boolean[] chosen, boolean[] rejected) {
    this.chosen = requireNonNull(chosen, "chosen").clone();
    this.rejected = requireNonNull(rejected, "rejected").clone();
  }

  /**
   * Returns a copy of the chosen response's flags.
   *
   * @return true where a chosen token was changed
   */
  public boolean[] chosen() {
    return chosen.clone();
  }

  /**
   * Returns a copy of the rejected response's flags.
   *
   * @return true where a rejected token was changed
   */
  public boolean[] rejected() {
    return rejected.clone();
  }

  /**
   * Returns the indices of the changed chosen tokens.
   *
   * @return ascending indices
   */
  public int[] chosenIndices() {
    return indices(chosen);
  }

  /**
   * Returns the indices of the changed rejected tokens.
   *
   * @return ascending indices
   */
  public int[] rejectedIndices() {
    return indices(rejected);
  }

  private static int[] indices(boolean[] flags) {
    return java.util.stream.IntStream.range(0, flags.length).filter(i -> flags[i]).toArray();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ChangedTokens that
        && Arrays.equals(chosen, that.chosen)
        && Arrays.equals(rejected, that.rejected);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(chosen) + Arrays.hashCode(rejected);
  }

  @Override
  public String toString() {
    return "ChangedTokens[chosen="
        + Arrays.toString(chosenIndices())
        + ", rejected="
        + Arrays.toString(rejectedIndices())
        + "]";
  }
}
