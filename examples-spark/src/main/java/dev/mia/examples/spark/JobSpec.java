package dev.mia.examples.spark;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.PathPolicy;
import dev.mia.core.image.ImageLimits;
import dev.mia.core.io.OnBadRecord;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.examples.formats.BuildMultiImageCommand;
import dev.mia.formats.GridFormat;
import dev.mia.formats.SequenceFormat;
import dev.mia.formats.augment.MultiImageAugmenter;
import dev.mia.selection.attention.AttentionSelector;
import dev.mia.selection.filter.FilterChain;
import dev.mia.selection.negative.ModelAnswerGenerator;
import dev.mia.selection.pipeline.SelectionPipeline;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Everything a task needs to build its partition, sent to the executors with the job: where the
 * data, the images and the outputs are (paths every executor sees), how the input is cut, and the
 * settings of each stage. The stages themselves are built from it on the executor, with the same
 * settings as on one machine ({@link #augmenter}, {@link #pipeline}).
 *
 * <h2>Partitions</h2>
 *
 * The {@code total} good records of the input (in input order, bad ones left out, as {@link
 * dev.mia.core.io.DatasetReader} delivers them) are cut into {@code partitions} contiguous slices:
 * slice {@code p} holds records {@code [p * total / partitions, (p + 1) * total / partitions)}.
 * Concatenated in partition order, the slices' outputs are the input's in input order.
 *
 * @param data the LLaVA JSON or JSONL file
 * @param imageRoot the folder the data's image paths are relative to
 * @param composed where composed images (collages, insets) go; inside {@code imageRoot}
 * @param out the output folder
 * @param cache the reference log-prob cache folder
 * @param total the input's good records
 * @param partitions the number of slices, at least 1
 * @param seed the seed of the multi-image draws and of the generator
 * @param onBadRecord skip bad records or fail
 * @param pathPolicy which image paths of the data may be opened
 * @param tileSize the grid collage's tile side in pixels
 * @param margin the grid collage's margin in pixels
 * @param refusalRate the share of sequence samples that ask about a missing image
 * @param buildThreads the augmenter's threads in one task
 * @param batchSize the samples per generator call, and the rows per reference batch
 * @param maxNewTokens the longest generated answer
 * @param attentionLayer the layer whose attention the selector reads, or -1 for the middle one
 * @param model how to load the model
 */
public record JobSpec(
    String data,
    String imageRoot,
    String composed,
    String out,
    String cache,
    long total,
    int partitions,
    long seed,
    OnBadRecord onBadRecord,
    PathPolicy pathPolicy,
    int tileSize,
    int margin,
    double refusalRate,
    int buildThreads,
    int batchSize,
    int maxNewTokens,
    int attentionLayer,
    ModelSpec model)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Checks the components.
   *
   * @param data the LLaVA JSON or JSONL file
   * @param imageRoot the folder the data's image paths are relative to
   * @param composed where composed images go
   * @param out the output folder
   * @param cache the reference log-prob cache folder
   * @param total the input's good records
   * @param partitions the number of slices
   * @param seed the seed
   * @param onBadRecord skip bad records or fail
   * @param pathPolicy which image paths may be opened
   * @param tileSize the grid tile side
   * @param margin the grid margin
   * @param refusalRate the refusal share
   * @param buildThreads the augmenter's threads
   * @param batchSize the batch size
   * @param maxNewTokens the longest generated answer
   * @param attentionLayer the selector's layer, or -1
   * @param model the model
   */
  public JobSpec {
    requireNonNull(data, "data");
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(composed, "composed");
    requireNonNull(out, "out");
    requireNonNull(cache, "cache");
    requireNonNull(onBadRecord, "onBadRecord");
    requireNonNull(pathPolicy, "pathPolicy");
    requireNonNull(model, "model");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, but is: " + partitions);
    }
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, but is: " + total);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, but is: " + batchSize);
    }
  }

  /**
   * Returns the first record of a slice.
   *
   * @param partition the slice, in {@code [0, partitions]}
   * @return {@code partition * total / partitions}
   */
  public long start(int partition) {
    return Math.multiplyExact((long) partition, total) / partitions;
  }

  /**
   * Returns the end (exclusive) of a slice.
   *
   * @param partition the slice
   * @return {@code start(partition + 1)}
   */
  public long end(int partition) {
    return start(partition + 1);
  }

  /**
   * Returns the same job with another record count and partition count.
   *
   * @param total the input's good records
   * @param partitions the number of slices
   * @return the job
   */
  public JobSpec withSlices(long total, int partitions) {
    return new JobSpec(
        data,
        imageRoot,
        composed,
        out,
        cache,
        total,
        partitions,
        seed,
        onBadRecord,
        pathPolicy,
        tileSize,
        margin,
        refusalRate,
        buildThreads,
        batchSize,
        maxNewTokens,
        attentionLayer,
        model);
  }

  /**
   * Builds the augmenter: MIA-DPO's three formats in its mix, the grid with this job's geometry and
   * {@link BuildMultiImageCommand#labelFor}'s labels, as {@code BuildMultiImageCommand} does.
   *
   * @return the augmenter
   */
  public MultiImageAugmenter augmenter() {
    return MultiImageAugmenter.builder()
        .sequence(SequenceFormat.withRefusalRate(refusalRate))
        .grid(
            GridFormat.builder()
                .tileSize(tileSize)
                .margin(margin)
                .label(BuildMultiImageCommand.labelFor(tileSize, margin))
                .build())
        .picInPic()
        .seed(seed)
        .threads(buildThreads)
        .build();
  }

  /**
   * Returns the image limits of the data's images.
   *
   * @return {@link ImageLimits#DEFAULT}
   */
  public ImageLimits imageLimits() {
    return ImageLimits.DEFAULT;
  }

  /**
   * Builds MIA-DPO's selection for a model: its own greedy answers with the attention of one layer
   * ({@link #attentionLayer}, or the middle one), attention-aware selection on that layer, then
   * MIA-DPO's filters ({@link FilterChain#miaDpoDefaults()}), in batches of {@link #batchSize}.
   *
   * @param model the model
   * @return the pipeline
   */
  public SelectionPipeline pipeline(VisionLanguageModel model) {
    int layer = attentionLayer >= 0 ? attentionLayer : model.layerCount() / 2;
    AttentionSelector selector = AttentionSelector.builder().layers(layer).firstRow(0).build();
    return SelectionPipeline.builder(
            model,
            ModelAnswerGenerator.builder()
                .options(
                    GenerateOptions.builder()
                        .maxNewTokens(maxNewTokens)
                        .attentionLayers(selector.layers())
                        .build())
                .seed(seed)
                .build())
        .selector(selector)
        .filters(FilterChain.miaDpoDefaults())
        .batchSize(batchSize)
        .build();
  }

  /**
   * Returns a path of this job.
   *
   * @param path one of the string components
   * @return it as a path
   */
  static Path path(String path) {
    return Path.of(path);
  }
}
