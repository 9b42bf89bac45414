package dev.mia.benchmarks.streaming;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.Role;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * MIA-DPO's sequence format (Liu et al., arXiv 2410.17637), as the benchmark's stand-in for
 * mia-formats' builder: each single-image sample becomes a sample of 2 to 5 images, the target at a
 * random position among companions drawn from earlier samples, with the prompt {@code
 * Image1:<image>\nImage2:<image>\n...In Image{N}, <question, first letter lower-cased>} and later
 * questions {@code In image{N}, <question>}; answers are kept.
 *
 * <p>Companions come from a bounded pool: a uniform reservoir sample (Vitter's algorithm R) of the
 * single-image samples seen so far, so memory does not grow with the input. A sample is skipped
 * (empty result) if it does not have exactly one image or no companion is available yet (the first
 * single-image sample). Deterministic under its seed; one instance per thread.
 */
final class SequenceConverter {
  private static final String STAGE = "sequence-format";

  private final int poolSize;
  private final int minImages;
  private final int maxImages;
  private final long seed;
  private final SplittableRandom random;
  private final List<Companion> pool;
  private final Provenance.Stage stage;
  private long seen;

  /** A pooled source sample: its id and its image. */
  private record Companion(String sourceId, ImageRef image) {}

  SequenceConverter(int poolSize, int minImages, int maxImages, long seed) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, but is: " + poolSize);
    }
    if (minImages < 2 || maxImages < minImages) {
      throw new IllegalArgumentException(
          "images must satisfy 2 <= minImages <= maxImages, but are: "
              + minImages
              + " and "
              + maxImages);
    }
    this.poolSize = poolSize;
    this.minImages = minImages;
    this.maxImages = maxImages;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.pool = new ArrayList<>(poolSize);
    this.stage = Provenance.Stage.of(STAGE, toString(), Map.of());
  }

  /**
   * Converts one sample, then offers it to the companion pool.
   *
   * @param sample the source sample
   * @return the sequence sample, or empty if the sample is skipped
   */
  Optional<MultiImageSample> convert(SftSample sample) {
    if (sample.images().size() != 1) {
      return Optional.empty();
    }
    ImageRef target = sample.images().get(0);
    Optional<MultiImageSample> result = Optional.empty();
    List<Companion> companions = drawCompanions(target);
    if (!companions.isEmpty()) {
      int count = companions.size() + 1;
      int position = random.nextInt(count);
      List<ImageRef> images = new ArrayList<>(count);
      List<String> sourceIds = new ArrayList<>(count);
      for (int i = 0, c = 0; i < count; i++) {
        if (i == position) {
          images.add(target);
          sourceIds.add(sample.id());
        } else {
          images.add(companions.get(c).image());
          sourceIds.add(companions.get(c).sourceId());
          c++;
        }
      }
      result =
          Optional.of(
              new MultiImageSample(
                  sample.id(),
                  images,
                  position,
                  new Layout.Sequence(count),
                  rewrite(sample.conversation(), count, position + 1),
                  new Provenance(sourceIds, List.of(stage))));
    }
    offer(new Companion(sample.id(), target));
    return result;
  }

  private List<Companion> drawCompanions(ImageRef target) {
    int wanted = Math.min(minImages + random.nextInt(maxImages - minImages + 1) - 1, pool.size());
    List<Companion> drawn = new ArrayList<>(wanted);
    for (int attempt = 0; drawn.size() < wanted && attempt < 4 * wanted; attempt++) {
      Companion candidate = pool.get(random.nextInt(pool.size()));
      if (!candidate.image().equals(target) && !containsImage(drawn, candidate.image())) {
        drawn.add(candidate);
      }
    }
    return drawn;
  }

  private static boolean containsImage(List<Companion> companions, ImageRef image) {
    for (Companion companion : companions) {
      if (companion.image().equals(image)) {
        return true;
      }
    }
    return false;
  }

  private void offer(Companion companion) {
    seen++;
    if (pool.size() < poolSize) {
      pool.add(companion);
    } else {
      long slot = random.nextLong(seen);
      if (slot < poolSize) {
        pool.set((int) slot, companion);
      }
    }
  }

  /** The sequence prompt on the first question, "In image{N}, " on later ones. */
  static Conversation rewrite(Conversation conversation, int imageCount, int targetNumber) {
    List<Turn> turns = new ArrayList<>(conversation.turns().size());
    boolean first = true;
    for (Turn turn : conversation.turns()) {
      if (turn.role() != Role.HUMAN) {
        turns.add(turn);
        continue;
      }
      String question = lowerFirst(withoutPlaceholder(turn.text()));
      if (first) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 1; i <= imageCount; i++) {
          prompt.append("Image").append(i).append(':').append(Conversation.IMAGE_PLACEHOLDER);
          prompt.append('\n');
        }
        prompt.append("In Image").append(targetNumber).append(", ").append(question);
        turns.add(Turn.human(prompt.toString()));
        first = false;
      } else {
        turns.add(Turn.human("In image" + targetNumber + ", " + question));
      }
    }
    return new Conversation(turns);
  }

  private static String withoutPlaceholder(String text) {
    return text.replace(Conversation.IMAGE_PLACEHOLDER, "").strip();
  }

  private static String lowerFirst(String text) {
    if (text.isEmpty()) {
      return text;
    }
    int first = text.codePointAt(0);
    return new StringBuilder(text.length())
        .appendCodePoint(Character.toLowerCase(first))
        .append(text, Character.charCount(first), text.length())
        .toString();
  }

  @Override
  public String toString() {
    return "SequenceConverter(poolSize="
        + poolSize
        + ", minImages="
        + minImages
        + ", maxImages="
        + maxImages
        + ", seed="
        + seed
        + ")";
  }
}
