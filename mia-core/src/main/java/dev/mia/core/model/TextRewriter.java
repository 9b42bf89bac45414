package dev.mia.core.model;

/**
 * Rewrites an answer so that it holds errors a hallucinating model would make: BPO's error
 * injection (Pi et al., arXiv 2403.08730, section 3.2) asks a text-only model to add or delete
 * objects or change their colour, shape, size or location while keeping the text fluent.
 *
 * <p>Implementations are deterministic under a seed and thread-safe.
 */
public interface TextRewriter {

  /**
   * Rewrites a text with injected errors.
   *
   * @param text the faithful answer
   * @param seed the seed that picks which errors are injected
   * @return the rewritten text; equal to {@code text} only if no error could be injected
   */
  String rewrite(String text, long seed);
}
