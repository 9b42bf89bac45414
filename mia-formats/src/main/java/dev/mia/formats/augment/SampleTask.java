package dev.mia.formats.augment;

import dev.mia.core.ImageReadException;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.image.ImageLoader;
import dev.mia.formats.BoundingBoxes;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** Builds the multi-image samples of one input sample; runs on a worker thread. */
final class SampleTask {
  private final MultiImageAugmenter config;
  private final Workspace workspace;

  SampleTask(MultiImageAugmenter config, Workspace workspace) {
    this.config = config;
    this.workspace = workspace;
  }

  /**
   * Handles one sample. Its draws, in order: the format, the image count, the companions, then the
   * format's own (shuffle, phrases), then for a sequence the refusal decision.
   */
  Outcome process(SftSample sample, long index) {
    String id = sample.id();
    if (sample.images().size() != 1 || !(sample.images().get(0) instanceof ImageRef.OnDisk)) {
      return skip(
          index,
          id,
          SkipReason.NOT_ONE_IMAGE_FILE,
          "shows " + sample.images().size() + " images; exactly one image file is needed",
          null);
    }
    ImageRef.OnDisk target = (ImageRef.OnDisk) sample.images().get(0);
    if (config.boxPolicy() == BoxPolicy.EXCLUDE && BoundingBoxes.appearIn(sample.conversation())) {
      return skip(index, id, SkipReason.HAS_BOUNDING_BOX, "a turn holds a bounding box", null);
    }
    SplittableRandom random = SampleSeeds.forSample(config.seed(), index);
    MultiImageFormat format = config.mix().drawFormat(random);
    int count = config.mix().drawImageCount(format, random);
    CompanionPool pool = workspace.pool();
    int needed = count - 1;
    if (pool.available(target.path()) < needed) {
      return skip(
          index,
          id,
          SkipReason.TOO_FEW_COMPANIONS,
          "a "
              + format
              + " of "
              + count
              + " images needs "
              + needed
              + " companion images from group '"
              + pool.grouping().groupOf(target.path())
              + "', but the pool has "
              + pool.available(target.path())
              + " other images there",
          null);
    }
    List<ImageRef.OnDisk> companions = pool.draw(target.path(), needed, random);
    try {
      switch (format) {
        case SEQUENCE:
          return Outcome.built(sequence(sample, target, companions, random));
        case GRID:
          {
            BufferedImage targetImage = read(target);
            List<BufferedImage> others = new ArrayList<>(companions.size());
            for (ImageRef.OnDisk companion : companions) {
              others.add(read(companion));
            }
            MultiImageSample grid = config.gridFormat().build(sample, targetImage, others, random);
            return Outcome.built(List.of(stored(grid)));
          }
        default:
          {
            BufferedImage targetImage = read(target);
            BufferedImage background = read(companions.get(0));
            MultiImageSample inset =
                config.picInPicFormat().build(sample, targetImage, background, random);
            return Outcome.built(List.of(stored(inset)));
          }
      }
    } catch (ImageReadException e) {
      return skip(index, id, SkipReason.UNREADABLE_IMAGE, e.getMessage(), e.path());
    } catch (InvalidSampleException e) {
      return skip(index, id, SkipReason.INVALID_SAMPLE, e.getMessage(), null);
    }
  }

  private List<MultiImageSample> sequence(
      SftSample sample,
      ImageRef.OnDisk target,
      List<ImageRef.OnDisk> companions,
      SplittableRandom random) {
    if (config.imageCheck() == ImageCheck.DECODE) {
      read(target);
      for (ImageRef.OnDisk companion : companions) {
        read(companion);
      }
    }
    List<MultiImageSample> out = new ArrayList<>(2);
    out.add(config.sequenceFormat().build(sample, companions, random));
    double rate = config.sequenceFormat().refusalRate();
    if (rate > 0 && random.nextDouble() < rate) {
      out.add(config.sequenceFormat().buildRefusal(sample, companions, random));
    }
    return out;
  }

  private BufferedImage read(ImageRef.OnDisk image) {
    return ImageLoader.read(
        image.resolve(workspace.imageRoot(), workspace.pathPolicy()), workspace.imageLimits());
  }

  private MultiImageSample stored(MultiImageSample composed) {
    ImageRef.InMemory canvas = (ImageRef.InMemory) composed.images().get(0);
    ImageRef.OnDisk file = workspace.store().put(canvas.image());
    return new MultiImageSample(
        composed.id(),
        List.of(file),
        composed.targetIndex(),
        composed.layout(),
        composed.conversation(),
        composed.provenance());
  }

  private static Outcome skip(
      long index, String id, SkipReason reason, String problem, @Nullable String imagePath) {
    String message = problem.startsWith("sample '") ? problem : "sample '" + id + "': " + problem;
    return Outcome.skipped(new SkippedSample(index, id, reason, message, imagePath));
  }
}
