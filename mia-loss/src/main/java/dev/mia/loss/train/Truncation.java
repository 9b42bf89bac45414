package dev.mia.loss.train;

/**
 * What {@link PreferenceCollator} does with a pair whose prompt and answer exceed the maximum
 * length. Image tokens are never dropped or split: a prompt that alone leaves no room for one
 * answer token is refused under every policy.
 */
public enum Truncation {
  /** Refuse the pair with a {@link CollationException} naming it. The default. */
  REFUSE,
  /**
   * Cut the answer's end (the suffix's end tokens first, then answer tokens) so the sequence fits;
   * the pair's token weights are cut with it. TRL's {@code truncation_mode="keep_start"} for the
   * completion, without ever touching the prompt.
   */
  ANSWER_END
}
