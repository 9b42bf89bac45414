package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.formats.Format;
import dev.mia.formats.GridFormat;
import dev.mia.formats.PicInPicFormat;
import dev.mia.formats.SequenceFormat;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns single-image samples into MIA-DPO's multi-image samples (Liu et al., arXiv 2410.17637,
 * section 3.2): each input draws a format and an image count from a {@link FormatMix}, companions
 * from a {@link CompanionPool}, and is rewritten by the {@link Format} added for that kind ({@link
 * SequenceFormat}, {@link GridFormat}, {@link PicInPicFormat}). Inputs and companions may be files
 * or images in memory ({@link Workspace#inMemory}).
 *
 * <pre>{@code
 * MultiImageAugmenter augmenter =
 *     MultiImageAugmenter.builder().sequence().grid().picInPic().seed(42).build();
 * AugmentSummary summary =
 *     augmenter.run(samples, new Workspace(imageRoot, pool, store), writer::write);
 * }</pre>
 *
 * <h2>Determinism</h2>
 *
 * Sample {@code i} of the input (0-based) draws everything from its own random source, derived from
 * the seed and {@code i} alone; the companion pool is sorted; composed images are encoded with
 * fixed settings and named by their content. So the same seed, inputs and pool give the same
 * samples, images and order whatever the number of threads; slices of the input run apart with
 * their position in the whole input ({@link #run(Stream, long, Workspace, Consumer,
 * AugmentListener)}) build what one run over the whole input builds.
 *
 * <h2>Parallelism and memory</h2>
 *
 * The calling thread reads the input stream and hands each sample to a pool of worker threads,
 * keeping at most {@link Builder#inFlight} samples under way; results go to the sink in input
 * order, from the calling thread. Workers write composed images to the {@link
 * dev.mia.formats.store.ImageStore} themselves, so a finished result holds paths, not pixels:
 * memory is bounded by the samples in flight, not by the dataset.
 *
 * <h2>Skipped samples</h2>
 *
 * An input that does not show exactly one image, holds a bounding box ({@link BoxPolicy#EXCLUDE}),
 * has too few companions in its group, whose own image is unreadable, or that rewrites into an
 * invalid sample is reported to the {@link AugmentListener} once, under its id, and counted; the
 * run goes on. A companion that cannot be read is left out of the drawing sample's draws, which are
 * made again; it never costs that sample (see {@link SampleTask}). Any other failure (an unwritable
 * output folder, a bad input stream) stops the run and is rethrown.
 *
 * <p>Instances are immutable and thread-safe; one can serve several runs.
 */
public final class MultiImageAugmenter {
  private final Map<MultiImageFormat, Format> formats;
  private final FormatMix mix;
  private final long seed;
  private final int threads;
  private final int inFlight;
  private final BoxPolicy boxPolicy;
  private final ImageCheck imageCheck;

  private MultiImageAugmenter(Builder builder, FormatMix mix) {
    this.formats = Collections.unmodifiableMap(new EnumMap<>(builder.formats));
    this.mix = mix;
    this.seed = builder.seed;
    this.threads = builder.threads;
    this.inFlight = builder.inFlight > 0 ? builder.inFlight : 4 * builder.threads;
    this.boxPolicy = builder.boxPolicy;
    this.imageCheck = builder.imageCheck;
  }

  /**
   * Starts a builder with no format; add at least one.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the mix in effect: the configured one with the weights of formats that were not added
   * set to 0.
   *
   * @return the mix
   */
  public FormatMix mix() {
    return mix;
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the number of worker threads.
   *
   * @return the thread count
   */
  public int threads() {
    return threads;
  }

  /**
   * Returns the bounding-box policy.
   *
   * @return the policy
   */
  public BoxPolicy boxPolicy() {
    return boxPolicy;
  }

  /**
   * Returns whether sequence images are decoded.
   *
   * @return the check
   */
  public ImageCheck imageCheck() {
    return imageCheck;
  }

  /**
   * Returns the formats added, by kind.
   *
   * @return the formats, in the order of {@link MultiImageFormat}
   */
  public Map<MultiImageFormat, Format> formats() {
    return formats;
  }

  /** The format of a kind the mix draws; only kinds with a format have a positive weight. */
  Format format(MultiImageFormat kind) {
    return requireNonNull(formats.get(kind), kind.name());
  }

  /**
   * Runs with no listener; see {@link #run(Stream, Workspace, Consumer, AugmentListener)}.
   *
   * @param samples the input samples, read once, in order
   * @param workspace where images are read and written
   * @param sink receives the built samples in input order
   * @return the counts
   */
  public AugmentSummary run(
      Stream<SftSample> samples, Workspace workspace, Consumer<? super MultiImageSample> sink) {
    return run(samples, workspace, sink, AugmentListener.NONE);
  }

  /**
   * Builds multi-image samples from a stream of single-image samples, in parallel, and hands them
   * to the sink in input order (the regular sample of an input first, then its refusal sample if
   * any). The sink and the listener are called from this thread only.
   *
   * @param samples the input samples, read once, in order; not closed
   * @param workspace where images are read and written
   * @param sink receives the built samples in input order
   * @param listener hears about built and skipped samples and progress
   * @return the counts per format and image count, and of skipped inputs
   * @throws RuntimeException whatever the input stream, the sink, the listener or the image store
   *     throws; the workers are stopped first
   */
  public AugmentSummary run(
      Stream<SftSample> samples,
      Workspace workspace,
      Consumer<? super MultiImageSample> sink,
      AugmentListener listener) {
    return run(samples, 0, workspace, sink, listener);
  }

  /**
   * Builds multi-image samples from a slice of a larger input whose first sample is sample {@code
   * firstIndex} of that input: each sample draws from the random source of its position in the
   * whole input ({@code firstIndex + i}), so the slices of an input, run separately (on several
   * machines, e.g. the partitions of a Spark job), build exactly the samples that one run over the
   * whole input builds. {@link SkippedSample#index()} is the position in the whole input too. With
   * {@code firstIndex} 0 this is {@link #run(Stream, Workspace, Consumer, AugmentListener)}.
   *
   * @param samples the slice's samples, read once, in order; not closed
   * @param firstIndex the position of the slice's first sample in the whole input, at least 0
   * @param workspace where images are read and written; its pool drawn from the whole input
   * @param sink receives the built samples in input order
   * @param listener hears about built and skipped samples and progress (counted in the slice)
   * @return the counts of the slice
   * @throws IllegalArgumentException if {@code firstIndex} is negative
   * @throws RuntimeException whatever the input stream, the sink, the listener or the image store
   *     throws; the workers are stopped first
   */
  public AugmentSummary run(
      Stream<SftSample> samples,
      long firstIndex,
      Workspace workspace,
      Consumer<? super MultiImageSample> sink,
      AugmentListener listener) {
    if (firstIndex < 0) {
      throw new IllegalArgumentException("firstIndex must be >= 0, but is: " + firstIndex);
    }
    requireNonNull(samples, "samples");
    requireNonNull(sink, "sink");
    requireNonNull(listener, "listener");
    SampleTask task = new SampleTask(this, requireNonNull(workspace, "workspace"));
    Tally tally = new Tally();
    ExecutorService workers = Executors.newFixedThreadPool(threads, new WorkerThreads());
    Deque<Future<Outcome>> window = new ArrayDeque<>();
    try {
      Iterator<SftSample> it = samples.iterator();
      long next = firstIndex;
      while (true) {
        while (window.size() < inFlight && it.hasNext()) {
          SftSample sample = requireNonNull(it.next(), "sample");
          long index = next++;
          window.addLast(workers.submit(() -> task.process(sample, index)));
        }
        if (window.isEmpty()) {
          break;
        }
        Outcome outcome = await(window.removeFirst());
        SkippedSample skipped = outcome.skipped();
        if (skipped != null) {
          tally.skipped(skipped.reason());
          listener.skipped(skipped);
        }
        for (MultiImageSample sample : outcome.samples()) {
          tally.built(sample);
          listener.built(sample);
          sink.accept(sample);
        }
        listener.progress(tally.inputDone());
      }
    } finally {
      for (Future<Outcome> pending : window) {
        pending.cancel(true);
      }
      workers.shutdownNow();
    }
    return tally.snapshot();
  }

  private static Outcome await(Future<Outcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a sample", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("building a sample failed", cause);
    }
  }

  /** {@return every setting: formats, mix, seed, threads, in-flight bound, policies} */
  @Override
  public String toString() {
    return "MultiImageAugmenter[sequence="
        + formats.get(MultiImageFormat.SEQUENCE)
        + ", grid="
        + formats.get(MultiImageFormat.GRID)
        + ", picInPic="
        + formats.get(MultiImageFormat.PIC_IN_PIC)
        + ", mix="
        + mix
        + ", seed="
        + seed
        + ", threads="
        + threads
        + ", inFlight="
        + inFlight
        + ", boxPolicy="
        + boxPolicy
        + ", imageCheck="
        + imageCheck
        + "]";
  }

  /** Daemon worker threads with readable names. */
  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread thread = new Thread(r, "mia-formats-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /** Settings of a {@link MultiImageAugmenter}. */
  public static final class Builder {
    private final Map<MultiImageFormat, Format> formats = new EnumMap<>(MultiImageFormat.class);
    private FormatMix mix = FormatMix.miaDpo();
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int inFlight;
    private BoxPolicy boxPolicy = BoxPolicy.EXCLUDE;
    private ImageCheck imageCheck = ImageCheck.DECODE;

    private Builder() {}

    /**
     * Adds the sequence format with MIA-DPO's settings ({@link SequenceFormat#miaDpo()}).
     *
     * @return this builder
     */
    public Builder sequence() {
      return sequence(SequenceFormat.miaDpo());
    }

    /**
     * Adds the sequence format; not added by default.
     *
     * @param format the format
     * @return this builder
     */
    public Builder sequence(SequenceFormat format) {
      return format(format);
    }

    /**
     * Adds the grid format with MIA-DPO's settings ({@link GridFormat#miaDpo()}).
     *
     * @return this builder
     */
    public Builder grid() {
      return grid(GridFormat.miaDpo());
    }

    /**
     * Adds the grid format; not added by default.
     *
     * @param format the format
     * @return this builder
     */
    public Builder grid(GridFormat format) {
      return format(format);
    }

    /**
     * Adds the pic-in-pic format with MIA-DPO's settings ({@link PicInPicFormat#miaDpo()}).
     *
     * @return this builder
     */
    public Builder picInPic() {
      return picInPic(PicInPicFormat.miaDpo());
    }

    /**
     * Adds the pic-in-pic format; not added by default.
     *
     * @param format the format
     * @return this builder
     */
    public Builder picInPic(PicInPicFormat format) {
      return format(format);
    }

    /**
     * Adds a format for its kind ({@link Format#kind()}), replacing any added before for that kind;
     * none is added by default.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(Format format) {
      formats.put(requireNonNull(format, "format").kind(), format);
      return this;
    }

    /**
     * Sets the proportions of formats and image counts; default {@link FormatMix#miaDpo()}. Formats
     * that are not added get weight 0.
     *
     * @param mix the mix
     * @return this builder
     */
    public Builder mix(FormatMix mix) {
      this.mix = requireNonNull(mix, "mix");
      return this;
    }

    /**
     * Sets the seed of every random draw; default 0.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the number of worker threads; default the number of available processors.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Sets how many input samples may be under way at once; default {@code 4 * threads}.
     *
     * @param inFlight at least 1
     * @return this builder
     */
    public Builder inFlight(int inFlight) {
      if (inFlight < 1) {
        throw new IllegalArgumentException("inFlight must be >= 1, but is: " + inFlight);
      }
      this.inFlight = inFlight;
      return this;
    }

    /**
     * Sets what happens to samples with bounding boxes; default {@link BoxPolicy#EXCLUDE}.
     *
     * @param boxPolicy the policy
     * @return this builder
     */
    public Builder boxPolicy(BoxPolicy boxPolicy) {
      this.boxPolicy = requireNonNull(boxPolicy, "boxPolicy");
      return this;
    }

    /**
     * Sets whether sequence images are decoded; default {@link ImageCheck#DECODE}.
     *
     * @param imageCheck the check
     * @return this builder
     */
    public Builder imageCheck(ImageCheck imageCheck) {
      this.imageCheck = requireNonNull(imageCheck, "imageCheck");
      return this;
    }

    /**
     * Validates the settings and builds the augmenter.
     *
     * @return the augmenter
     * @throws IllegalStateException if no format was added, or the added formats all have weight 0
     *     in the mix
     * @throws IllegalArgumentException if {@code threads} is below 1, or the mix draws a grid image
     *     count the grid format does not allow
     */
    public MultiImageAugmenter build() {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, but is: " + threads);
      }
      if (formats.isEmpty()) {
        throw new IllegalStateException(
            "no format added: call sequence(), grid() or picInPic() before build()");
      }
      Map<MultiImageFormat, Double> weights = new EnumMap<>(MultiImageFormat.class);
      for (MultiImageFormat kind : MultiImageFormat.values()) {
        weights.put(kind, formats.containsKey(kind) ? mix.weight(kind) : 0.0);
      }
      if (weights.values().stream().allMatch(w -> w == 0.0)) {
        throw new IllegalStateException(
            "the added formats all have weight 0 in the mix " + mix.formats());
      }
      for (Map.Entry<MultiImageFormat, Format> e : formats.entrySet()) {
        MultiImageFormat kind = e.getKey();
        if (weights.get(kind) == 0.0) {
          continue;
        }
        Map<Integer, Double> counts =
            switch (kind) {
              case SEQUENCE -> mix.sequenceImageCounts();
              case GRID -> mix.gridImageCounts();
              case PIC_IN_PIC -> Map.of(2, 1.0);
            };
        for (Map.Entry<Integer, Double> c : counts.entrySet()) {
          if (c.getValue() > 0 && !e.getValue().accepts(c.getKey())) {
            String allowed =
                e.getValue() instanceof GridFormat grid
                    ? "one of " + grid.imageCounts()
                    : "accepted by " + e.getValue();
            throw new IllegalArgumentException(
                kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " image count must be "
                    + allowed
                    + ", but the mix draws: "
                    + c.getKey());
          }
        }
      }
      return new MultiImageAugmenter(this, mix.withFormats(weights));
    }
  }
}
