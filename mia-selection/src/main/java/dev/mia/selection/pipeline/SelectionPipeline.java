package dev.mia.selection.pipeline;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.MiaException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.Candidate;
import dev.mia.selection.SelectionInput;
import dev.mia.selection.SelectionTally;
import dev.mia.selection.Verdict;
import dev.mia.selection.attention.AttentionSelector;
import dev.mia.selection.filter.FilterChain;
import dev.mia.selection.negative.Negative;
import dev.mia.selection.negative.NegativeGenerator;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Turns samples into preference pairs: a {@link NegativeGenerator} makes a rejected answer per
 * sample, an optional {@link AttentionSelector} keeps those generated with little attention on the
 * target image (MIA-DPO), and a {@link FilterChain} applies the post-selection filters.
 *
 * <pre>{@code
 * SelectionPipeline pipeline =
 *     SelectionPipeline.builder(model, ModelAnswerGenerator.builder()
 *             .options(GenerateOptions.builder().attentionLayers(16).build()).build())
 *         .selector(AttentionSelector.MIA_DPO)
 *         .build();
 * SelectionPipeline.Run run = pipeline.start(manager);
 * try (Stream<PreferencePair> pairs = run.multiImage(samples, ImageSource.fromRoot(root))) {
 *   pairs.forEach(writer::write);
 * }
 * run.report().writeJson(reportPath);
 * }</pre>
 *
 * <h2>Streaming and batching</h2>
 *
 * <p>The output stream is lazy: it reads {@code batchSize} samples, runs the generator on them in
 * one call (its model arrays in a sub-manager that is closed after the batch's selection), and
 * yields the batch's pairs before reading more. Memory is bounded by one batch.
 *
 * <h2>Provenance and report</h2>
 *
 * <p>Every pair's provenance gets the generator's stage ({@code generate:<name>} counts in the
 * report), then {@code select:attention}, then one {@code filter:<name>} stage per filter, each
 * with its scores. A sample that fails with a {@link MiaException} (unreadable image, invalid data,
 * bad model output) is reported with a message naming it and skipped, or ends the run, per {@link
 * ErrorPolicy}.
 *
 * <p>The pipeline is immutable; a {@link Run} holds one run's tally and is thread-confined.
 */
public final class SelectionPipeline {
  private static final int MAX_MESSAGES = 100;

  private final VisionLanguageModel model;
  private final NegativeGenerator generator;
  private final @Nullable AttentionSelector selector;
  private final FilterChain filters;
  private final int batchSize;
  private final ErrorPolicy errorPolicy;

  private SelectionPipeline(Builder builder) {
    this.model = builder.model;
    this.generator = builder.generator;
    this.selector = builder.selector;
    this.filters = builder.filters;
    this.batchSize = builder.batchSize;
    this.errorPolicy = builder.errorPolicy;
  }

  /**
   * Starts a builder.
   *
   * @param model the model the generator uses
   * @param generator the negative generator
   * @return a builder: no selector, MIA-DPO's filters with mia's defaults, batches of 8, skip
   *     failing samples
   */
  public static Builder builder(VisionLanguageModel model, NegativeGenerator generator) {
    return new Builder(model, generator);
  }

  /**
   * Starts a run.
   *
   * @param manager the manager under which each batch's sub-manager is made
   * @return the run
   */
  public Run start(NDManager manager) {
    return new Run(requireNonNull(manager, "manager"));
  }

  @Override
  public String toString() {
    return "SelectionPipeline(model="
        + model.id()
        + ", generator="
        + generator
        + ", selector="
        + (selector == null ? "none" : selector)
        + ", filters="
        + filters
        + ", batchSize="
        + batchSize
        + ", errorPolicy="
        + errorPolicy
        + ")";
  }

  /** One run of the pipeline: its output streams and its report. Not thread-safe. */
  public final class Run {
    private final NDManager manager;
    private final SelectionTally tally = new SelectionTally();
    private final List<String> messages = new ArrayList<>();
    private long inputs;
    private long pairs;
    private long errors;

    private Run(NDManager manager) {
      this.manager = manager;
    }

    /**
     * Selects pairs from multi-image samples.
     *
     * @param samples the samples
     * @param loader decodes their images
     * @return the pairs, lazily
     */
    public Stream<PreferencePair> multiImage(Stream<MultiImageSample> samples, ImageSource loader) {
      return select(samples, s -> SelectionInput.of(s, decode(s.images(), loader)), s -> s.id());
    }

    /**
     * Selects pairs from SFT samples (see {@link SelectionInput#of(SftSample, List)}).
     *
     * @param samples the samples
     * @param loader decodes their images
     * @return the pairs, lazily
     */
    public Stream<PreferencePair> sft(Stream<SftSample> samples, ImageSource loader) {
      return select(samples, s -> SelectionInput.of(s, decode(s.images(), loader)), s -> s.id());
    }

    /**
     * Selects pairs from prepared inputs.
     *
     * @param inputs the inputs
     * @return the pairs, lazily
     */
    public Stream<PreferencePair> inputs(Stream<SelectionInput> inputs) {
      return select(inputs, Function.identity(), SelectionInput::id);
    }

    /**
     * Returns the report of what the run did so far.
     *
     * @return the report
     */
    public SelectionReport report() {
      return new SelectionReport(
          SelectionPipeline.this.toString(), inputs, pairs, tally.snapshot(), errors, messages);
    }

    private <T> Stream<PreferencePair> select(
        Stream<T> source, Function<T, SelectionInput> convert, Function<T, String> idOf) {
      Iterator<T> iterator = source.iterator();
      Iterator<PreferencePair> out =
          new Iterator<>() {
            private final ArrayDeque<PreferencePair> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
              while (ready.isEmpty() && iterator.hasNext()) {
                List<SelectionInput> batch = new ArrayList<>();
                while (batch.size() < batchSize && iterator.hasNext()) {
                  T item = iterator.next();
                  inputs++;
                  try {
                    batch.add(convert.apply(item));
                  } catch (MiaException e) {
                    fail(idOf.apply(item), e);
                  }
                }
                if (!batch.isEmpty()) {
                  ready.addAll(process(batch));
                }
              }
              return !ready.isEmpty();
            }

            @Override
            public PreferencePair next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              pairs++;
              return ready.poll();
            }
          };
      return StreamSupport.stream(
              Spliterators.spliteratorUnknownSize(out, Spliterator.ORDERED | Spliterator.NONNULL),
              false)
          .onClose(source::close);
    }

    private List<PreferencePair> process(List<SelectionInput> batch) {
      List<Candidate> selected = new ArrayList<>();
      try (NDManager sub = manager.newSubManager()) {
        List<Negative> negatives;
        try {
          negatives = generator.generate(sub, model, batch);
        } catch (MiaException e) {
          for (SelectionInput input : batch) {
            fail(input.id(), e);
          }
          return List.of();
        }
        for (int i = 0; i < batch.size(); i++) {
          SelectionInput input = batch.get(i);
          try {
            Candidate candidate = select(input, negatives.get(i));
            if (candidate != null) {
              selected.add(candidate);
            }
          } catch (MiaException e) {
            fail(input.id(), e);
          }
        }
      }
      List<PreferencePair> out = new ArrayList<>();
      for (Candidate candidate : selected) {
        try {
          filters.apply(candidate, tally).ifPresent(kept -> out.add(kept.toPair()));
        } catch (MiaException e) {
          fail(candidate.id(), e);
        }
      }
      return out;
    }

    private @Nullable Candidate select(SelectionInput input, Negative negative) {
      tally.record("generate:" + generator.name(), Verdict.keep(Map.of()));
      Candidate candidate =
          input
              .candidate(negative.text())
              .rejectedStepLogProbs(negative.stepLogProbs())
              .build()
              .withStage(negative.stage());
      if (selector == null) {
        return candidate;
      }
      var generated =
          negative
              .generated()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "attention selection needs the generator's attention, but "
                              + generator.name()
                              + " returns no generation"));
      Verdict verdict = selector.select(input.id(), input.layout(), input.targetIndex(), generated);
      tally.record("select:attention", verdict);
      if (verdict instanceof Verdict.Drop) {
        return null;
      }
      return candidate.withStage(
          new Provenance.Stage("select:attention", selector.toString(), verdict.scores()));
    }

    private void fail(String sampleId, MiaException error) {
      if (errorPolicy == ErrorPolicy.FAIL) {
        throw error;
      }
      errors++;
      if (messages.size() < MAX_MESSAGES) {
        String message = error.getMessage();
        messages.add(
            message != null && message.contains("'" + sampleId + "'")
                ? message
                : "sample '" + sampleId + "': " + message);
      }
    }
  }

  private static List<BufferedImage> decode(List<ImageRef> refs, ImageSource loader) {
    List<BufferedImage> out = new ArrayList<>();
    for (ImageRef ref : refs) {
      out.add(loader.load(ref));
    }
    return out;
  }

  /** Builds a {@link SelectionPipeline}. */
  public static final class Builder {
    private final VisionLanguageModel model;
    private final NegativeGenerator generator;
    private @Nullable AttentionSelector selector;
    private FilterChain filters = FilterChain.miaDpoDefaults();
    private int batchSize = 8;
    private ErrorPolicy errorPolicy = ErrorPolicy.SKIP;

    private Builder(VisionLanguageModel model, NegativeGenerator generator) {
      this.model = requireNonNull(model, "model");
      this.generator = requireNonNull(generator, "generator");
    }

    /**
     * Adds MIA-DPO's attention-aware selection. Default: none. The generator must return
     * generations with the selector's layers of attention.
     *
     * @param selector the selector
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder selector(AttentionSelector selector) {
      this.selector = requireNonNull(selector, "selector");
      return this;
    }

    /**
     * Sets the post-selection filters. Default: {@link FilterChain#miaDpoDefaults()}. Use a chain
     * without the perplexity filter for generators that produce no log-probs (error injection).
     *
     * @param filters the filters
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder filters(FilterChain filters) {
      this.filters = requireNonNull(filters, "filters");
      return this;
    }

    /**
     * Sets how many samples go to the generator per call. Default: 8.
     *
     * @param batchSize the batch size, at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets what happens to failing samples. Default: {@link ErrorPolicy#SKIP}.
     *
     * @param errorPolicy the policy
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder errorPolicy(ErrorPolicy errorPolicy) {
      this.errorPolicy = requireNonNull(errorPolicy, "errorPolicy");
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     * @throws IllegalArgumentException if the batch size is below 1
     */
    public SelectionPipeline build() {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, but is: " + batchSize);
      }
      return new SelectionPipeline(this);
    }
  }
}
