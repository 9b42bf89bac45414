package dev.mia.examples.pipeline;

import java.util.Locale;

/**
 * The alignment methods the pipeline compares, all starting from the same SFT model and the same
 * multi-image training samples.
 */
public enum Method {
  /**
   * MIA-DPO (arXiv 2410.17637): the model's greedy answers to multi-image prompts, kept as rejected
   * answers when the target image got little attention, then the post-selection filters; sigmoid
   * DPO with beta 0.1.
   */
  MIA_DPO,
  /**
   * BPO (arXiv 2403.08730): rejected answers from images weakened by diffusion noise at step 900
   * and from rule-based error injection into the ground truth, half of the samples each; sigmoid
   * DPO.
   */
  BPO,
  /**
   * DDPO (RLHF-V, arXiv 2312.00849): error-injection pairs (a corrected answer against its
   * corrupted copy, as RLHF-V's corrections), changed tokens weighted gamma = 5, normalised, beta
   * 0.5.
   */
  DDPO,
  /**
   * VIG-selected SFT (arXiv 2602.17186): the ground-truth answers scored by visual information gain
   * (blurred images as the "no image" pass), the top 70% of samples and their tokens kept, masked
   * cross-entropy fine-tuning.
   */
  VIG_SFT,
  /**
   * BDHS (arXiv 2407.02477): rejected answers generated with 99% of the image tokens masked, guided
   * by the reference answer, resampled while too similar to it; sigmoid DPO.
   */
  BDHS,
  /**
   * A combination no single paper makes: MIA-DPO's attention-selected pairs with DDPO's dense token
   * weights on the tokens where chosen and rejected differ.
   */
  MIA_DPO_DDPO,
  /**
   * MIA-DPO with its attention selection replaced by an exact judge, as the paper's ablation
   * replaces it by GPT-4o-mini: a greedy answer is kept as rejected only when the world's truth
   * shows it is a multi-image error (it fits another image, or takes an attribute from one), not a
   * plain mistake the model would make with the target image alone.
   */
  MIA_DPO_JUDGED,
  /**
   * A combination no single paper makes: MIA-DPO's attention-selected pairs with TPO's visually
   * anchored token weights (Token Preference Optimization, arXiv 2412.14487): each answer token's
   * {@code log p(token | image) - log p(token | corrupted image)} under the SFT model, the image
   * corrupted by diffusion noise at step 500 ({@link PairMaker#TPO_NOISE_STEP}), mapped to {@code
   * sigmoid(s) + 0.5} on chosen and {@code 1.5 - sigmoid(s)} on rejected tokens, weighting the
   * sequence log-probs of sigmoid DPO.
   */
  MIA_DPO_TPO,
  /**
   * A control, not a method: the same number of steps at the same learning rate on the SFT data the
   * model was trained on. Its change is what continued training alone does (optimiser noise on a
   * small model), the yardstick for the methods' changes.
   */
  CONTINUED_SFT;

  /**
   * Returns the command-line name, e.g. {@code mia-dpo}.
   *
   * @return the lower-case name with dashes
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a command-line name.
   *
   * @param name a name such as {@code mia-dpo} or {@code vig-sft}
   * @return the method
   * @throws IllegalArgumentException if no method has that name
   */
  public static Method parse(String name) {
    for (Method m : values()) {
      if (m.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    StringBuilder names = new StringBuilder();
    for (Method m : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(m.cliName());
    }
    throw new IllegalArgumentException("method must be one of " + names + ", but is: " + name);
  }
}
