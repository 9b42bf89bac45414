package dev.mia.selection.negative;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.ModelContractException;
import dev.mia.core.data.Provenance;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.TextEmbedder;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.SelectionInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BDHS, bias-driven hallucination sampling (Amirloo et al., arXiv 2407.02477, section 3 and
 * Algorithm 1): rejected answers from the model with almost every image token hidden, guided by the
 * reference answer.
 *
 * <h2>Algorithm, per sample</h2>
 *
 * <ol>
 *   <li>Split the chosen answer into sentences: a sentence ends at {@code .}, {@code !} or {@code
 *       ?} followed by whitespace or the end (mia's rule).
 *   <li>For each iteration {@code i = 1..N} ({@code N = 5}): draw a mask that keeps each image
 *       token with probability {@code 0.01} ({@link ImageMask#randomKeep}). For {@code i < N}, for
 *       each sentence {@code k}: if it starts with {@code Yes}/{@code yes}/{@code No}/{@code no}
 *       (regex {@code ^\s*(Yes|yes|No|no)\b}), swap it with probability 0.5; cut it after word
 *       {@code j}, {@code j} uniform in {@code 1..max(1, n_k - 1)} for its {@code n_k} words (so
 *       the prefix is never empty and never the whole sentence unless it has one word); ask the
 *       masked model to continue the previous reference sentences plus that prefix up to the first
 *       {@code .} ({@code stopStrings(".")}); the sentence is the prefix plus the continuation. The
 *       candidate joins the sentences with single spaces. All sentences of a sample go in one
 *       generate call. If the candidate's similarity to the chosen answer ({@link TextEmbedder}) is
 *       below 0.97, it is accepted.
 *   <li>At {@code i = N} the masked model answers from scratch, with no reference, and that answer
 *       is accepted.
 * </ol>
 *
 * <p>Every draw comes from a {@link SplittableRandom} seeded per sample from the generator's seed
 * and the sample id. The step log-probs of a negative are those of its generated tokens (all
 * continuations, in order). Provenance stage {@code bdhs} with scores {@code bdhs-iterations} and
 * {@code bdhs-similarity}.
 *
 * <h2>Batching</h2>
 *
 * <p>The samples of a batch run their iterations in lockstep: iteration {@code i} of every sample
 * not yet accepted is one generate call, each request carrying its sample's mask ({@link
 * GenerationRequest#imageMask()}). Each sample draws from its own generator, so its negative is the
 * one it would get alone, up to the model's rounding in a larger batch.
 */
public final class BdhsGenerator implements NegativeGenerator {
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern YES_NO = Pattern.compile("^\\s*(Yes|yes|No|no)\\b");
  private static final Pattern WORD_END = Pattern.compile("\\S+");

  private final TextEmbedder embedder;
  private final double keepProbability;
  private final double swapProbability;
  private final double similarityThreshold;
  private final int maxIterations;
  private final int maxNewTokens;
  private final long seed;

  private BdhsGenerator(Builder builder) {
    this.embedder = builder.embedder;
    this.keepProbability = builder.keepProbability;
    this.swapProbability = builder.swapProbability;
    this.similarityThreshold = builder.similarityThreshold;
    this.maxIterations = builder.maxIterations;
    this.maxNewTokens = builder.maxNewTokens;
    this.seed = builder.seed;
  }

  /**
   * Starts a builder with the paper's settings.
   *
   * @param embedder the sentence embedder of the similarity check (paper: all-mpnet-base-v2;
   *     offline: {@link dev.mia.selection.embed.HashingEmbedder})
   * @return a builder
   */
  public static Builder builder(TextEmbedder embedder) {
    return new Builder(embedder);
  }

  @Override
  public String name() {
    return "bdhs";
  }

  @Override
  public List<Negative> generate(
      NDManager manager, VisionLanguageModel model, List<SelectionInput> batch) {
    List<Sample> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      pending.add(new Sample(i, batch.get(i)));
    }
    Negative[] out = new Negative[batch.size()];
    for (int iteration = 1; !pending.isEmpty(); iteration++) {
      List<GenerationRequest> requests = new ArrayList<>();
      boolean last = iteration == maxIterations;
      for (Sample sample : pending) {
        ImageMask mask = ImageMask.randomKeep(keepProbability, sample.random.nextLong());
        sample.prefixes.clear();
        if (last) {
          // unguided: one answer from scratch, its one "prefix" empty
          sample.prefixes.add("");
          requests.add(new GenerationRequest(sample.input.modelPrompt(), "", mask));
          continue;
        }
        StringBuilder context = new StringBuilder();
        for (String sentence : sample.sentences) {
          String prefix = cut(maybeSwap(sentence, sample.random), sample.random);
          sample.prefixes.add(prefix);
          requests.add(new GenerationRequest(sample.input.modelPrompt(), context + prefix, mask));
          context.append(sentence).append(' ');
        }
      }
      GenerateOptions.Builder options = GenerateOptions.builder().maxNewTokens(maxNewTokens);
      if (!last) {
        options.stopStrings(".");
      }
      List<Generated> completions = model.generate(manager, requests, options.build());
      if (completions.size() != requests.size()) {
        throw new ModelContractException(
            "the model returned "
                + completions.size()
                + " generations for "
                + requests.size()
                + " requests of samples "
                + pending.stream().map(p -> "'" + p.input.id() + "'").toList());
      }
      List<Sample> next = new ArrayList<>();
      int k = 0;
      for (Sample sample : pending) {
        StringBuilder candidate = new StringBuilder();
        List<Float> logProbs = new ArrayList<>();
        for (int j = 0; j < sample.prefixes.size(); j++, k++) {
          Generated completion = completions.get(k);
          candidate
              .append(j == 0 ? "" : " ")
              .append(sample.prefixes.get(j))
              .append(completion.text());
          for (float v : completion.stepLogProbs().toFloatArray()) {
            logProbs.add(v);
          }
        }
        String text = last ? candidate.toString() : candidate.toString().strip();
        double similarity = embedder.similarity(text, sample.input.chosen());
        if (last || similarity < similarityThreshold) {
          float[] steps = new float[logProbs.size()];
          for (int t = 0; t < steps.length; t++) {
            steps[t] = logProbs.get(t);
          }
          out[sample.index] = negative(text, steps, iteration, similarity);
        } else {
          next.add(sample);
        }
      }
      pending = next;
    }
    return List.of(out);
  }

  /** One sample's state across iterations: its generator, sentences and latest prefixes. */
  private final class Sample {
    final int index;
    final SelectionInput input;
    final SplittableRandom random;
    final List<String> sentences;
    final List<String> prefixes = new ArrayList<>();

    Sample(int index, SelectionInput input) {
      this.index = index;
      this.input = input;
      this.random = new SplittableRandom(Seeds.forSample(seed, input.id()));
      this.sentences = splitSentences(input.chosen());
    }
  }

  private Negative negative(String text, float[] steps, int iteration, double similarity) {
    return new Negative(
        text,
        steps,
        null,
        Provenance.Stage.of(
            name(),
            toString(),
            Map.of("bdhs-iterations", (double) iteration, "bdhs-similarity", similarity)));
  }

  /** Splits after {@code .}, {@code !} or {@code ?} followed by whitespace; drops blank parts. */
  static List<String> splitSentences(String text) {
    List<String> out = new ArrayList<>();
    for (String part : SENTENCE_END.split(text.strip())) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  private String maybeSwap(String sentence, SplittableRandom random) {
    Matcher matcher = YES_NO.matcher(sentence);
    if (!matcher.find() || random.nextDouble() >= swapProbability) {
      return sentence;
    }
    String word = matcher.group(1);
    String swapped =
        switch (word) {
          case "Yes" -> "No";
          case "yes" -> "no";
          case "No" -> "Yes";
          default -> "yes";
        };
    return sentence.substring(0, matcher.start(1)) + swapped + sentence.substring(matcher.end(1));
  }

  /** The sentence up to the end of word {@code j}, {@code j} uniform in {@code 1..max(1, n-1)}. */
  static String cut(String sentence, SplittableRandom random) {
    List<Integer> ends = new ArrayList<>();
    Matcher matcher = WORD_END.matcher(sentence);
    while (matcher.find()) {
      ends.add(matcher.end());
    }
    int choices = Math.max(1, ends.size() - 1);
    int word = random.nextInt(choices);
    String prefix = sentence.substring(0, ends.get(word));
    if (ends.size() == 1 && prefix.endsWith(".")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix;
  }

  @Override
  public String toString() {
    return "BdhsGenerator(keepProbability="
        + keepProbability
        + ", swapProbability="
        + swapProbability
        + ", similarityThreshold="
        + similarityThreshold
        + ", maxIterations="
        + maxIterations
        + ", maxNewTokens="
        + maxNewTokens
        + ", embedder="
        + embedder
        + ", seed="
        + seed
        + ")";
  }

  /** Builds a {@link BdhsGenerator}. */
  public static final class Builder {
    private final TextEmbedder embedder;
    private double keepProbability = 0.01;
    private double swapProbability = 0.5;
    private double similarityThreshold = 0.97;
    private int maxIterations = 5;
    private int maxNewTokens = 512;
    private long seed;

    private Builder(TextEmbedder embedder) {
      this.embedder = requireNonNull(embedder, "embedder");
    }

    /**
     * Sets the probability that an image token stays visible. Default: 0.01 (paper: {@code rho_th =
     * 0.99}).
     *
     * @param keepProbability the probability, in [0, 1]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder keepProbability(double keepProbability) {
      this.keepProbability = keepProbability;
      return this;
    }

    /**
     * Sets the probability of swapping a leading yes/no. Default: 0.5.
     *
     * @param swapProbability the probability, in [0, 1]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder swapProbability(double swapProbability) {
      this.swapProbability = swapProbability;
      return this;
    }

    /**
     * Sets the similarity at or above which a candidate is resampled. Default: 0.97.
     *
     * @param similarityThreshold the threshold, in [-1, 1]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder similarityThreshold(double similarityThreshold) {
      this.similarityThreshold = similarityThreshold;
      return this;
    }

    /**
     * Sets the number of iterations, the last one unguided. Default: 5.
     *
     * @param maxIterations the count, at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxIterations(int maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    /**
     * Sets the most new tokens per generate call. Default: 512.
     *
     * @param maxNewTokens the limit, at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxNewTokens(int maxNewTokens) {
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    /**
     * Sets the seed. Default: 0.
     *
     * @param seed the seed
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     * @throws IllegalArgumentException if a setting is out of range
     */
    public BdhsGenerator build() {
      if (!(keepProbability >= 0 && keepProbability <= 1)) {
        throw new IllegalArgumentException(
            "keepProbability must be in [0, 1], but is: " + keepProbability);
      }
      if (!(swapProbability >= 0 && swapProbability <= 1)) {
        throw new IllegalArgumentException(
            "swapProbability must be in [0, 1], but is: " + swapProbability);
      }
      if (!(similarityThreshold >= -1 && similarityThreshold <= 1)) {
        throw new IllegalArgumentException(
            "similarityThreshold must be in [-1, 1], but is: " + similarityThreshold);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be >= 1, but is: " + maxIterations);
      }
      if (maxNewTokens < 1) {
        throw new IllegalArgumentException("maxNewTokens must be >= 1, but is: " + maxNewTokens);
      }
      return new BdhsGenerator(this);
    }
  }
}
