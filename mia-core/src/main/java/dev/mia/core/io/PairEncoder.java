package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mia.core.data.PreferencePair;
import java.io.IOException;

/**
 * What the encoders of {@link PreferencePair}s share: the id is the pair's, the images must be
 * saved, and the object is {@code {"id": ..., <the shape's fields>}} with every check run before
 * the first token, as {@link RecordEncoder} requires.
 */
abstract sealed class PairEncoder implements RecordEncoder<PreferencePair>
    permits MiaPairCodec, SharegptPairEncoder, TrlPairEncoder {
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
    g.writeStartObject();
    g.writeStringField("id", pair.id());
    writeFields(pair, g);
    g.writeEndObject();
  }

  /**
   * Refuses a pair this shape cannot hold; runs before anything is written. Default: accepts all.
   *
   * @throws IllegalArgumentException if the pair does not fit
   */
  void check(PreferencePair pair) {}

  /** Writes the fields after {@code id}. */
  abstract void writeFields(PreferencePair pair, JsonGenerator g) throws IOException;

  /** Writes {@code images}, the image paths in placeholder order, unless the pair is text-only. */
  static void writeImagePathsIfAny(PreferencePair pair, JsonGenerator g) throws IOException {
    if (!pair.images().isEmpty()) {
      g.writeFieldName("images");
      MiaJson.writeImagePaths(g, pair.images(), "pair", pair.id());
    }
  }
}
