package dev.mia.selection.negative;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.Provenance;
import dev.mia.core.model.TextRewriter;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.SelectionInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BPO's error injection (Pi et al., arXiv 2403.08730, section 3.2): the rejected answer is the
 * chosen answer rewritten by a {@link TextRewriter} to hold the errors a hallucinating model makes.
 * {@link RuleBasedRewriter} does it offline; a text model can be plugged in through the same
 * interface. The vision model is not called.
 *
 * <p>The rewriter's seed is derived per sample from this generator's seed and the sample id. A
 * rewrite equal to the chosen answer (nothing to change) is returned as it is, and the pipeline's
 * distinct-answers filter drops it with a counted reason. Provenance stage {@code error-injection}.
 */
public final class ErrorInjectionGenerator implements NegativeGenerator {
  private final TextRewriter rewriter;
  private final long seed;

  private ErrorInjectionGenerator(TextRewriter rewriter, long seed) {
    this.rewriter = rewriter;
    this.seed = seed;
  }

  /**
   * Creates a generator.
   *
   * @param rewriter the rewriter
   * @param seed the seed
   * @return the generator
   */
  public static ErrorInjectionGenerator of(TextRewriter rewriter, long seed) {
    return new ErrorInjectionGenerator(requireNonNull(rewriter, "rewriter"), seed);
  }

  @Override
  public String name() {
    return "error-injection";
  }

  @Override
  public List<Negative> generate(
      NDManager manager, VisionLanguageModel model, List<SelectionInput> batch) {
    List<Negative> out = new ArrayList<>();
    for (SelectionInput input : batch) {
      String rewritten = rewriter.rewrite(input.chosen(), Seeds.forSample(seed, input.id()));
      out.add(
          new Negative(
              rewritten, new float[0], null, Provenance.Stage.of(name(), toString(), Map.of())));
    }
    return out;
  }

  @Override
  public String toString() {
    return "ErrorInjectionGenerator(rewriter=" + rewriter + ", seed=" + seed + ")";
  }
}
