package dev.mia.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a LLaVA instruction record: {@code id} (string or integer), optional {@code image}
 * (absent or null: text-only; a string: one image; an array of strings: several), and {@code
 * conversations} (objects with {@code from} and {@code value}). Other fields are ignored.
 */
final class LlavaDecoder implements RecordDecoder<SftSample> {
  static final LlavaDecoder INSTANCE = new LlavaDecoder();

  private LlavaDecoder() {}

  @Override
  public SftSample decode(JsonNode record) {
    String id = JsonFields.id(record);
    List<ImageRef> images = images(record.get("image"));
    JsonNode conversations = JsonFields.array(record, "conversations", "");
    Conversation conversation = MiaJson.readTurns(conversations, "conversations");
    return new SftSample(id, images, conversation);
  }

  private static List<ImageRef> images(JsonNode image) {
    if (image == null || image.isNull()) {
      return List.of();
    }
    if (image.isTextual()) {
      return List.of(path(image.textValue(), "image"));
    }
    if (image.isArray()) {
      List<ImageRef> images = new ArrayList<>(image.size());
      for (int i = 0; i < image.size(); i++) {
        String path = "image[" + i + "]";
        images.add(path(JsonFields.asText(image.get(i), path), path));
      }
      return images;
    }
    throw JsonFields.wrongType("image", "a string or an array of strings", image);
  }

  private static ImageRef path(String path, String field) {
    if (path.isBlank()) {
      throw new ShapeException("field '" + field + "' must not be blank");
    }
    return ImageRef.OnDisk.of(path);
  }

  @Override
  public String idOf(SftSample value) {
    return value.id();
  }
}
