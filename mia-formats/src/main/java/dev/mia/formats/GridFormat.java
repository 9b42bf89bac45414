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
import dev.mia.core.data.SourceImage;
import dev.mia.core.image.Resize;
import dev.mia.formats.label.BitmapFont;
import dev.mia.formats.label.LabelStyle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * MIA-DPO's grid collage format: the target and companion images as labelled tiles of one canvas,
 * the question naming the target by its label (Liu et al., arXiv 2410.17637, section 3.2; {@code
 * make_data_pingtu_v1.ipynb}).
 *
 * <h2>Geometry</h2>
 *
 * With tile size {@code t} (448), margin {@code m} (40) and a {@code rows x columns} shape, the
 * canvas is {@code W = columns * t + (columns - 1) * m} wide and {@code H = rows * (t + m)} high (a
 * margin above each row holds the labels); tile {@code k} (0-based, row-major; row {@code i = k /
 * columns}, column {@code j = k % columns}) is the box at {@code x = j (t + m)}, {@code y = i (t +
 * m) + m}, of size {@code t x t}. Each image is resized keeping its aspect ratio to fit the tile
 * ({@link Resize#toFit}) and placed at the tile's top-left corner on the background (white).
 * MIA-DPO's shapes: 2 and 3 images in one row, 4 as 2x2, 6 as 2x3, 9 as 3x3; other counts are
 * rejected.
 *
 * <h2>Labels and prompt</h2>
 *
 * Above tile {@code k} the text {@code Image{k+1}} is drawn with the embedded {@link BitmapFont}
 * ({@link LabelStyle}), so that the pixels are the same on every machine. The first human turn
 * becomes {@code <image>\nIn Image{N}, q} ({@code q}: the question without its placeholder, first
 * letter lower-cased), every later one {@code In image{N}, q}.
 *
 * <h2>Cost</h2>
 *
 * One resize per tile plus a copy of the canvas's pixels; {@link #compose} works on decoded images
 * and can be timed on its own. Instances are immutable and thread-safe.
 */
public final class GridFormat implements Format {
  private static final GridFormat MIA_DPO = builder().build();

  private final int tileSize;
  private final int margin;
  private final SortedMap<Integer, GridShape> shapes;
  private final LabelStyle label;
  private final int background;

  private GridFormat(Builder builder) {
    this.tileSize = builder.tileSize;
    this.margin = builder.margin;
    this.shapes = Collections.unmodifiableSortedMap(new TreeMap<>(builder.shapes));
    this.label = builder.label;
    this.background = builder.background;
  }

  /**
   * Returns the format with MIA-DPO's settings: tiles of 448, margin 40, shapes {@code {2=1x2,
   * 3=1x3, 4=2x2, 6=2x3, 9=3x3}}, {@link LabelStyle#miaDpo()} labels, white background.
   *
   * @return the format
   */
  public static GridFormat miaDpo() {
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
   * Returns the image counts this format accepts, ascending.
   *
   * @return the counts, for example {@code [2, 3, 4, 6, 9]}
   */
  public List<Integer> imageCounts() {
    return List.copyOf(shapes.keySet());
  }

  /**
   * Returns the side of a square tile in pixels.
   *
   * @return the tile size
   */
  public int tileSize() {
    return tileSize;
  }

  /**
   * Returns the gap between columns and the height of the label band above each row, in pixels.
   *
   * @return the margin
   */
  public int margin() {
    return margin;
  }

  /**
   * Returns the geometry of a collage of {@code imageCount} tiles, as the class documentation
   * describes.
   *
   * @param imageCount the number of images; one of {@link #imageCounts()}
   * @return the canvas size and tile boxes
   * @throws IllegalArgumentException if the count is not one of {@link #imageCounts()}
   */
  public Layout.Grid layout(int imageCount) {
    GridShape shape = shapes.get(imageCount);
    if (shape == null) {
      throw new IllegalArgumentException(
          "grid image count must be one of " + imageCounts() + ", but is: " + imageCount);
    }
    int width = shape.columns() * tileSize + (shape.columns() - 1) * margin;
    int height = shape.rows() * (tileSize + margin);
    List<Box> tiles = new ArrayList<>(imageCount);
    for (int k = 0; k < imageCount; k++) {
      int i = k / shape.columns();
      int j = k % shape.columns();
      tiles.add(
          new Box(j * (tileSize + margin), i * (tileSize + margin) + margin, tileSize, tileSize));
    }
    return new Layout.Grid(shape.rows(), shape.columns(), width, height, tiles);
  }

  /**
   * Composes a labelled collage of decoded images, in the given order.
   *
   * @param images the tiles' images, row-major; any image type (converted as {@link
   *     dev.mia.core.image.ImageLoader#toRgb} does); not modified
   * @return the canvas and its layout
   * @throws IllegalArgumentException if the number of images is not one of {@link #imageCounts()}
   */
  public Collage compose(List<BufferedImage> images) {
    Layout.Grid layout = layout(images.size());
    BufferedImage canvas =
        new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    java.util.Arrays.fill(pixels, background);
    for (int k = 0; k < images.size(); k++) {
      Box tile = layout.tiles().get(k);
      BufferedImage fitted = Resize.toFit(images.get(k), tileSize, tileSize);
      // Resize returns a fresh TYPE_INT_RGB image, row-major without padding: copy its rows.
      int w = fitted.getWidth();
      int[] from = ((DataBufferInt) fitted.getRaster().getDataBuffer()).getData();
      for (int y = 0; y < fitted.getHeight(); y++) {
        System.arraycopy(from, y * w, pixels, (tile.y() + y) * layout.width() + tile.x(), w);
      }
      BitmapFont.draw(
          canvas,
          "Image" + (k + 1),
          tile.x() + label.offsetX(),
          tile.y() - label.offsetY(),
          label.scale(),
          label.rgb());
    }
    return new Collage(canvas, layout);
  }

  /** {@return {@link MultiImageFormat#GRID}} */
  @Override
  public MultiImageFormat kind() {
    return MultiImageFormat.GRID;
  }

  /** {@return true if the count is one of {@link #imageCounts()}} */
  @Override
  public boolean accepts(int imageCount) {
    return shapes.containsKey(imageCount);
  }

  /** {@return true: a grid composes a collage} */
  @Override
  public boolean composes() {
    return true;
  }

  /**
   * Builds a grid sample: shuffles the target's picture with the companions, composes the collage
   * and rewrites the conversation turn by turn. The layout records each tile's picture ({@link
   * Layout.Grid#sources()}), the provenance the companions.
   *
   * @param target a single-image sample
   * @param targetPicture the target's decoded image
   * @param companions the other decoded images; {@code companions.size() + 1} must be one of {@link
   *     #imageCounts()}
   * @param random the source of the shuffle
   * @return one sample, with id {@code <target id>-grid<n>}, one in-memory image and the target's
   *     0-based tile index
   * @throws InvalidSampleException if the target does not show exactly one image
   * @throws IllegalArgumentException if the number of images is not one of {@link #imageCounts()}
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
          "a grid is built from a single-image sample, but it has "
              + target.images().size()
              + " images");
    }
    layout(companions.size() + 1); // rejects a bad count before any work
    Arrangement<Picture> arrangement =
        Arrangement.shuffle(targetPicture, List.copyOf(companions), random);
    List<BufferedImage> pixels = new ArrayList<>(arrangement.ordered().size());
    List<SourceImage> sources = new ArrayList<>(arrangement.ordered().size());
    for (Picture picture : arrangement.ordered()) {
      pixels.add(picture.requirePixels());
      sources.add(picture.source());
    }
    Collage collage = compose(pixels);
    int n = arrangement.targetIndex() + 1;
    Conversation conversation =
        Questions.rewrite(
            target.conversation(),
            turn ->
                turn == 0
                    ? Conversation.IMAGE_PLACEHOLDER + "\nIn Image" + n + ", "
                    : "In image" + n + ", ");
    int count = arrangement.ordered().size();
    Provenance provenance =
        Provenance.from(target.id())
            .withCompanions(ids(companions))
            .with(
                Provenance.Stage.of(
                    "mia-formats/grid",
                    toString(),
                    Map.of(
                        "imageCount",
                        (double) count,
                        "targetIndex",
                        (double) arrangement.targetIndex())));
    return List.of(
        new MultiImageSample(
            target.id() + "-grid" + count,
            List.of(ImageRef.InMemory.of(collage.image())),
            arrangement.targetIndex(),
            collage.layout().withSources(sources),
            conversation,
            provenance));
  }

  /**
   * Builds MIA-DPO's multi-round collage (the {@code ping_llava187k_90k} variant of its released
   * data, 90k samples: 3 to 9 images merging the conversations of 2 or 3 source samples): several
   * targets and companions shuffled together into one collage, the targets' conversations
   * concatenated in the given order, each human turn naming its own sample's tile. The first human
   * turn of all becomes {@code <image>\nIn Image{N_1}, q}, every later one {@code In image{N_t},
   * q}, {@code N_t} being the 1-based tile of the turn's own sample; answers are kept. The shuffle
   * is {@link #build}'s over the targets' pictures (in order) followed by the companions.
   *
   * <p>The sample's target index is the first target's tile; the provenance lists every target id
   * as a source, the companions, and a {@code mia-formats/grid-multi-round} stage whose scores give
   * each target's tile ({@code targetIndex.0}, {@code targetIndex.1}, ...). The layout records
   * every tile's picture. MIA-DPO's notebook merges the rounds this way as described in its
   * released data (methods.md 1b); its exact merge code was not reachable, so the wording of later
   * turns follows the single-sample grid's.
   *
   * @param targets the samples whose conversations are merged, at least one, each of one image
   * @param targetPictures each target's decoded image, in the same order
   * @param companions other decoded images filling the collage; {@code targets.size() +
   *     companions.size()} must be one of {@link #imageCounts()}
   * @param random the source of the shuffle
   * @return the sample, with id {@code <first target id>-grid<n>-rounds<t>} and one in-memory image
   * @throws InvalidSampleException if a target does not show exactly one image
   * @throws IllegalArgumentException if the targets and their pictures differ in number, or the
   *     image count is not one of {@link #imageCounts()}
   */
  public MultiImageSample buildMultiRound(
      List<SftSample> targets,
      List<Picture> targetPictures,
      List<Picture> companions,
      RandomGenerator random) {
    requireNonNull(random, "random");
    return MergedRounds.build(
        this, List.copyOf(targets), List.copyOf(targetPictures), List.copyOf(companions), random);
  }

  /** The ids of pictures, in order. */
  static List<String> ids(List<Picture> pictures) {
    List<String> ids = new ArrayList<>(pictures.size());
    for (Picture picture : pictures) {
      ids.add(picture.source().id());
    }
    return ids;
  }

  /**
   * {@return every setting, for example {@code GridFormat[tileSize=448, margin=40, shapes={2=1x2,
   * ...}, label=LabelStyle[...], background=0xffffff]}}
   */
  @Override
  public String toString() {
    return "GridFormat[tileSize="
        + tileSize
        + ", margin="
        + margin
        + ", shapes="
        + shapes
        + ", label="
        + label
        + ", background=0x"
        + String.format("%06x", background)
        + "]";
  }

  /** Settings of a {@link GridFormat}; every setting starts at MIA-DPO's value. */
  public static final class Builder {
    private int tileSize = 448;
    private int margin = 40;
    private SortedMap<Integer, GridShape> shapes = miaDpoShapes();
    private LabelStyle label = LabelStyle.miaDpo();
    private int background = 0xFFFFFF;

    private Builder() {}

    private static SortedMap<Integer, GridShape> miaDpoShapes() {
      SortedMap<Integer, GridShape> shapes = new TreeMap<>();
      shapes.put(2, new GridShape(1, 2));
      shapes.put(3, new GridShape(1, 3));
      shapes.put(4, new GridShape(2, 2));
      shapes.put(6, new GridShape(2, 3));
      shapes.put(9, new GridShape(3, 3));
      return shapes;
    }

    /**
     * Sets the side of a square tile; default 448.
     *
     * @param tileSize the side in pixels, at least 1
     * @return this builder
     */
    public Builder tileSize(int tileSize) {
      this.tileSize = tileSize;
      return this;
    }

    /**
     * Sets the gap between columns, which is also the height of the label band above each row;
     * default 40.
     *
     * @param margin the margin in pixels, at least 0
     * @return this builder
     */
    public Builder margin(int margin) {
      this.margin = margin;
      return this;
    }

    /**
     * Sets which image counts are allowed and their shapes; default {@code {2=1x2, 3=1x3, 4=2x2,
     * 6=2x3, 9=3x3}}.
     *
     * @param shapes image count to shape; each count at least 2, filling the last row partly at
     *     most
     * @return this builder
     */
    public Builder shapes(Map<Integer, GridShape> shapes) {
      this.shapes = new TreeMap<>(requireNonNull(shapes, "shapes"));
      return this;
    }

    /**
     * Sets the label style; default {@link LabelStyle#miaDpo()}.
     *
     * @param label the style
     * @return this builder
     */
    public Builder label(LabelStyle label) {
      this.label = requireNonNull(label, "label");
      return this;
    }

    /**
     * Sets the canvas and tile background colour; default white, {@code 0xFFFFFF}.
     *
     * @param rgb the colour, {@code 0xRRGGBB}
     * @return this builder
     */
    public Builder background(int rgb) {
      this.background = rgb;
      return this;
    }

    /**
     * Validates the settings and builds the format.
     *
     * @return the format
     * @throws IllegalArgumentException if a setting is out of range, a shape cannot hold its count,
     *     or a label does not fit above its tile
     */
    public GridFormat build() {
      if (tileSize < 1) {
        throw new IllegalArgumentException("tileSize must be >= 1, but is: " + tileSize);
      }
      if (margin < 0) {
        throw new IllegalArgumentException("margin must be >= 0, but is: " + margin);
      }
      if (background < 0 || background > 0xFFFFFF) {
        throw new IllegalArgumentException(
            "background must be in [0x000000, 0xFFFFFF], but is: 0x"
                + Integer.toHexString(background));
      }
      if (shapes.isEmpty()) {
        throw new IllegalArgumentException("shapes must not be empty");
      }
      for (Map.Entry<Integer, GridShape> e : shapes.entrySet()) {
        int count = e.getKey();
        GridShape shape = requireNonNull(e.getValue(), "shape");
        if (count < 2 || count > shape.cells() || count <= shape.cells() - shape.columns()) {
          throw new IllegalArgumentException(
              "a " + shape + " grid cannot hold " + count + " images without an empty row");
        }
      }
      if (label.offsetY() > margin) {
        throw new IllegalArgumentException(
            "label offsetY must be <= the margin " + margin + ", but is: " + label.offsetY());
      }
      int widest = BitmapFont.width("Image" + shapes.lastKey(), label.scale());
      if (label.offsetX() + widest > tileSize) {
        throw new IllegalArgumentException(
            "label \"Image"
                + shapes.lastKey()
                + "\" ("
                + widest
                + " px at scale "
                + label.scale()
                + ", offsetX "
                + label.offsetX()
                + ") must fit the tile width "
                + tileSize);
      }
      return new GridFormat(this);
    }
  }
}
