package dev.mia.formats.store;

import static java.util.Objects.requireNonNull;

import com.google.common.hash.Hashing;
import dev.mia.core.data.ImageRef;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes images under a folder with content-addressed names, each once, atomically.
 *
 * <p>An image is encoded ({@link ImageEncoding}); its name is the lower-case hex SHA-256 {@code h}
 * of the encoded bytes, stored as {@code <folder>/<h[0..2]>/<h>.<ext>} (a two-character fan-out
 * keeps folders small for hundreds of thousands of files). A file that is already there is not
 * written again; otherwise the bytes go to a temporary file in the same folder, which is then moved
 * into place atomically, so a reader never sees a partial image and concurrent writers of the same
 * image do not clash.
 *
 * <p>The returned {@link ImageRef.OnDisk} carries the hash and a path with {@code /} separators
 * relative to a base folder (the store's folder by default; set {@link Builder#pathsRelativeTo} to
 * the data's image root so that one root resolves every image of a dataset). Instances are
 * immutable and thread-safe.
 */
public final class ImageStore {
  private final Path folder;
  private final Path base;
  private final ImageEncoding encoding;

  private ImageStore(Builder builder) {
    this(
        builder.folder.toAbsolutePath().normalize(),
        (builder.base == null ? builder.folder : builder.base).toAbsolutePath().normalize(),
        builder.encoding);
  }

  private ImageStore(Path folder, Path base, ImageEncoding encoding) {
    this.folder = folder;
    this.base = base;
    this.encoding = encoding;
  }

  /**
   * Returns the folder that returned paths are relative to.
   *
   * @return the absolute, normalised base folder
   */
  public Path base() {
    return base;
  }

  /**
   * Returns this store with returned paths relative to another folder; the images go to the same
   * folder with the same encoding.
   *
   * @param base the base folder, for example the data's image root
   * @return a store, this one if the base is already that folder
   */
  public ImageStore withPathsRelativeTo(Path base) {
    Path normalised = requireNonNull(base, "base").toAbsolutePath().normalize();
    return normalised.equals(this.base) ? this : new ImageStore(folder, normalised, encoding);
  }

  /**
   * Starts a builder for a store under a folder, created if missing when the first image is
   * written.
   *
   * @param folder the folder
   * @return a builder
   */
  public static Builder builder(Path folder) {
    return new Builder(folder);
  }

  /**
   * Returns the folder the images are written under.
   *
   * @return the absolute, normalised folder
   */
  public Path folder() {
    return folder;
  }

  /**
   * Returns the encoding.
   *
   * @return the encoding
   */
  public ImageEncoding encoding() {
    return encoding;
  }

  /**
   * Encodes an image and writes it unless a file of that content is already there.
   *
   * @param image the image; TYPE_INT_RGB or any type ImageIO's writers accept; not modified
   * @return a reference with the path relative to the base folder and the SHA-256 of the bytes
   * @throws UncheckedIOException if encoding or writing fails
   */
  public ImageRef.OnDisk put(BufferedImage image) {
    byte[] bytes = encode(image);
    String hash = Hashing.sha256().hashBytes(bytes).toString();
    Path dir = folder.resolve(hash.substring(0, 2));
    Path file = dir.resolve(hash + "." + encoding.extension());
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, hash.substring(0, 8) + "-", ".tmp");
        try {
          Files.write(temp, bytes);
          move(temp, file);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image " + file, e);
    }
    String relative =
        base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    return new ImageRef.OnDisk(relative, hash);
  }

  private static void move(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another writer stored the same content first; its bytes are the same.
    } catch (AtomicMoveNotSupportedException e) {
      try {
        Files.move(temp, file);
      } catch (FileAlreadyExistsException again) {
        // As above.
      }
    }
  }

  /**
   * Encodes an image as this store would, without writing it.
   *
   * @param image the image; not modified
   * @return the encoded bytes
   * @throws UncheckedIOException if no writer accepts the image
   */
  public byte[] encode(BufferedImage image) {
    String format = encoding instanceof ImageEncoding.Jpeg ? "jpeg" : "png";
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new UncheckedIOException(new IOException("no ImageIO writer for " + format));
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (encoding instanceof ImageEncoding.Jpeg jpeg) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpeg.quality());
      }
      BufferedImage written = format.equals("jpeg") ? jpegLayout(image) : image;
      writer.write(null, new IIOImage(written, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode image as " + format, e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * A TYPE_INT_RGB image as TYPE_3BYTE_BGR, the layout the JPEG writer takes without converting it
   * pixel by pixel itself: the same pixels, so the same JPEG bytes, written in about two thirds of
   * the time. Other images are returned as they are.
   */
  static BufferedImage jpegLayout(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() != BufferedImage.TYPE_INT_RGB
        || image.getRaster().getParent() != null
        || !(image.getRaster().getDataBuffer() instanceof DataBufferInt ints)
        || ints.getNumBanks() != 1
        || ints.getOffset() != 0
        || ints.getSize() != w * h) {
      return image;
    }
    int[] rgb = ints.getData();
    BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bytes = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    for (int i = 0, j = 0; i < rgb.length; i++, j += 3) {
      int p = rgb[i];
      bytes[j] = (byte) p;
      bytes[j + 1] = (byte) (p >> 8);
      bytes[j + 2] = (byte) (p >> 16);
    }
    return bgr;
  }

  /** {@return the settings, for example {@code ImageStore[folder=/data/out, encoding=Png[]]}} */
  @Override
  public String toString() {
    return "ImageStore[folder=" + folder + ", base=" + base + ", encoding=" + encoding + "]";
  }

  /** Settings of an {@link ImageStore}. */
  public static final class Builder {
    private final Path folder;
    private @Nullable Path base;
    private ImageEncoding encoding = ImageEncoding.png();

    private Builder(Path folder) {
      this.folder = requireNonNull(folder, "folder");
    }

    /**
     * Sets the encoding; default {@link ImageEncoding#png()}.
     *
     * @param encoding the encoding
     * @return this builder
     */
    public Builder encoding(ImageEncoding encoding) {
      this.encoding = requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * Sets the folder that returned paths are relative to; default the store's folder.
     *
     * @param base the base folder, for example the data's image root
     * @return this builder
     */
    public Builder pathsRelativeTo(Path base) {
      this.base = requireNonNull(base, "base");
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     */
    public ImageStore build() {
      return new ImageStore(this);
    }
  }
}
