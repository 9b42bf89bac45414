package dev.mia.benchmarks.formats;

import dev.mia.formats.Collage;
import dev.mia.formats.GridFormat;
import dev.mia.formats.store.ImageEncoding;
import dev.mia.formats.store.ImageStore;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MIA-DPO's 3x3 grid collage of nine decoded 640x480 photos ({@link DecodedPhotos}), resized into
 * 448x448 tiles with a 40-pixel margin, labelled {@code Image1..Image9} and encoded as JPEG at
 * quality 0.95, on one thread: {@code GridFormat.miaDpo().compose} (a separable averaging
 * downscale, an embedded bitmap font) then {@link ImageStore#encode} against the naive Java2D
 * recipe: {@code Graphics2D.drawImage} with bicubic interpolation into each tile, {@code
 * drawString} with the default sans-serif font, and the same ImageIO JPEG writer.
 *
 * <p>The target is Python PIL's same recipe (LANCZOS resize, {@code ImageDraw.text}, {@code
 * save(quality=95)}), which {@code mia-benchmarks/pil_grid_collage.py} times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GridCollageBenchmark {
  static final float QUALITY = 0.95f;
  private static final int TILE = 448;
  private static final int MARGIN = 40;
  private static final int SIDE = 3;

  private final GridFormat grid = GridFormat.miaDpo();
  private final ImageStore store =
      ImageStore.builder(Path.of(System.getProperty("java.io.tmpdir")))
          .encoding(ImageEncoding.jpeg(QUALITY))
          .build();
  private final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 28);
  private List<BufferedImage> photos = List.of();

  /** Creates the benchmark; JMH calls it. */
  public GridCollageBenchmark() {}

  /** Decodes the nine photos. */
  @Setup
  public void setUp() {
    photos = DecodedPhotos.create();
  }

  /**
   * mia: compose, then encode as the image store does.
   *
   * @return the JPEG's size in bytes
   */
  @Benchmark
  public int mia_gridCollage() {
    Collage collage = grid.compose(photos);
    return store.encode(collage.image()).length;
  }

  /**
   * Baseline: Java2D drawing and ImageIO.
   *
   * @return the JPEG's size in bytes
   */
  @Benchmark
  public int baseline_gridCollage() {
    int width = SIDE * TILE + (SIDE - 1) * MARGIN;
    int height = SIDE * (TILE + MARGIN);
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setFont(font);
      g.setColor(Color.BLACK);
      for (int k = 0; k < photos.size(); k++) {
        BufferedImage photo = photos.get(k);
        int x = (k % SIDE) * (TILE + MARGIN);
        int y = (k / SIDE) * (TILE + MARGIN) + MARGIN;
        double scale =
            Math.min((double) TILE / photo.getWidth(), (double) TILE / photo.getHeight());
        int w = (int) Math.round(photo.getWidth() * scale);
        int h = (int) Math.round(photo.getHeight() * scale);
        g.drawImage(photo, x, y, w, h, null);
        g.drawString("Image" + (k + 1), x + 20, y - 8);
      }
    } finally {
      g.dispose();
    }
    return jpeg(canvas).length;
  }

  private static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode JPEG", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
