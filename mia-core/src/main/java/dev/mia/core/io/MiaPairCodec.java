package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.TokenWeights;
import java.io.IOException;
import java.util.List;

/**
 * mia's own, lossless JSONL form of a {@link PreferencePair}: every field, read back by {@link
 * DatasetReader#readMiaPairs} into an equal pair. Field order: {@code id}, {@code images} (objects
 * with {@code path} and, if known, {@code sha256}), {@code prompt} (LLaVA turns), {@code chosen},
 * {@code rejected}, {@code token_weights} ({@code null}, or {@code chosen} and {@code rejected}
 * arrays of floats), {@code weight}, {@code provenance} ({@code source_ids}, and {@code stages}
 * with {@code name}, {@code detail} and {@code scores} sorted by key). One line:
 *
 * <pre>{@code
 * {"id":"p1","images":[{"path":"coco/1.jpg"}],"prompt":[{"from":"human","value":"<image>\nWhat colour is the bus?"}],"chosen":"Red.","rejected":"Blue.","token_weights":{"chosen":[1.0,5.0],"rejected":[1.0,1.0]},"weight":1.0,"provenance":{"source_ids":["coco-1"],"stages":[{"name":"vig","detail":"p=70","scores":{"vig":0.125}}]}}
 * }</pre>
 *
 * <p>Numbers are written as Java prints them ({@link Double#toString(double)}, {@link
 * Float#toString(float)}), which names each value exactly, and read back by rounding the written
 * decimal once, so every double and float round-trips bit for bit. A non-finite score is written as
 * the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MiaPairCodec extends PairEncoder {
  /** The codec; it has no settings. */
  public static final MiaPairCodec INSTANCE = new MiaPairCodec();

  private static final RecordDecoder<PreferencePair> DECODER =
      new RecordDecoder<>() {
        @Override
        public PreferencePair decode(JsonNode record) {
          String id = JsonFields.id(record);
          JsonNode weights = JsonFields.required(record, "token_weights", "");
          TokenWeights tokenWeights = null;
          if (!weights.isNull()) {
            JsonFields.asObject(weights, "token_weights");
            tokenWeights =
                TokenWeights.of(
                    floats(JsonFields.array(weights, "chosen", "token_weights."), "chosen"),
                    floats(JsonFields.array(weights, "rejected", "token_weights."), "rejected"));
          }
          return PreferencePair.builder(
                  id,
                  MiaJson.readTurns(JsonFields.array(record, "prompt", ""), "prompt"),
                  JsonFields.text(record, "chosen", ""),
                  JsonFields.text(record, "rejected", ""))
              .images(MiaJson.readImages(record))
              .tokenWeights(tokenWeights)
              .weight(JsonFields.asDouble(JsonFields.required(record, "weight", ""), "weight"))
              .provenance(MiaJson.readProvenance(record))
              .build();
        }

        @Override
        public String idOf(PreferencePair value) {
          return value.id();
        }
      };

  private MiaPairCodec() {
    super(null);
  }

  private static float[] floats(JsonNode array, String name) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = JsonFields.asFloat(array.get(i), "token_weights." + name + "[" + i + "]");
    }
    return values;
  }

  static RecordDecoder<PreferencePair> decoder() {
    return DECODER;
  }

  @Override
  void writeFields(PreferencePair pair, List<String> imagePaths, JsonGenerator g)
      throws IOException {
    g.writeFieldName("images");
    MiaJson.writeImages(g, pair.images(), "pair", pair.id());
    g.writeFieldName("prompt");
    MiaJson.writeTurns(g, pair.prompt());
    g.writeStringField("chosen", pair.chosen());
    g.writeStringField("rejected", pair.rejected());
    TokenWeights weights = pair.tokenWeights();
    if (weights == null) {
      g.writeNullField("token_weights");
    } else {
      g.writeObjectFieldStart("token_weights");
      writeFloats(g, "chosen", weights.chosen());
      writeFloats(g, "rejected", weights.rejected());
      g.writeEndObject();
    }
    g.writeNumberField("weight", pair.weight());
    g.writeFieldName("provenance");
    MiaJson.writeProvenance(g, pair.provenance());
  }

  private static void writeFloats(JsonGenerator g, String name, float[] values) throws IOException {
    g.writeArrayFieldStart(name);
    for (float value : values) {
      g.writeNumber(value);
    }
    g.writeEndArray();
  }

  @Override
  public String toString() {
    return "MiaPairCodec";
  }
}
