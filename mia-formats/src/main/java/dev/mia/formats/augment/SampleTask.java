package dev.mia.formats.augment;

import dev.mia.core.ImageReadException;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import dev.mia.core.image.ContentHash;
import dev.mia.core.image.ImageLoader;
import dev.mia.formats.BoundingBoxes;
import dev.mia.formats.Format;
import dev.mia.formats.Picture;
import dev.mia.formats.store.ImageStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the multi-image samples of one input sample; runs on a worker thread. One instance serves
 * one run.
 *
 * <h2>Companions that cannot be read</h2>
 *
 * A drawn companion is decoded (when the format needs its pixels, or the image check asks for it)
 * before the sample is built. If it cannot be read, it is left out of this sample's draws and the
 * companions are drawn again, until they all read or too few are left. The retry depends only on
 * the sample's own random source and on which files are unreadable, never on what other samples did
 * first, so the output is the same for any number of threads; the run remembers unreadable images
 * so that each is decoded once. A bad image thus costs only the sample that owns it (its own
 * target, reported as {@link SkipReason#UNREADABLE_IMAGE} under its id), never a sample that drew
 * it.
 */
final class SampleTask {
  private final MultiImageAugmenter config;
  private final Workspace workspace;

  /** Images found unreadable in this run, by id, with the reason: an optimisation only. */
  private final Map<String, String> unreadable = new ConcurrentHashMap<>();

  SampleTask(MultiImageAugmenter config, Workspace workspace) {
    this.config = config;
    this.workspace = workspace;
  }

  /**
   * Handles one sample. Its draws, in order: the format, the image count, the companions (again
   * after each unreadable one), then the format's own (shuffle, phrases, refusal).
   */
  Outcome process(SftSample sample, long index) {
    String id = sample.id();
    if (sample.images().size() != 1) {
      return skip(
          index,
          id,
          SkipReason.NOT_ONE_IMAGE_FILE,
          "shows " + sample.images().size() + " images; exactly one image is needed",
          null);
    }
    ImageRef target = sample.images().get(0);
    String targetId = SourceImage.idOf(target);
    if (config.boxPolicy() == BoxPolicy.EXCLUDE && BoundingBoxes.appearIn(sample.conversation())) {
      return skip(index, id, SkipReason.HAS_BOUNDING_BOX, "a turn holds a bounding box", null);
    }
    SplittableRandom random = SampleSeeds.forSample(config.seed(), index);
    MultiImageFormat kind = config.mix().drawFormat(random);
    int count = config.mix().drawImageCount(kind, random);
    Format format = config.format(kind);
    boolean decode = format.composes() || config.imageCheck() == ImageCheck.DECODE;
    Picture targetPicture;
    try {
      targetPicture = decode ? load(target) : Picture.of(target);
    } catch (ImageReadException e) {
      return skip(index, id, SkipReason.UNREADABLE_IMAGE, e.getMessage(), e.path());
    }
    CompanionPool pool = workspace.pool();
    int needed = count - 1;
    Set<String> excluded = new LinkedHashSet<>();
    Map<String, Picture> decoded = new HashMap<>();
    List<Picture> companions;
    while (true) {
      int available = pool.available(targetId, excluded);
      if (available < needed) {
        return skip(
            index,
            id,
            SkipReason.TOO_FEW_COMPANIONS,
            "a "
                + kind
                + " of "
                + count
                + " images needs "
                + needed
                + " companion images from group '"
                + pool.grouping().groupOf(targetId)
                + "', but the pool has "
                + available
                + " other "
                + (excluded.isEmpty()
                    ? "images there"
                    : "readable images there (" + excluded.size() + " unreadable left out)"),
            null);
      }
      companions = new ArrayList<>(needed);
      String bad = null;
      for (ImageRef drawn : pool.draw(targetId, needed, excluded, random)) {
        if (!decode) {
          companions.add(Picture.of(drawn));
          continue;
        }
        String drawnId = SourceImage.idOf(drawn);
        Picture picture = decoded.get(drawnId);
        if (picture == null) {
          if (unreadable.containsKey(drawnId)) {
            bad = drawnId;
            break;
          }
          try {
            picture = load(drawn);
          } catch (ImageReadException e) {
            unreadable.put(drawnId, e.getMessage());
            bad = drawnId;
            break;
          }
          decoded.put(drawnId, picture);
        }
        companions.add(picture);
      }
      if (bad == null) {
        break;
      }
      excluded.add(bad);
    }
    try {
      List<MultiImageSample> built = format.build(sample, targetPicture, companions, random);
      List<MultiImageSample> out = new ArrayList<>(built.size());
      for (MultiImageSample m : built) {
        out.add(stored(m));
      }
      return Outcome.built(out);
    } catch (InvalidSampleException e) {
      return skip(index, id, SkipReason.INVALID_SAMPLE, e.getMessage(), null);
    }
  }

  /**
   * An image with its pixels: an in-memory one as it is, a file resolved under the workspace's path
   * policy, decoded within its image limits and hashed (the hash of its bytes, unless the reference
   * carries one). A refused path ({@link dev.mia.core.ImagePathException}) or a file over the
   * limits ({@link dev.mia.core.ImageTooLargeException}) is an unreadable image like any other.
   */
  private Picture load(ImageRef image) {
    if (image instanceof ImageRef.InMemory) {
      return Picture.of(image);
    }
    ImageRef.OnDisk file = (ImageRef.OnDisk) image;
    Path path = file.resolve(workspace.imageRoot(), workspace.pathPolicy());
    BufferedImage pixels = ImageLoader.read(path, workspace.imageLimits());
    String hash =
        file.sha256() != null ? file.sha256() : ContentHash.ofFile(path, workspace.imageLimits());
    return new Picture(new ImageRef.OnDisk(file.path(), hash), pixels);
  }

  /** The sample with its in-memory images written to the store, if the workspace has one. */
  private MultiImageSample stored(MultiImageSample sample) {
    ImageStore store = workspace.store();
    if (store == null) {
      return sample;
    }
    List<ImageRef> images = new ArrayList<>(sample.images().size());
    boolean changed = false;
    for (ImageRef image : sample.images()) {
      if (image instanceof ImageRef.InMemory pixels) {
        images.add(store.put(pixels.image()));
        changed = true;
      } else {
        images.add(image);
      }
    }
    if (!changed) {
      return sample;
    }
    return new MultiImageSample(
        sample.id(),
        images,
        sample.targetIndex(),
        sample.layout(),
        sample.conversation(),
        sample.provenance());
  }

  private static Outcome skip(
      long index, String id, SkipReason reason, String problem, @Nullable String imagePath) {
    String message = problem.startsWith("sample '") ? problem : "sample '" + id + "': " + problem;
    return Outcome.skipped(new SkippedSample(index, id, reason, message, imagePath));
  }
}
