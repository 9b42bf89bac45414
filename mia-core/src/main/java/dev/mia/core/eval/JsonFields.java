package dev.mia.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.eval.JsonlReader.RecordProblem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Typed access to the fields of one JSONL object, with problems that name the field. */
final class JsonFields {
  private JsonFields() {}

  static String requiredString(JsonNode object, String field) throws RecordProblem {
    JsonNode value = object.get(field);
    if (value == null) {
      throw new RecordProblem("missing field '" + field + "'");
    }
    if (!value.isTextual()) {
      throw new RecordProblem(
          "field '" + field + "' must be a string, but is: " + value.getNodeType());
    }
    return value.textValue();
  }

  static @Nullable String optionalString(JsonNode object, String field) throws RecordProblem {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RecordProblem(
          "field '" + field + "' must be a string, but is: " + value.getNodeType());
    }
    return value.textValue();
  }

  static int requiredInt(JsonNode object, String field) throws RecordProblem {
    JsonNode value = object.get(field);
    if (value == null) {
      throw new RecordProblem("missing field '" + field + "'");
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new RecordProblem("field '" + field + "' must be an integer, but is: " + value);
    }
    return value.intValue();
  }

  static List<String> requiredStrings(JsonNode object, String field) throws RecordProblem {
    JsonNode value = object.get(field);
    if (value == null) {
      throw new RecordProblem("missing field '" + field + "'");
    }
    return strings(value, "field '" + field + "'");
  }

  static List<String> optionalStrings(JsonNode object, String field) throws RecordProblem {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    return strings(value, "field '" + field + "'");
  }

  static List<String> strings(JsonNode value, String what) throws RecordProblem {
    if (!value.isArray()) {
      throw new RecordProblem(
          what + " must be an array of strings, but is: " + value.getNodeType());
    }
    List<String> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isTextual()) {
        throw new RecordProblem(
            what + " element " + i + " must be a string, but is: " + element.getNodeType());
      }
      out.add(element.textValue());
    }
    return out;
  }
}
