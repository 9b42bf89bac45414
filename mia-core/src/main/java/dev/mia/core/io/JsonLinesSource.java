package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON lines: one object per line, blank lines ignored. Each line is checked as strict UTF-8
 * and parsed on its own, so a broken line (bad bytes, bad JSON, not an object) is a failure of that
 * line only and the next line reads normally.
 */
final class JsonLinesSource implements RecordSource {
  private final String source;
  private final ByteLineReader lines;

  JsonLinesSource(InputStream in, String source) {
    this.source = source;
    this.lines = new ByteLineReader(in);
  }

  @Override
  public @Nullable RawRecord next() {
    try {
      while (lines.next()) {
        if (!isBlank(lines.bytes(), lines.length())) {
          return parse(lines.bytes(), lines.length(), lines.lineNumber());
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  private RawRecord parse(byte[] bytes, int length, long line) {
    Utf8Checker checker = new Utf8Checker();
    int bad = checker.check(bytes, 0, length);
    if (bad >= 0 || !checker.canEnd()) {
      String problem = bad >= 0 ? checker.problem() : checker.endProblem();
      return failure(line, checker.column(), problem, null);
    }
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    JsonNode node;
    try {
      node = Jackson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      return failure(line, at == null ? -1 : at.getColumnNr(), e.getOriginalMessage(), e);
    }
    if (!node.isObject()) {
      return failure(
          line, -1, "a line must hold a JSON object, but holds " + JsonFields.describe(node), null);
    }
    return new RawRecord(line, -1, -1, node, null);
  }

  private RawRecord failure(long line, long column, String problem, @Nullable Throwable cause) {
    return new RawRecord(
        line, column, -1, null, new DataFormatException(source, line, column, -1, problem, cause));
  }

  private static boolean isBlank(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
