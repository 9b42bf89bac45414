package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON pieces the encoders and decoders of this package share: turns, images, provenance. */
final class MiaJson {
  private MiaJson() {}

  /** Writes turns as LLaVA does: {@code [{"from":"human","value":"..."}, ...]}. */
  static void writeTurns(JsonGenerator g, Conversation conversation) throws IOException {
    g.writeStartArray();
    for (Turn turn : conversation.turns()) {
      writeTurn(g, turn);
    }
    g.writeEndArray();
  }

  static void writeTurn(JsonGenerator g, Turn turn) throws IOException {
    g.writeStartObject();
    g.writeStringField("from", turn.role().llavaName());
    g.writeStringField("value", turn.text());
    g.writeEndObject();
  }

  static Conversation readTurns(JsonNode array, String path) {
    List<Turn> turns = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode turn = JsonFields.asObject(array.get(i), at);
      String from = JsonFields.text(turn, "from", at + ".");
      Role role;
      try {
        role = Role.parse(from);
      } catch (IllegalArgumentException e) {
        throw new ShapeException(
            "field '" + at + ".from' must be one of human, user, gpt, assistant, but is: " + from);
      }
      turns.add(new Turn(role, JsonFields.text(turn, "value", at + ".")));
    }
    return new Conversation(turns);
  }

  /**
   * Returns the path of a saved image.
   *
   * @throws IllegalArgumentException if the image is only in memory
   */
  static ImageRef.OnDisk saved(ImageRef image, int index, String kind, String id) {
    if (image instanceof ImageRef.OnDisk onDisk) {
      return onDisk;
    }
    throw new IllegalArgumentException(
        kind
            + " '"
            + id
            + "': image "
            + index
            + " is held in memory; save it to a file and refer to it by path before writing");
  }

  /** Checks that every image is saved, before anything of the record is written. */
  static void requireSaved(List<ImageRef> images, String kind, String id) {
    for (int i = 0; i < images.size(); i++) {
      saved(images.get(i), i, kind, id);
    }
  }

  /** Writes images losslessly: {@code [{"path":"a.jpg","sha256":"..."}]}, the hash if known. */
  static void writeImages(JsonGenerator g, List<ImageRef> images, String kind, String id)
      throws IOException {
    g.writeStartArray();
    for (int i = 0; i < images.size(); i++) {
      ImageRef.OnDisk image = saved(images.get(i), i, kind, id);
      g.writeStartObject();
      g.writeStringField("path", image.path());
      String sha256 = image.sha256();
      if (sha256 != null) {
        g.writeStringField("sha256", sha256);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static List<ImageRef> readImages(JsonNode record) {
    JsonNode array = JsonFields.array(record, "images", "");
    List<ImageRef> images = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "images[" + i + "]";
      JsonNode image = JsonFields.asObject(array.get(i), at);
      JsonNode sha256 = image.get("sha256");
      images.add(
          new ImageRef.OnDisk(
              JsonFields.text(image, "path", at + "."),
              sha256 == null ? null : JsonFields.asText(sha256, at + ".sha256")));
    }
    return images;
  }

  /**
   * Writes {@code {"source_ids":[...],"stages":[{"name","detail","scores":{...}}]}}, then {@code
   * "companions":[...]} if there are some.
   */
  static void writeProvenance(JsonGenerator g, Provenance provenance) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("source_ids");
    for (String sourceId : provenance.sourceIds()) {
      g.writeString(sourceId);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("stages");
    for (Provenance.Stage stage : provenance.stages()) {
      g.writeStartObject();
      g.writeStringField("name", stage.name());
      g.writeStringField("detail", stage.detail());
      g.writeObjectFieldStart("scores");
      for (Map.Entry<String, Double> score : stage.scores().entrySet()) {
        g.writeNumberField(score.getKey(), score.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!provenance.companions().isEmpty()) {
      g.writeArrayFieldStart("companions");
      for (String companion : provenance.companions()) {
        g.writeString(companion);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  static Provenance readProvenance(JsonNode record) {
    JsonNode provenance = JsonFields.object(record, "provenance", "");
    JsonNode ids = JsonFields.array(provenance, "source_ids", "provenance.");
    List<String> sourceIds = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      sourceIds.add(JsonFields.asText(ids.get(i), "provenance.source_ids[" + i + "]"));
    }
    JsonNode stageArray = JsonFields.array(provenance, "stages", "provenance.");
    List<Provenance.Stage> stages = new ArrayList<>(stageArray.size());
    for (int i = 0; i < stageArray.size(); i++) {
      String at = "provenance.stages[" + i + "]";
      JsonNode stage = JsonFields.asObject(stageArray.get(i), at);
      JsonNode scoreObject = JsonFields.object(stage, "scores", at + ".");
      TreeMap<String, Double> scores = new TreeMap<>();
      for (Map.Entry<String, JsonNode> score : scoreObject.properties()) {
        scores.put(
            score.getKey(),
            JsonFields.asDouble(score.getValue(), at + ".scores." + score.getKey()));
      }
      stages.add(
          new Provenance.Stage(
              JsonFields.text(stage, "name", at + "."),
              JsonFields.text(stage, "detail", at + "."),
              scores));
    }
    List<String> companions = new ArrayList<>();
    if (provenance.has("companions")) {
      JsonNode array = JsonFields.array(provenance, "companions", "provenance.");
      for (int i = 0; i < array.size(); i++) {
        companions.add(JsonFields.asText(array.get(i), "provenance.companions[" + i + "]"));
      }
    }
    return new Provenance(sourceIds, stages, companions);
  }
}
