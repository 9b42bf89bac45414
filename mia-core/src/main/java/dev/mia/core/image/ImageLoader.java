package dev.mia.core.image;

import static java.util.Objects.requireNonNull;

import dev.mia.core.ImageReadException;
import dev.mia.core.ImageTooLargeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads image files as TYPE_INT_RGB {@link BufferedImage}s, failing with a typed, path-naming
 * {@link ImageReadException} on anything it cannot decode completely.
 *
 * <h2>Normalisation to RGB</h2>
 *
 * Whatever ImageIO decodes becomes 8-bit sRGB, the way LLaVA-style pipelines feed images to a model
 * (PIL's {@code Image.convert("RGB")}), with one deliberate difference for transparency:
 *
 * <ul>
 *   <li>Grey (8 or 16 bit): each stored grey value {@code g} becomes {@code (g', g', g')} with
 *       {@code g' = round(g * 255 / (2^bits - 1))}; no gamma conversion.
 *   <li>16 bits per channel: scaled to 8 bits by the colour model, {@code round(v * 255 / 65535)}.
 *   <li>Palette (indexed) images: the palette colours.
 *   <li>Alpha (RGBA, grey+alpha, palettes with transparent entries): composited over white, {@code
 *       c' = round(c * a + 255 * (1 - a))} with {@code a} in [0, 1]. PIL's {@code convert("RGB")}
 *       instead drops alpha, which shows whatever colour transparent pixels happen to store (often
 *       black); white matches how the images are displayed and the white canvas of the formats.
 *   <li>CMYK and YCCK JPEGs: converted to sRGB by the TwelveMonkeys JPEG plugin, which mia-core
 *       puts on the runtime class path (the JDK's own reader rejects them).
 *   <li>Other colour spaces (an embedded ICC profile): converted to sRGB with {@link
 *       java.awt.image.ColorConvertOp}.
 *   <li>Multi-frame files (animated GIF, multi-page TIFF): the first frame.
 * </ul>
 *
 * <h2>Failures</h2>
 *
 * Each failure is an {@link ImageReadException} whose message is {@code image '<path>': <problem>}
 * with one of these problems:
 *
 * <ul>
 *   <li>{@value #MISSING}
 *   <li>{@value #DIRECTORY}
 *   <li>{@value #NOT_REGULAR}: only regular files are opened (symbolic links are followed, then the
 *       target must be a regular file), so a FIFO cannot block the read and a device such as {@code
 *       /dev/zero} cannot fill the heap
 *   <li>{@value #UNREADABLE} (no read permission, or an I/O error while reading)
 *   <li>{@value #EMPTY}
 *   <li>{@value #UNKNOWN_FORMAT} (garbage, or a format with no installed ImageIO reader)
 *   <li>{@value #CORRUPT}: the decoder threw, or the data ends early. ImageIO's JPEG readers do not
 *       throw on a truncated file: they warn ("Premature end of JPEG file", "Missing EOI marker")
 *       and fill the missing part with grey. So a JPEG must reach its end-of-image marker (its
 *       marker segments and scans are walked, see ITU-T T.81 annex B), and any decoder warning that
 *       says data is missing ("premature end", "truncated", "unexpected end", ...) fails the read
 *       whatever the format. Other warnings, such as a CMYK JPEG without an ICC profile or
 *       extraneous bytes before a marker, are accepted. The cause holds the details.
 * </ul>
 *
 * <h2>Limits</h2>
 *
 * {@link #read(Path, ImageLimits)} reads at most {@link ImageLimits#maxBytes()} bytes of a file and
 * checks the width and height the file declares against {@link ImageLimits#maxPixels()} before it
 * decodes a pixel, so a decompression bomb (a small PNG declaring 30000 x 30000 pixels) fails with
 * an {@link ImageTooLargeException} naming the path instead of exhausting the heap. {@link
 * #read(Path)} uses {@link ImageLimits#DEFAULT}.
 *
 * <h2>Cost</h2>
 *
 * The file is read into memory once and decoded from there (no ImageIO disk cache).
 */
public final class ImageLoader {
  /** Problem reported for a path with no file. */
  public static final String MISSING = "file does not exist";

  /** Problem reported for a path that is a directory. */
  public static final String DIRECTORY = "is a directory, not a file";

  /** Problem reported for a path that is a FIFO, a device, a socket or anything else not a file. */
  public static final String NOT_REGULAR =
      "is not a regular file (a FIFO, a device or another special file)";

  /** Problem reported for a file that cannot be read. */
  public static final String UNREADABLE = "file cannot be read";

  /** Problem reported for an empty file. */
  public static final String EMPTY = "file is empty";

  /** Problem reported when no ImageIO reader recognises the bytes. */
  public static final String UNKNOWN_FORMAT = "no image reader recognises the file's format";

  /** Problem reported for a file that cannot be decoded completely. */
  public static final String CORRUPT = "file is truncated or corrupt";

  /** Fragments of decoder warnings (lower case) that say image data is missing. */
  private static final List<String> MISSING_DATA_WARNINGS =
      List.of("premature end", "truncated", "missing eoi", "unexpected end", "end of file");

  private ImageLoader() {}

  /**
   * Reads an image file and returns it as a new TYPE_INT_RGB image, normalised as the class
   * documentation describes.
   *
   * @param path the image file
   * @return the decoded image, TYPE_INT_RGB
   * @throws ImageTooLargeException if the file is over {@link ImageLimits#DEFAULT}
   * @throws ImageReadException if the file is missing, not a regular file, unreadable, empty, of an
   *     unknown format, truncated or corrupt; the message names the path and the problem
   */
  public static BufferedImage read(Path path) {
    return read(path, ImageLimits.DEFAULT);
  }

  /**
   * Reads an image file within limits and returns it as a new TYPE_INT_RGB image, normalised as the
   * class documentation describes. At most {@link ImageLimits#maxBytes()} bytes are read, and the
   * width and height the file declares are checked against {@link ImageLimits#maxPixels()} before
   * any pixel is decoded.
   *
   * @param path the image file
   * @param limits the pixel and byte limits
   * @return the decoded image, TYPE_INT_RGB
   * @throws ImageTooLargeException if the file holds more bytes than the byte limit or declares
   *     more pixels than the pixel limit; the message names the path, the size and the limit
   * @throws ImageReadException if the file is missing, not a regular file, unreadable, empty, of an
   *     unknown format, truncated or corrupt; the message names the path and the problem
   */
  public static BufferedImage read(Path path, ImageLimits limits) {
    requireNonNull(limits, "limits");
    byte[] bytes = readBytes(path, limits.maxBytes());
    if (bytes.length == 0) {
      throw new ImageReadException(path, EMPTY, null);
    }
    return RgbConverter.toRgb(decode(path, bytes, limits.maxPixels()));
  }

  /**
   * Returns a new TYPE_INT_RGB copy of any image, normalised as the class documentation describes
   * (grey replicated, 16 bits scaled, palettes expanded, alpha composited over white, other colour
   * spaces converted to sRGB). An input that is already TYPE_INT_RGB is copied.
   *
   * @param image the image; not modified
   * @return a new TYPE_INT_RGB image of the same size
   */
  public static BufferedImage toRgb(BufferedImage image) {
    return RgbConverter.toRgb(image);
  }

  /**
   * Reads a file's bytes with the same checks and messages as {@link #read}; package-private for
   * {@link ContentHash}.
   */
  static byte[] readBytes(Path path, long maxBytes) {
    if (Files.isDirectory(path)) {
      throw new ImageReadException(path, DIRECTORY, null);
    }
    if (!Files.exists(path)) {
      throw new ImageReadException(path, MISSING, null);
    }
    if (!Files.isRegularFile(path)) {
      throw new ImageReadException(path, NOT_REGULAR, null);
    }
    if (!Files.isReadable(path)) {
      throw new ImageReadException(path, UNREADABLE, null);
    }
    byte[] bytes;
    try {
      if (Files.size(path) > maxBytes) {
        throw tooManyBytes(path, maxBytes);
      }
      // The size can change between the check and the read: never read more than the limit.
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes((int) maxBytes + 1);
      }
    } catch (ImageTooLargeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(path, UNREADABLE, e);
    }
    if (bytes.length > maxBytes) {
      throw tooManyBytes(path, maxBytes);
    }
    return bytes;
  }

  private static ImageTooLargeException tooManyBytes(Path path, long maxBytes) {
    return new ImageTooLargeException(
        path, "file has more than " + maxBytes + " bytes, the limit (ImageLimits.maxBytes)");
  }

  private static boolean signalsMissingData(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    for (String sign : MISSING_DATA_WARNINGS) {
      if (w.contains(sign)) {
        return true;
      }
    }
    return false;
  }

  private static BufferedImage decode(Path path, byte[] bytes, long maxPixels) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageReadException(path, UNKNOWN_FORMAT, null);
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      BufferedImage image;
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        // The header's size, read before any pixel: a small file can declare a huge image.
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > maxPixels) {
          throw new ImageTooLargeException(
              path,
              "declares "
                  + width
                  + " x "
                  + height
                  + " = "
                  + width * height
                  + " pixels, more than the limit of "
                  + maxPixels
                  + " (ImageLimits.maxPixels)");
        }
        image = reader.read(0);
      } catch (ImageTooLargeException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new ImageReadException(path, CORRUPT, e);
      } finally {
        reader.dispose();
      }
      List<String> fatal = warnings.stream().filter(ImageLoader::signalsMissingData).toList();
      if (!fatal.isEmpty()) {
        throw new ImageReadException(path, CORRUPT, new IIOException("decoder warnings: " + fatal));
      }
      if (JpegStructure.isJpeg(bytes) && !JpegStructure.isComplete(bytes)) {
        throw new ImageReadException(
            path, CORRUPT, new IIOException("JPEG data ends before its end-of-image marker"));
      }
      return image;
    } catch (IOException e) {
      // Closing an in-memory stream does not fail in practice; report it as unreadable if it does.
      throw new ImageReadException(path, UNREADABLE, e);
    }
  }
}
