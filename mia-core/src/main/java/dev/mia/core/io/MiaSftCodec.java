package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.data.SftSample;
import java.io.IOException;

/**
 * mia's own, lossless JSONL form of an {@link SftSample}, read back by {@link
 * DatasetReader#readMiaSft} into an equal sample. Like a LLaVA record, but with {@code images}
 * always an array of objects that keep the content hash. Field order: {@code id}, {@code images},
 * {@code conversations}. One line:
 *
 * <pre>{@code
 * {"id":"000000033471","images":[{"path":"coco/train2017/000000033471.jpg"}],"conversations":[{"from":"human","value":"<image>\nWhat are the colors of the bus in the image?"},{"from":"gpt","value":"The bus in the image is white and red."}]}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MiaSftCodec implements RecordEncoder<SftSample> {
  /** The codec; it has no settings. */
  public static final MiaSftCodec INSTANCE = new MiaSftCodec();

  private static final RecordDecoder<SftSample> DECODER =
      new RecordDecoder<>() {
        @Override
        public SftSample decode(JsonNode record) {
          return new SftSample(
              JsonFields.id(record),
              MiaJson.readImages(record),
              MiaJson.readTurns(JsonFields.array(record, "conversations", ""), "conversations"));
        }

        @Override
        public String idOf(SftSample value) {
          return value.id();
        }
      };

  private MiaSftCodec() {}

  static RecordDecoder<SftSample> decoder() {
    return DECODER;
  }

  @Override
  public String id(SftSample sample) {
    return sample.id();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if an image is held in memory
   */
  @Override
  public void encode(SftSample sample, JsonGenerator g) throws IOException {
    MiaJson.requireSaved(sample.images(), "sample", sample.id());
    g.writeStartObject();
    g.writeStringField("id", sample.id());
    g.writeFieldName("images");
    MiaJson.writeImages(g, sample.images(), "sample", sample.id());
    g.writeFieldName("conversations");
    MiaJson.writeTurns(g, sample.conversation());
    g.writeEndObject();
  }

  @Override
  public String toString() {
    return "MiaSftCodec";
  }
}
