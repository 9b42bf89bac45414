package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the encoders of {@link PreferencePair}s share: the id is the pair's, the images must be
 * saved, and the object is {@code {"id": ..., <the shape's fields>}} with every check run before
 * the first token, as {@link RecordEncoder} requires.
 */
abstract sealed class PairEncoder implements RecordEncoder<PreferencePair>
    permits MiaPairCodec, SharegptPairEncoder, TrlPairEncoder {
  private final @Nullable Path imageRoot;

  PairEncoder(@Nullable Path imageRoot) {
    this.imageRoot = imageRoot == null ? null : imageRoot.toAbsolutePath().normalize();
  }

  /**
   * Returns the root the written image paths are resolved against.
   *
   * @return the absolute, normalised root, or {@code null} if paths are written as in the data
   */
  final @Nullable Path imageRoot() {
    return imageRoot;
  }

  /**
   * Returns the pair's id.
   *
   * @param pair the pair
   * @return {@link PreferencePair#id()}
   */
  @Override
  public final String id(PreferencePair pair) {
    return pair.id();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if an image is held in memory, or if the pair does not fit
   *     this shape (see the class documentation)
   */
  @Override
  public final void encode(PreferencePair pair, JsonGenerator g) throws IOException {
    MiaJson.requireSaved(pair.images(), "pair", pair.id());
    check(pair);
    List<String> paths = imagePaths(pair);
    g.writeStartObject();
    g.writeStringField("id", pair.id());
    writeFields(pair, paths, g);
    g.writeEndObject();
  }

  /**
   * Refuses a pair this shape cannot hold; runs before anything is written. Default: accepts all.
   *
   * @throws IllegalArgumentException if the pair does not fit
   */
  void check(PreferencePair pair) {}

  /**
   * Writes the fields after {@code id}.
   *
   * @param imagePaths the image paths to write, in placeholder order: as in the data, or resolved
   *     against the image root if one is set
   */
  abstract void writeFields(PreferencePair pair, List<String> imagePaths, JsonGenerator g)
      throws IOException;

  /**
   * The image paths as a trainer should open them: without an image root, as in the data; with one,
   * {@code root.resolve(path)}, absolute and normalised, with {@code /} separators.
   */
  private List<String> imagePaths(PreferencePair pair) {
    List<String> paths = new ArrayList<>(pair.images().size());
    for (ImageRef image : pair.images()) {
      ImageRef.OnDisk file = (ImageRef.OnDisk) image;
      if (imageRoot == null) {
        paths.add(file.path());
      } else {
        Path resolved = file.resolve(imageRoot).toAbsolutePath().normalize();
        paths.add(resolved.toString().replace(resolved.getFileSystem().getSeparator(), "/"));
      }
    }
    return paths;
  }

  /** Writes {@code images}, the image paths in placeholder order, unless the pair is text-only. */
  static void writeImagePathsIfAny(List<String> imagePaths, JsonGenerator g) throws IOException {
    if (!imagePaths.isEmpty()) {
      g.writeArrayFieldStart("images");
      for (String path : imagePaths) {
        g.writeString(path);
      }
      g.writeEndArray();
    }
  }
}
