package dev.mia.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to the fields of a record read as a tree, for {@link JsonLineDecoder}s and mia's own
 * decoders. A missing field or a wrong type throws a {@link ShapeException} naming the field by its
 * path, e.g. {@code field 'conversations[1].value' is missing} or {@code field 'answer' must be a
 * string, but is: number}; the reader adds the source and line.
 *
 * <p>Each method takes the object, the field's name and a {@code path}: the prefix that names the
 * object within the record in messages, {@code ""} for the record itself or e.g. {@code
 * "images[0]."} for a nested object. A JSON {@code null} is a value of the wrong type for every
 * required field, and absent for the {@code optional...} methods.
 */
public final class JsonFields {
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

  /**
   * Returns a string field that must be present.
   *
   * @param object the JSON object
   * @param field the field's name
   * @param path the prefix naming the object in messages, {@code ""} for the record itself
   * @return the string, possibly empty
   * @throws ShapeException if the field is missing or not a string
   */
  public static String text(JsonNode object, String field, String path) {
    JsonNode value = required(object, field, path);
    if (!value.isTextual()) {
      throw wrongType(path + field, "a string", value);
    }
    return value.textValue();
  }

  /**
   * Returns an array field that must be present.
   *
   * @param object the JSON object
   * @param field the field's name
   * @param path the prefix naming the object in messages, {@code ""} for the record itself
   * @return the array
   * @throws ShapeException if the field is missing or not an array
   */
  public static JsonNode array(JsonNode object, String field, String path) {
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

  /**
   * Checks that a value, e.g. an array's element, is an object.
   *
   * @param value the value
   * @param path the value's full path in messages, e.g. {@code images[0]}
   * @return the value
   * @throws ShapeException if it is not an object
   */
  public static JsonNode asObject(JsonNode value, String path) {
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

  /**
   * Returns an integer field that must be present and fit an {@code int}.
   *
   * @param object the JSON object
   * @param field the field's name
   * @param path the prefix naming the object in messages, {@code ""} for the record itself
   * @return the integer
   * @throws ShapeException if the field is missing, not an integral number, or out of range
   */
  public static int integer(JsonNode object, String field, String path) {
    JsonNode value = required(object, field, path);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(path + field, "an integer", value);
    }
    return value.intValue();
  }

  /**
   * Returns a string field that may be absent or {@code null}.
   *
   * @param object the JSON object
   * @param field the field's name
   * @param path the prefix naming the object in messages, {@code ""} for the record itself
   * @return the string, or {@code null} if the field is absent or {@code null}
   * @throws ShapeException if the field is present but not a string
   */
  public static @Nullable String optionalText(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return asText(value, path + field);
  }

  /**
   * Returns an array-of-strings field that must be present.
   *
   * @param object the JSON object
   * @param field the field's name
   * @param path the prefix naming the object in messages, {@code ""} for the record itself
   * @return the strings in order, as an unmodifiable list
   * @throws ShapeException if the field is missing, not an array, or holds a non-string
   */
  public static List<String> texts(JsonNode object, String field, String path) {
    return asTexts(array(object, field, path), path + field);
  }

  /**
   * Returns an array-of-strings field that may be absent or {@code null}.
   *
   * @param object the JSON object
   * @param field the field's name
   * @param path the prefix naming the object in messages, {@code ""} for the record itself
   * @return the strings in order, as an unmodifiable list; empty if the field is absent or {@code
   *     null}
   * @throws ShapeException if the field is present but not an array, or holds a non-string
   */
  public static List<String> optionalTexts(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(path + field, "an array", value);
    }
    return asTexts(value, path + field);
  }

  private static List<String> asTexts(JsonNode array, String path) {
    List<String> texts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      texts.add(asText(array.get(i), path + "[" + i + "]"));
    }
    return List.copyOf(texts);
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
