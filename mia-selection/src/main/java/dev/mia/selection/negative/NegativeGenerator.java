package dev.mia.selection.negative;

import ai.djl.ndarray.NDManager;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.SelectionInput;
import java.util.List;

/**
 * Makes one rejected answer per input sample.
 *
 * <p>Implementations are immutable and thread-safe, deterministic under their seed (results do not
 * depend on how inputs are batched), and print every setting in {@code toString()}.
 */
public interface NegativeGenerator {

  /**
   * Returns the generator's name, as reports and provenance show it.
   *
   * @return a short, stable name
   */
  String name();

  /**
   * Makes rejected answers.
   *
   * @param manager the manager that owns the arrays of the returned generations
   * @param model the model to generate with (generators that need none ignore it)
   * @param batch the inputs, at least one
   * @return one negative per input, in order
   */
  List<Negative> generate(NDManager manager, VisionLanguageModel model, List<SelectionInput> batch);
}
