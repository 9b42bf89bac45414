package dev.mia.formats;

import static java.util.Objects.requireNonNull;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.Box;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.image.Canvas;
import dev.mia.core.image.ImageLoader;
import dev.mia.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * MIA-DPO's pic-in-pic format: the target image scaled down and pasted in the centre of another
 * image, the question naming the inner picture with a phrase (Liu et al., arXiv 2410.17637, section
 * 3.2; {@code make_data_pics_in_pics.ipynb}).
 *
 * <h2>Geometry</h2>
 *
 * With a {@code W x H} background, a target of aspect ratio {@code ar = w / h} and scale {@code s}
 * (0.7): if {@code W s / ar <= H s} then {@code w' = floor(s W)}, {@code h' = floor(w' / ar)},
 * otherwise {@code h' = floor(s H)}, {@code w' = floor(h' ar)}; each side is at least 1. The target
 * resized to {@code w' x h'} is pasted at {@code (floor((W - w') / 2), floor((H - h') / 2))}; the
 * canvas keeps the background's size. The sample records that inner box.
 *
 * <h2>Prompt</h2>
 *
 * The first human turn becomes {@code <image>\n<phrase>, q} and every later one {@code <phrase>,
 * q}, each with a phrase drawn afresh from the list ({@code q}: the question without its
 * placeholder, first letter lower-cased). MIA-DPO's 93 phrases are not reproduced; {@link
 * #DEFAULT_PHRASES} is mia's own list in the same spirit.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PicInPicFormat implements Format {
  /** Phrases that name the inner picture, written for mia. */
  public static final List<String> DEFAULT_PHRASES =
      List.of(
          "For the image in the center",
          "Regarding the central subplot",
          "For the picture placed in the middle",
          "Looking at the smaller image in the center",
          "Regarding the inset picture in the middle",
          "Focusing on the image embedded at the center",
          "For the small picture inside the larger one",
          "Concerning the central inset",
          "About the picture nested in the middle",
          "Considering the image framed at the center",
          "For the inner picture",
          "With respect to the embedded central image",
          "Looking only at the picture in the middle",
          "Regarding the image overlaid at the center",
          "For the central, smaller picture",
          "Concerning the photo pasted in the middle",
          "Focusing on the inner image",
          "About the inset image at the center",
          "For the picture within the picture",
          "Considering only the central inset photo",
          "Regarding the smaller image placed in the middle",
          "With reference to the picture at the center",
          "Turning to the embedded picture in the middle",
          "For the photo shown inside the larger image",
          "As for the image in the middle of the picture");

  private static final PicInPicFormat MIA_DPO = builder().build();

  private final double scale;
  private final List<String> phrases;

  private PicInPicFormat(Builder builder) {
    this.scale = builder.scale;
    this.phrases = builder.phrases;
  }

  /**
   * Returns the format with MIA-DPO's scale 0.7 and {@link #DEFAULT_PHRASES}.
   *
   * @return the format
   */
  public static PicInPicFormat miaDpo() {
    return MIA_DPO;
  }

  /**
   * Starts a builder with MIA-DPO's settings.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the largest share of the background's width and height the inner picture may take.
   *
   * @return the scale, in (0, 1]
   */
  public double scale() {
    return scale;
  }

  /**
   * Returns the phrases that name the inner picture.
   *
   * @return the phrases
   */
  public List<String> phrases() {
    return phrases;
  }

  /**
   * Returns the inner picture's box for a background and a target size, as the class documentation
   * describes.
   *
   * @param backgroundWidth the background width {@code W}, at least 1
   * @param backgroundHeight the background height {@code H}, at least 1
   * @param targetWidth the target's width, at least 1
   * @param targetHeight the target's height, at least 1
   * @return the box on the canvas
   * @throws IllegalArgumentException if a size is below 1
   */
  public Box innerBox(
      int backgroundWidth, int backgroundHeight, int targetWidth, int targetHeight) {
    if (backgroundWidth < 1 || backgroundHeight < 1 || targetWidth < 1 || targetHeight < 1) {
      throw new IllegalArgumentException(
          "sizes must be >= 1, but are: background "
              + backgroundWidth
              + "x"
              + backgroundHeight
              + ", target "
              + targetWidth
              + "x"
              + targetHeight);
    }
    double ar = (double) targetWidth / targetHeight;
    int w;
    int h;
    if (backgroundWidth * scale / ar <= backgroundHeight * scale) {
      w = (int) (backgroundWidth * scale);
      h = (int) (w / ar);
    } else {
      h = (int) (backgroundHeight * scale);
      w = (int) (h * ar);
    }
    w = Math.min(backgroundWidth, Math.max(1, w));
    h = Math.min(backgroundHeight, Math.max(1, h));
    return new Box((backgroundWidth - w) / 2, (backgroundHeight - h) / 2, w, h);
  }

  /**
   * Pastes the scaled target in the centre of the background.
   *
   * @param background the background; any image type; not modified
   * @param target the target; any image type; not modified
   * @return the canvas (the background's size) and the inner box
   */
  public Inset compose(BufferedImage background, BufferedImage target) {
    Box inner =
        innerBox(
            background.getWidth(), background.getHeight(), target.getWidth(), target.getHeight());
    BufferedImage scaled = Resize.toSize(target, inner.width(), inner.height());
    BufferedImage canvas =
        Canvas.paste(ImageLoader.toRgb(background), scaled, inner.x(), inner.y());
    return new Inset(canvas, new Layout.PicInPic(canvas.getWidth(), canvas.getHeight(), inner));
  }

  /** {@return {@link MultiImageFormat#PIC_IN_PIC}} */
  @Override
  public MultiImageFormat kind() {
    return MultiImageFormat.PIC_IN_PIC;
  }

  /** {@return true for 2 images: the background and the target} */
  @Override
  public boolean accepts(int imageCount) {
    return imageCount == 2;
  }

  /** {@return true: a pic-in-pic composes a canvas} */
  @Override
  public boolean composes() {
    return true;
  }

  /**
   * Builds a pic-in-pic sample: composes the canvas and rewrites the conversation turn by turn,
   * each human turn with a phrase drawn from {@link #phrases()}. The layout records the background
   * and the inner picture ({@link Layout.PicInPic#sources()}), the provenance the background as the
   * companion.
   *
   * @param target a single-image sample
   * @param targetPicture the target's decoded image
   * @param companions exactly one decoded image: the background
   * @param random the source of the phrases
   * @return one sample, with id {@code <target id>-pip}, one in-memory image and target index 1
   * @throws InvalidSampleException if the target does not show exactly one image
   * @throws IllegalArgumentException if there is not exactly one companion
   * @throws IllegalStateException if a picture is not decoded
   */
  @Override
  public List<MultiImageSample> build(
      SftSample target, Picture targetPicture, List<Picture> companions, RandomGenerator random) {
    requireNonNull(targetPicture, "targetPicture");
    requireNonNull(random, "random");
    if (target.images().size() != 1) {
      throw new InvalidSampleException(
          target.id(),
          "a pic-in-pic is built from a single-image sample, but it has "
              + target.images().size()
              + " images");
    }
    if (companions.size() != 1) {
      throw new IllegalArgumentException(
          "a pic-in-pic needs exactly 1 companion (the background), but has " + companions.size());
    }
    Picture background = companions.get(0);
    Inset inset = compose(background.requirePixels(), targetPicture.requirePixels());
    Conversation conversation =
        Questions.rewrite(
            target.conversation(),
            turn ->
                (turn == 0 ? Conversation.IMAGE_PLACEHOLDER + "\n" : "")
                    + phrases.get(random.nextInt(phrases.size()))
                    + ", ");
    Provenance provenance =
        Provenance.from(target.id())
            .withCompanions(List.of(background.source().id()))
            .with(
                Provenance.Stage.of(
                    "mia-formats/pic-in-pic",
                    "PicInPicFormat[scale=" + scale + ", phrases=" + phrases.size() + "]",
                    Map.of("imageCount", 2.0, "targetIndex", 1.0)));
    return List.of(
        new MultiImageSample(
            target.id() + "-pip",
            List.of(ImageRef.InMemory.of(inset.image())),
            1,
            inset.layout().withSources(background.source(), targetPicture.source()),
            conversation,
            provenance));
  }

  /** {@return every setting: the scale and the phrases} */
  @Override
  public String toString() {
    return "PicInPicFormat[scale=" + scale + ", phrases=" + phrases + "]";
  }

  /** Settings of a {@link PicInPicFormat}; every setting starts at MIA-DPO's value. */
  public static final class Builder {
    private double scale = 0.7;
    private List<String> phrases = DEFAULT_PHRASES;

    private Builder() {}

    /**
     * Sets the largest share of the background's width and height the inner picture may take;
     * default 0.7.
     *
     * @param scale the share, in (0, 1]
     * @return this builder
     */
    public Builder scale(double scale) {
      this.scale = scale;
      return this;
    }

    /**
     * Sets the phrases that name the inner picture; default {@link #DEFAULT_PHRASES}.
     *
     * @param phrases the phrases, not empty, none blank; copied
     * @return this builder
     */
    public Builder phrases(List<String> phrases) {
      this.phrases = List.copyOf(requireNonNull(phrases, "phrases"));
      return this;
    }

    /**
     * Validates the settings and builds the format.
     *
     * @return the format
     * @throws IllegalArgumentException if the scale is not in (0, 1] or the phrases are empty or
     *     hold a blank one
     */
    public PicInPicFormat build() {
      if (!(scale > 0.0 && scale <= 1.0)) {
        throw new IllegalArgumentException("scale must be in (0, 1], but is: " + scale);
      }
      if (phrases.isEmpty()) {
        throw new IllegalArgumentException("phrases must not be empty");
      }
      for (int i = 0; i < phrases.size(); i++) {
        if (phrases.get(i).isBlank()) {
          throw new IllegalArgumentException("phrase " + i + " is blank");
        }
      }
      return new PicInPicFormat(this);
    }
  }
}
