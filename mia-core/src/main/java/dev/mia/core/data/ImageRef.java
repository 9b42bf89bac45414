package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import dev.mia.core.ImagePathException;
import dev.mia.core.image.ContentHash;
import java.awt.image.BufferedImage;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An image a sample refers to: a file named as in the data, or an image held in memory.
 *
 * <p>Its identity for caches and deduplication is its content hash, the lower-case hex SHA-256 of
 * the file's bytes ({@link OnDisk}) or of the decoded pixels ({@link InMemory}). Hashing a file
 * needs the file, so an {@link OnDisk} read from a dataset has no hash until {@link
 * OnDisk#withContentHash(Path)} is called; datasets of 665k records are streamed without opening
 * one image.
 */
public sealed interface ImageRef permits ImageRef.OnDisk, ImageRef.InMemory {

  /**
   * Returns the content hash, if known.
   *
   * @return the lower-case hex SHA-256 of the content, or empty if not computed yet
   */
  Optional<String> contentHash();

  /**
   * Refers to an image file by the path written in the data.
   *
   * @param path the path as in the data, usually relative to an image root (e.g. {@code
   *     coco/train2017/000000033471.jpg}); never blank
   * @param sha256 the lower-case hex SHA-256 of the file's bytes, or {@code null} if unknown
   */
  record OnDisk(String path, @Nullable String sha256) implements ImageRef {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param path the path as in the data, usually relative to an image root (e.g. {@code
     *     coco/train2017/000000033471.jpg}); never blank
     * @param sha256 the lower-case hex SHA-256 of the file's bytes, or {@code null} if unknown
     */
    public OnDisk {
      requireNonNull(path, "path");
      if (path.isBlank()) {
        throw new IllegalArgumentException("path must not be blank");
      }
      if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "sha256 must be 64 lower-case hex digits, but is: " + sha256);
      }
    }

    /**
     * Refers to a file whose hash is not known yet.
     *
     * @param path the path as in the data
     * @return the reference
     */
    public static OnDisk of(String path) {
      return new OnDisk(path, null);
    }

    /**
     * Resolves this reference against an image root, opening only paths inside it: {@code
     * resolve(root, PathPolicy.INSIDE_ROOT)}.
     *
     * @param root the folder the data's paths are relative to
     * @return the normalised file path inside {@code root}
     * @throws ImagePathException if the path leaves the root after normalisation, is absolute or is
     *     not a valid path
     */
    public Path resolve(Path root) {
      return resolve(root, PathPolicy.INSIDE_ROOT);
    }

    /**
     * Resolves this reference against an image root. Paths in data are untrusted, so the path is
     * normalised lexically (redundant {@code .} and {@code name/..} removed) and, as {@code policy}
     * says, refused when it climbs above the root ({@code coco/../../outside/x.png}) or is
     * absolute. The file itself is not looked at: symbolic links inside the root are followed when
     * the file is opened, since the root's contents are the user's, and {@link
     * dev.mia.core.image.ImageLoader} opens only regular files.
     *
     * @param root the folder the data's paths are relative to
     * @param policy which paths are opened: {@link PathPolicy#INSIDE_ROOT}, {@link
     *     PathPolicy#ALLOW_ABSOLUTE} or {@link PathPolicy#ANYWHERE}
     * @return the file path: {@code root} resolved against the normalised path, or the normalised
     *     absolute path
     * @throws ImagePathException if the path leaves the root after normalisation ({@value
     *     ImagePathException#LEAVES_ROOT}) or is absolute ({@value ImagePathException#ABSOLUTE})
     *     where the policy refuses it, or is not a valid path ({@value
     *     ImagePathException#INVALID}); the message names the path as written
     */
    public Path resolve(Path root, PathPolicy policy) {
      requireNonNull(root, "root");
      requireNonNull(policy, "policy");
      Path relative;
      try {
        relative = root.getFileSystem().getPath(path).normalize();
      } catch (InvalidPathException e) {
        throw new ImagePathException(path, ImagePathException.INVALID);
      }
      if (relative.isAbsolute() || relative.getRoot() != null) {
        if (policy == PathPolicy.INSIDE_ROOT) {
          throw new ImagePathException(path, ImagePathException.ABSOLUTE);
        }
        return relative;
      }
      if (policy != PathPolicy.ANYWHERE
          && relative.getNameCount() > 0
          && relative.getName(0).toString().equals("..")) {
        throw new ImagePathException(path, ImagePathException.LEAVES_ROOT);
      }
      return root.resolve(relative);
    }

    /**
     * Returns this reference with the hash of the file's bytes ({@link ContentHash#ofFile}).
     *
     * @param root the folder the data's paths are relative to
     * @return a reference carrying the content hash
     * @throws dev.mia.core.ImageReadException if the file is missing, not a regular file or
     *     unreadable, or its path is refused by {@link #resolve(Path)}
     */
    public OnDisk withContentHash(Path root) {
      return withContentHash(root, PathPolicy.INSIDE_ROOT);
    }

    /**
     * Returns this reference with the hash of the file's bytes ({@link ContentHash#ofFile}),
     * resolving the path with {@link #resolve(Path, PathPolicy)}.
     *
     * @param root the folder the data's paths are relative to
     * @param policy which paths are opened
     * @return a reference carrying the content hash
     * @throws dev.mia.core.ImageReadException if the file is missing, not a regular file or
     *     unreadable, or its path is refused
     */
    public OnDisk withContentHash(Path root, PathPolicy policy) {
      return new OnDisk(path, ContentHash.ofFile(resolve(root, policy)));
    }

    @Override
    public Optional<String> contentHash() {
      return Optional.ofNullable(sha256);
    }
  }

  /**
   * An image held in memory, such as a composed collage before it is written.
   *
   * <p>Two in-memory references are equal when their content hashes are equal; the hash covers the
   * width, the height and every pixel's RGB value.
   *
   * @param image the image; not copied, so do not modify it after making the reference
   * @param sha256 the content hash of the pixels
   */
  record InMemory(BufferedImage image, String sha256) implements ImageRef {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param image the image; not copied, so do not modify it after making the reference
     * @param sha256 the content hash of the pixels
     */
    public InMemory {
      requireNonNull(image, "image");
      requireNonNull(sha256, "sha256");
    }

    /**
     * Refers to an image in memory, hashing its pixels.
     *
     * @param image the image
     * @return the reference
     */
    public static InMemory of(BufferedImage image) {
      return new InMemory(image, ContentHash.ofPixels(image));
    }

    @Override
    public Optional<String> contentHash() {
      return Optional.of(sha256);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof InMemory that && sha256.equals(that.sha256);
    }

    @Override
    public int hashCode() {
      return sha256.hashCode();
    }

    @Override
    public String toString() {
      return "InMemory[" + image.getWidth() + "x" + image.getHeight() + ", sha256=" + sha256 + "]";
    }
  }
}
