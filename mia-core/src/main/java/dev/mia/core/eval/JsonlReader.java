package dev.mia.core.eval;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
  private static final int CHUNK = 1 << 16;

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
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] chunk = new byte[CHUNK];
    long lineNumber = 0;
    try {
      int n;
      while ((n = in.read(chunk)) != -1) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, start, i - start);
            lineNumber++;
            handle(line.toByteArray(), lineNumber, source, policy, utf8, decoder, sink, bad);
            line.reset();
            start = i + 1;
          }
        }
        line.write(chunk, start, n - start);
      }
      if (line.size() > 0) {
        lineNumber++;
        handle(line.toByteArray(), lineNumber, source, policy, utf8, decoder, sink, bad);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
    return bad;
  }

  private static <T> void handle(
      byte[] bytes,
      long lineNumber,
      String source,
      BadLinePolicy policy,
      CharsetDecoder utf8,
      RecordDecoder<T> decoder,
      Consumer<? super T> sink,
      List<BadLine> bad) {
    T value;
    try {
      String text = decode(bytes, lineNumber, utf8);
      if (text.isBlank()) {
        return;
      }
      value = decoder.decode(parseObject(text));
    } catch (LineFailure f) {
      reject(source, lineNumber, f.column, f.getMessage(), f.getCause(), policy, bad);
      return;
    } catch (RecordProblem p) {
      reject(source, lineNumber, -1, p.getMessage(), null, policy, bad);
      return;
    }
    sink.accept(value);
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

  private static String decode(byte[] bytes, long lineNumber, CharsetDecoder utf8)
      throws LineFailure {
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    int offset = 0;
    if (lineNumber == 1
        && length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      offset = 3;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length - offset);
    try {
      return utf8.reset().decode(buffer).toString();
    } catch (CharacterCodingException e) {
      throw new LineFailure(
          "malformed UTF-8 at byte " + (buffer.position() + 1) + " of the line", -1, e);
    }
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
