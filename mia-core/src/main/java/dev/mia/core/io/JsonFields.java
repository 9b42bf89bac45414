package dev.mia.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to the fields of a record read as a tree; a missing field or a wrong type throws a
 * {@link ShapeException} naming the field by its path, e.g. {@code conversations[1].value}.
 */
final class JsonFields {
  private JsonFields() {}

  /** Reads the {@code id}: a string, or an integer written as a number (kept as its digits). */
  static String id(JsonNode record) {
    JsonNode id = required(record, "id", "");
    if (id.isTextual()) {
      return id.textValue();
    }
    if (id.isIntegralNumber()) {
      return id.bigIntegerValue().toString();
    }
    throw new ShapeException("field 'id' must be a string or an integer, but is: " + describe(id));
  }

  /** Reads the id if the record has a usable one, for reports; never throws. */
  static @Nullable String idOrNull(@Nullable JsonNode record) {
    if (record == null || !record.isObject()) {
      return null;
    }
    try {
      return id(record);
    } catch (ShapeException e) {
      return null;
    }
  }

  static JsonNode required(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null) {
      throw new ShapeException("field '" + path + field + "' is missing");
    }
    return value;
  }

  static String text(JsonNode object, String field, String path) {
    JsonNode value = required(object, field, path);
    if (!value.isTextual()) {
      throw wrongType(path + field, "a string", value);
    }
    return value.textValue();
  }

  static JsonNode array(JsonNode object, String field, String path) {
    JsonNode value = required(object, field, path);
    if (!value.isArray()) {
      throw wrongType(path + field, "an array", value);
    }
    return value;
  }

  static JsonNode object(JsonNode object, String field, String path) {
    JsonNode value = required(object, field, path);
    return asObject(value, path + field);
  }

  static JsonNode asObject(JsonNode value, String path) {
    if (!value.isObject()) {
      throw wrongType(path, "an object", value);
    }
    return value;
  }

  static String asText(JsonNode value, String path) {
    if (!value.isTextual()) {
      throw wrongType(path, "a string", value);
    }
    return value.textValue();
  }

  static int integer(JsonNode object, String field, String path) {
    JsonNode value = required(object, field, path);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(path + field, "an integer", value);
    }
    return value.intValue();
  }

  /** Reads a number as the nearest double, exactly as written; NaN and infinities as strings. */
  static double asDouble(JsonNode value, String path) {
    if (value.isNumber()) {
      return exact(value).doubleValue();
    }
    if (value.isTextual()) {
      switch (value.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw wrongType(path, "a number", value);
  }

  /** Reads a number as the nearest float, rounding its exact decimal value once. */
  static float asFloat(JsonNode value, String path) {
    if (!value.isNumber()) {
      throw wrongType(path, "a number", value);
    }
    return exact(value).floatValue();
  }

  private static BigDecimal exact(JsonNode number) {
    return number.isIntegralNumber()
        ? new BigDecimal(number.bigIntegerValue())
        : number.decimalValue();
  }

  static ShapeException wrongType(String path, String expected, JsonNode value) {
    return new ShapeException(
        "field '" + path + "' must be " + expected + ", but is: " + describe(value));
  }

  static String describe(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
