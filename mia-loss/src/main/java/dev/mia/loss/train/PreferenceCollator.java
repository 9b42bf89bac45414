package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.MiaException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.image.ImageLoader;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ModelTokenizer;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.TokenSequence;
import dev.mia.loss.ddpo.Ddpo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link PreferencePair}s into a {@link PreferenceBatch}: the prompt and its images shared by
 * both answers, tokenised by the model's {@link ModelTokenizer}, with the pair's token weights
 * aligned to the scored tokens.
 *
 * <p>Every row is {@code prompt ++ answer ++ suffix} ({@link ModelTokenizer#answerSuffix()}, e.g.
 * {@code <eos>}). Token weights (DDPO's gamma on changed segments, VIG's 0/1 masks, TPO's visual
 * anchors, any user weights) must have exactly one weight per answer token; suffix tokens weigh 1.
 * With {@link Builder#ddpo}, pairs without token weights get DDPO's from the token diff of their
 * answers' ids (RLHF-V, arXiv 2312.00849), so nobody re-tokenises pairs by hand.
 *
 * <h2>Checks, each a {@link CollationException} naming the pair</h2>
 *
 * <ul>
 *   <li>the model's tokenizer reports one image-token span per image (the pair's record already
 *       guarantees one {@code <image>} placeholder per image);
 *   <li>an image on disk needs an image root, and must decode;
 *   <li>each answer must tokenise to at least one token;
 *   <li>token weights must have one weight per answer token;
 *   <li>a row over the maximum length is refused ({@link Truncation#REFUSE}) or cut at the answer's
 *       end ({@link Truncation#ANSWER_END}); a prompt that leaves no room for one answer token is
 *       refused either way, so image tokens are never dropped or split.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class PreferenceCollator {
  private final ModelTokenizer tokenizer;
  private final int maxLength;
  private final Truncation truncation;
  private final @Nullable Path imageRoot;
  private final @Nullable Ddpo ddpo;

  private PreferenceCollator(Builder b) {
    this.tokenizer = b.tokenizer;
    this.maxLength = b.maxLength;
    this.truncation = b.truncation;
    this.imageRoot = b.imageRoot;
    this.ddpo = b.ddpo;
  }

  /**
   * Starts a builder.
   *
   * @param tokenizer the model's tokenizer
   * @return a builder with the defaults
   */
  public static Builder builder(ModelTokenizer tokenizer) {
    return new Builder(requireNonNull(tokenizer, "tokenizer"));
  }

  /**
   * Collates pairs into a batch.
   *
   * @param pairs the pairs, at least one
   * @return the batch, pairs in input order
   * @throws IllegalArgumentException if {@code pairs} is empty
   * @throws CollationException if a pair fails a check; nothing is returned for the others
   */
  public PreferenceBatch collate(List<PreferencePair> pairs) {
    requireNonNull(pairs, "pairs");
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("pairs must not be empty");
    }
    List<CollatedPair> out = new ArrayList<>(pairs.size());
    for (PreferencePair pair : pairs) {
      out.add(collate(pair));
    }
    return new PreferenceBatch(out);
  }

  /**
   * Collates one pair.
   *
   * @param pair the pair
   * @return its two rows and aligned weights
   * @throws CollationException if the pair fails a check
   */
  public CollatedPair collate(PreferencePair pair) {
    requireNonNull(pair, "pair");
    List<BufferedImage> images = decode(pair);
    EncodedPrompt prompt = encode(pair.id(), new Prompt(images, pair.prompt()));
    List<Integer> chosen = answer(pair.id(), "chosen", pair.chosen());
    List<Integer> rejected = answer(pair.id(), "rejected", pair.rejected());
    TokenWeights weights = pair.tokenWeights();
    if (weights != null) {
      checkWeights(pair, "chosen", chosen.size(), weights.chosen().length);
      checkWeights(pair, "rejected", rejected.size(), weights.rejected().length);
    } else if (ddpo != null) {
      weights = ddpo.weights(ints(chosen), ints(rejected));
    }
    Row c = row(pair.id(), "chosen", images, prompt, chosen);
    Row r = row(pair.id(), "rejected", images, prompt, rejected);
    TokenWeights aligned =
        weights == null
            ? null
            : TokenWeights.of(
                aligned(weights.chosen(), c.sequence.answerLength()),
                aligned(weights.rejected(), r.sequence.answerLength()));
    return new CollatedPair(pair, c.sequence, r.sequence, aligned, c.truncated || r.truncated);
  }

  /**
   * Collates one prompt and answer into a row, with the checks and truncation of pairs: for SFT
   * terms, VIG-masked SFT and replay batches that train on single answers.
   *
   * @param id the sample's id, named in errors
   * @param prompt the decoded prompt
   * @param answer the answer to score
   * @return the row
   * @throws CollationException if the row fails a check
   */
  public TokenSequence sequence(String id, Prompt prompt, String answer) {
    requireNonNull(id, "id");
    requireNonNull(prompt, "prompt");
    requireNonNull(answer, "answer");
    EncodedPrompt encoded = encode(id, prompt);
    return row(id, "answer's", prompt.images(), encoded, answer(id, "", answer)).sequence;
  }

  private record Row(TokenSequence sequence, boolean truncated) {}

  private Row row(
      String id,
      String name,
      List<BufferedImage> images,
      EncodedPrompt prompt,
      List<Integer> answer) {
    List<Integer> ids = new ArrayList<>(prompt.ids());
    ids.addAll(answer);
    ids.addAll(tokenizer.answerSuffix());
    boolean truncated = false;
    if (ids.size() > maxLength) {
      if (prompt.length() >= maxLength) {
        throw new CollationException(
            id,
            "the prompt has "
                + prompt.length()
                + " tokens ("
                + prompt.imageSpans().totalTokens()
                + " of them image tokens), which leaves no room for an answer token under the"
                + " maximum length "
                + maxLength
                + "; image tokens are never truncated");
      }
      if (truncation == Truncation.REFUSE) {
        throw new CollationException(
            id,
            "the "
                + name
                + " sequence has "
                + ids.size()
                + " tokens (prompt "
                + prompt.length()
                + ", answer "
                + answer.size()
                + ", suffix "
                + tokenizer.answerSuffix().size()
                + "), more than the maximum length "
                + maxLength
                + "; shorten it or collate with Truncation.ANSWER_END");
      }
      ids = ids.subList(0, maxLength);
      truncated = true;
    }
    return new Row(new TokenSequence(images, ids, prompt.length(), prompt.imageSpans()), truncated);
  }

  private List<Integer> answer(String id, String name, String text) {
    List<Integer> ids;
    try {
      ids = tokenizer.encodeAnswer(text);
    } catch (IllegalArgumentException e) {
      throw new CollationException(
          id, answerName(name) + " cannot be tokenised: " + e.getMessage(), e);
    }
    if (ids.isEmpty()) {
      throw new CollationException(id, answerName(name) + " has no token");
    }
    return ids;
  }

  private static String answerName(String name) {
    return name.isEmpty() ? "the answer" : "the " + name + " answer";
  }

  private EncodedPrompt encode(String id, Prompt prompt) {
    EncodedPrompt encoded;
    try {
      encoded = tokenizer.encodePrompt(prompt);
    } catch (IllegalArgumentException e) {
      throw new CollationException(id, "the prompt cannot be tokenised: " + e.getMessage(), e);
    }
    if (encoded.imageSpans().size() != prompt.images().size()) {
      throw new CollationException(
          id,
          "the prompt has "
              + prompt.images().size()
              + " images but the model's tokenizer reports "
              + encoded.imageSpans().size()
              + " image-token spans");
    }
    return encoded;
  }

  private static void checkWeights(PreferencePair pair, String name, int tokens, int weights) {
    if (tokens != weights) {
      throw new CollationException(
          pair.id(),
          "the " + name + " answer has " + tokens + " tokens but " + weights + " token weights");
    }
  }

  /** The answer's weights, then 1 for each suffix token, cut to the row's scored length. */
  private static float[] aligned(float[] answerWeights, int scored) {
    float[] out = Arrays.copyOf(answerWeights, scored);
    for (int i = answerWeights.length; i < scored; i++) {
      out[i] = 1f;
    }
    return out;
  }

  private List<BufferedImage> decode(PreferencePair pair) {
    List<BufferedImage> images = new ArrayList<>(pair.images().size());
    for (int i = 0; i < pair.images().size(); i++) {
      ImageRef ref = pair.images().get(i);
      if (ref instanceof ImageRef.InMemory memory) {
        images.add(memory.image());
      } else if (ref instanceof ImageRef.OnDisk disk) {
        if (imageRoot == null) {
          throw new CollationException(
              pair.id(),
              "image "
                  + i
                  + " is on disk ("
                  + disk.path()
                  + ") but the collator has no image root; set PreferenceCollator.Builder.imageRoot");
        }
        try {
          images.add(ImageLoader.read(disk.resolve(imageRoot)));
        } catch (MiaException e) {
          throw new CollationException(
              pair.id(), "image " + i + " cannot be read: " + e.getMessage(), e);
        }
      }
    }
    return images;
  }

  private static int[] ints(List<Integer> ids) {
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i);
    }
    return out;
  }

  /**
   * Returns the tokenizer.
   *
   * @return the model's tokenizer
   */
  public ModelTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * Returns the maximum row length.
   *
   * @return the limit on prompt, answer and suffix tokens together
   */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public String toString() {
    return "PreferenceCollator[tokenizer="
        + tokenizer.configId()
        + ", maxLength="
        + maxLength
        + ", truncation="
        + truncation
        + ", imageRoot="
        + imageRoot
        + ", ddpo="
        + ddpo
        + "]";
  }

  /** Builds a {@link PreferenceCollator}. */
  public static final class Builder {
    private final ModelTokenizer tokenizer;
    private int maxLength = Integer.MAX_VALUE;
    private Truncation truncation = Truncation.REFUSE;
    private @Nullable Path imageRoot;
    private @Nullable Ddpo ddpo;

    private Builder(ModelTokenizer tokenizer) {
      this.tokenizer = tokenizer;
    }

    /**
     * Sets the maximum row length (prompt, answer and suffix). Default: no limit; {@link
     * PreferenceTrainer} uses the model's {@code maxSequenceLength()}.
     *
     * @param maxLength the limit, at least 2
     * @return this builder
     * @throws IllegalArgumentException if {@code maxLength < 2}
     */
    @CanIgnoreReturnValue
    public Builder maxLength(int maxLength) {
      if (maxLength < 2) {
        throw new IllegalArgumentException("maxLength must be >= 2, but is: " + maxLength);
      }
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Sets what happens to rows over the maximum length. Default: {@link Truncation#REFUSE}.
     *
     * @param truncation the policy
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder truncation(Truncation truncation) {
      this.truncation = requireNonNull(truncation, "truncation");
      return this;
    }

    /**
     * Sets the folder that {@link ImageRef.OnDisk} paths are relative to. Default: none, so pairs
     * with images on disk are refused.
     *
     * @param imageRoot the root folder
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder imageRoot(Path imageRoot) {
      this.imageRoot = requireNonNull(imageRoot, "imageRoot");
      return this;
    }

    /**
     * Gives pairs without token weights DDPO's weights from the token diff of their answers.
     * Default: none (such pairs weigh every token 1).
     *
     * @param ddpo the DDPO settings, e.g. {@link Ddpo#PAPER}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder ddpo(Ddpo ddpo) {
      this.ddpo = requireNonNull(ddpo, "ddpo");
      return this;
    }

    /**
     * Builds the collator.
     *
     * @return the collator
     */
    public PreferenceCollator build() {
      return new PreferenceCollator(this);
    }
  }
}
