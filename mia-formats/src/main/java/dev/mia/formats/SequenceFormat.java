package dev.mia.formats;

import static java.util.Objects.requireNonNull;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * MIA-DPO's sequence format: the target image and companion images shown one after the other, the
 * question naming the target by its position (Liu et al., arXiv 2410.17637, section 3.2; {@code
 * mix_data.ipynb}).
 *
 * <p>The target and its companions are shuffled; the target's 1-based position is {@code N}. The
 * first human turn becomes
 *
 * <pre>
 * Image1:&lt;image&gt;\nImage2:&lt;image&gt;\n...ImageK:&lt;image&gt;\nIn Image{N}, q
 * </pre>
 *
 * where {@code q} is the original question without its {@code <image>} (or {@code <image>\n}) and
 * with its first letter lower-cased; every later human turn becomes {@code In image{N}, q} (lower
 * case "image", as in the released notebooks). Answers are kept.
 *
 * <p>A refusal sample ({@link #buildRefusal}) asks about {@code Image{K+1}}, which does not exist,
 * and answers {@code You only provided {K} images, Image{K+1} does not exist.}; MIA-DPO added 1,251
 * of them to 62,461 sequence samples ({@value #MIA_DPO_REFUSAL_RATE} of the samples, rounded).
 *
 * <p>The layout records each position's image ({@link Layout.Sequence#sources()}), the provenance
 * the companions. Instances are immutable and thread-safe.
 */
public final class SequenceFormat implements Format {
  /** The fewest images a sequence shows: the target and one companion. */
  public static final int MIN_IMAGES = 2;

  /** MIA-DPO's share of refusal samples: 1,251 / 62,461, rounded to two digits. */
  public static final double MIA_DPO_REFUSAL_RATE = 0.02;

  private static final SequenceFormat MIA_DPO = new SequenceFormat(0.0);

  private final double refusalRate;

  private SequenceFormat(double refusalRate) {
    this.refusalRate = refusalRate;
  }

  /**
   * Returns the format with MIA-DPO's prompts and no refusal samples.
   *
   * @return the format
   */
  public static SequenceFormat miaDpo() {
    return MIA_DPO;
  }

  /**
   * Returns the format that also makes a refusal sample for a share of its samples.
   *
   * @param refusalRate the probability, in [0, 1], that a sample gets a refusal sample as well;
   *     MIA-DPO's is {@link #MIA_DPO_REFUSAL_RATE}
   * @return the format
   * @throws IllegalArgumentException if the rate is not in [0, 1]
   */
  public static SequenceFormat withRefusalRate(double refusalRate) {
    if (!(refusalRate >= 0.0 && refusalRate <= 1.0)) {
      throw new IllegalArgumentException("refusalRate must be in [0, 1], but is: " + refusalRate);
    }
    return new SequenceFormat(refusalRate);
  }

  /**
   * Returns the probability that a sample gets a refusal sample as well.
   *
   * @return the refusal rate, in [0, 1]
   */
  public double refusalRate() {
    return refusalRate;
  }

  /** {@return {@link MultiImageFormat#SEQUENCE}} */
  @Override
  public MultiImageFormat kind() {
    return MultiImageFormat.SEQUENCE;
  }

  /** {@return true for 2 or more images} */
  @Override
  public boolean accepts(int imageCount) {
    return imageCount >= MIN_IMAGES;
  }

  /** {@return false: a sequence refers to its images and composes nothing} */
  @Override
  public boolean composes() {
    return false;
  }

  /**
   * Builds the sequence sample of {@link #build(SftSample, List, RandomGenerator)} over the
   * pictures' references, then, with probability {@link #refusalRate()} (one {@code nextDouble()}
   * drawn only if the rate is above 0), its refusal sample ({@link #buildRefusal}).
   *
   * @param target a single-image sample
   * @param targetPicture the target's image; its reference is the one the sample shows
   * @param companions the other images, at least one; their pixels are not needed
   * @param random the source of the shuffles and the refusal draw
   * @return the sequence sample, then its refusal sample if one was drawn
   */
  @Override
  public List<MultiImageSample> build(
      SftSample target, Picture targetPicture, List<Picture> companions, RandomGenerator random) {
    List<ImageRef> refs = new ArrayList<>(companions.size());
    for (Picture companion : companions) {
      refs.add(companion.ref());
    }
    ImageRef targetRef = targetPicture.ref();
    List<MultiImageSample> out = new ArrayList<>(2);
    out.add(build(target, targetRef, refs, random));
    if (refusalRate > 0 && random.nextDouble() < refusalRate) {
      out.add(buildRefusal(target, targetRef, refs, random));
    }
    return out;
  }

  /**
   * Returns the prefix of the first human turn: {@code Image1:<image>\n...ImageK:<image>\nIn
   * Image{N}, }.
   *
   * @param imageCount the number of images K, at least 1
   * @param targetNumber the 1-based number N the question names
   * @return the prefix
   */
  public static String firstPrefix(int imageCount, int targetNumber) {
    StringBuilder prefix = new StringBuilder();
    for (int k = 1; k <= imageCount; k++) {
      prefix.append("Image").append(k).append(':').append(Conversation.IMAGE_PLACEHOLDER);
      prefix.append('\n');
    }
    return prefix.append("In Image").append(targetNumber).append(", ").toString();
  }

  /**
   * Builds a sequence sample: shuffles the target's image with the companions and rewrites the
   * conversation turn by turn.
   *
   * @param target a single-image sample
   * @param companions the other images, at least one; the sample shows {@code companions.size() +
   *     1} images
   * @param random the source of the shuffle
   * @return the sample, with id {@code <target id>-sequence<K>} and the target's 0-based position
   *     as its target index
   * @throws InvalidSampleException if the target does not show exactly one image
   * @throws IllegalArgumentException if there is no companion
   */
  public MultiImageSample build(
      SftSample target, List<? extends ImageRef> companions, RandomGenerator random) {
    return build(target, requireOneImage(target), companions, random);
  }

  private MultiImageSample build(
      SftSample target,
      ImageRef targetRef,
      List<? extends ImageRef> companions,
      RandomGenerator random) {
    Arrangement<ImageRef> arrangement = arrange(target, targetRef, companions, random);
    int count = arrangement.ordered().size();
    int n = arrangement.targetIndex() + 1;
    Conversation conversation =
        Questions.rewrite(
            target.conversation(),
            turn -> turn == 0 ? firstPrefix(count, n) : "In image" + n + ", ");
    return sample(
        target.id() + "-sequence" + count, target, arrangement, conversation, false, companions);
  }

  /**
   * Builds a refusal sample: the same kind of image sequence, a question about {@code Image{K+1}},
   * which is not there, and the answer {@code You only provided {K} images, Image{K+1} does not
   * exist.}. Only the first round of the conversation is used. Its target index is the position of
   * the source image, so that the sample stays valid; its provenance stage is {@code
   * mia-formats/sequence-refusal}.
   *
   * @param target a single-image sample
   * @param companions the other images, at least one
   * @param random the source of the shuffle
   * @return the sample, with id {@code <target id>-sequence<K>-refusal}
   * @throws InvalidSampleException if the target does not show exactly one image
   * @throws IllegalArgumentException if there is no companion
   */
  public MultiImageSample buildRefusal(
      SftSample target, List<? extends ImageRef> companions, RandomGenerator random) {
    return buildRefusal(target, requireOneImage(target), companions, random);
  }

  private MultiImageSample buildRefusal(
      SftSample target,
      ImageRef targetRef,
      List<? extends ImageRef> companions,
      RandomGenerator random) {
    Arrangement<ImageRef> arrangement = arrange(target, targetRef, companions, random);
    int count = arrangement.ordered().size();
    String question =
        firstPrefix(count, count + 1) + Questions.clean(target.conversation().questions().get(0));
    String answer =
        "You only provided " + count + " images, Image" + (count + 1) + " does not exist.";
    return sample(
        target.id() + "-sequence" + count + "-refusal",
        target,
        arrangement,
        Conversation.singleRound(question, answer),
        true,
        companions);
  }

  private static ImageRef requireOneImage(SftSample target) {
    if (target.images().size() != 1) {
      throw new InvalidSampleException(
          target.id(),
          "a sequence is built from a single-image sample, but it has "
              + target.images().size()
              + " images");
    }
    return target.images().get(0);
  }

  private static Arrangement<ImageRef> arrange(
      SftSample target,
      ImageRef targetRef,
      List<? extends ImageRef> companions,
      RandomGenerator random) {
    requireNonNull(random, "random");
    requireOneImage(target);
    if (companions.isEmpty()) {
      throw new IllegalArgumentException("companions must hold at least 1 image, but has 0");
    }
    return Arrangement.shuffle(targetRef, List.copyOf(companions), random);
  }

  private MultiImageSample sample(
      String id,
      SftSample target,
      Arrangement<ImageRef> arrangement,
      Conversation conversation,
      boolean refusal,
      List<? extends ImageRef> companions) {
    int count = arrangement.ordered().size();
    List<String> companionIds = new ArrayList<>(companions.size());
    for (ImageRef companion : companions) {
      companionIds.add(SourceImage.idOf(companion));
    }
    List<SourceImage> sources = new ArrayList<>(count);
    for (ImageRef image : arrangement.ordered()) {
      sources.add(SourceImage.of(image));
    }
    Provenance provenance =
        Provenance.from(target.id())
            .withCompanions(companionIds)
            .with(
                Provenance.Stage.of(
                    refusal ? "mia-formats/sequence-refusal" : "mia-formats/sequence",
                    toString(),
                    Map.of(
                        "imageCount",
                        (double) count,
                        "targetIndex",
                        (double) arrangement.targetIndex())));
    return new MultiImageSample(
        id,
        arrangement.ordered(),
        arrangement.targetIndex(),
        new Layout.Sequence(count, sources),
        conversation,
        provenance);
  }

  /** {@return the settings, for example {@code SequenceFormat[refusalRate=0.0]}} */
  @Override
  public String toString() {
    return "SequenceFormat[refusalRate=" + refusalRate + "]";
  }
}
