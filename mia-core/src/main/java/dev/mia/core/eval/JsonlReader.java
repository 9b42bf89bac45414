package dev.mia.core.eval;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSONL one line at a time: splits the bytes on {@code '\n'} (which never occurs inside a
 * multi-byte UTF-8 sequence), decodes each line as strict UTF-8 (malformed bytes are reported,
 * never replaced), parses it with Jackson's streaming parser and hands the object to a decoder.
 * Blank lines are skipped; a trailing {@code '\r'} and a leading byte-order mark are dropped.
 */
final class JsonlReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Turns one parsed JSON object into a record, or says why it cannot. */
  @FunctionalInterface
  interface RecordDecoder<T> {
    T decode(JsonNode object) throws RecordProblem;
  }

  /** A line whose JSON is well formed but whose fields are not what the format needs. */
  static final class RecordProblem extends Exception {
    private static final long serialVersionUID = 1L;

    RecordProblem(String problem) {
      super(problem);
    }
  }

  private JsonlReader() {}

  /**
   * Reads every line of {@code in} (not closed) and passes each decoded record to {@code sink}.
   *
   * @return the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}
   * @throws DataFormatException at the first bad line under {@link BadLinePolicy#FAIL}
   * @throws UncheckedIOException if reading fails
   */
  static <T> List<BadLine> read(
      InputStream in,
      String source,
      BadLinePolicy policy,
      RecordDecoder<T> decoder,
      Consumer<? super T> sink) {
    List<BadLine> bad = new ArrayList<>();
    Utf8Lines.read(
        in,
        source,
        new Utf8Lines.Visitor() {
          @Override
          public void line(long number, String text) {
            if (text.isBlank()) {
              return;
            }
            T value;
            try {
              value = decoder.decode(parseObject(text));
            } catch (LineFailure f) {
              reject(source, number, f.column, f.getMessage(), f.getCause(), policy, bad);
              return;
            } catch (RecordProblem p) {
              reject(source, number, -1, p.getMessage(), null, policy, bad);
              return;
            }
            sink.accept(value);
          }

          @Override
          public void malformed(long number, long byteOffset, CharacterCodingException cause) {
            reject(
                source,
                number,
                -1,
                "malformed UTF-8 at byte " + byteOffset + " of the line",
                cause,
                policy,
                bad);
          }
        });
    return bad;
  }

  private static void reject(
      String source,
      long lineNumber,
      long column,
      String problem,
      @Nullable Throwable cause,
      BadLinePolicy policy,
      List<BadLine> bad) {
    if (policy == BadLinePolicy.FAIL) {
      throw new DataFormatException(source, lineNumber, column, -1, problem, cause);
    }
    bad.add(new BadLine(lineNumber, column, problem));
  }

  private static JsonNode parseObject(String text) throws LineFailure {
    try (JsonParser parser = MAPPER.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new LineFailure(
            "expected a JSON object, but found: " + describe(first), column(parser), null);
      }
      JsonNode node = parser.readValueAsTree();
      JsonToken next = parser.nextToken();
      if (next != null) {
        throw new LineFailure(
            "unexpected " + describe(next) + " after the JSON object", column(parser), null);
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      long column = where == null || where.getColumnNr() < 1 ? -1 : where.getColumnNr();
      throw new LineFailure("malformed JSON: " + e.getOriginalMessage(), column, e);
    } catch (IOException e) {
      throw new LineFailure("malformed JSON: " + e.getMessage(), -1, e);
    }
  }

  private static long column(JsonParser parser) {
    int column = parser.currentTokenLocation().getColumnNr();
    return column < 1 ? -1 : column;
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "end of line";
    }
    switch (token) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.asString() == null ? token.name() : "'" + token.asString() + "'";
    }
  }

  /** A line that is not well-formed UTF-8 JSON. */
  private static final class LineFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final long column;

    LineFailure(String problem, long column, @Nullable Throwable cause) {
      super(problem, cause);
      this.column = column;
    }
  }
}
