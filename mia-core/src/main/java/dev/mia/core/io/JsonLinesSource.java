package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON lines: one object per line, blank lines ignored. Each line is checked as strict UTF-8
 * ({@link Utf8LineReader}) and parsed on its own, so a broken line (bad bytes, bad JSON, not an
 * object) is a failure of that line only and the next line reads normally.
 */
final class JsonLinesSource implements RecordSource {
  private final String source;
  private final InputStream in;
  private final Utf8LineReader lines;

  JsonLinesSource(InputStream in, String source) {
    this.source = source;
    this.in = in;
    this.lines = new Utf8LineReader(in, source);
  }

  @Override
  public @Nullable RawRecord next() {
    while (true) {
      String text;
      try {
        text = lines.readLine();
      } catch (DataFormatException e) {
        return new RawRecord(e.line(), e.column(), -1, null, e);
      }
      if (text == null) {
        return null;
      }
      if (!isBlank(text)) {
        return parse(text, lines.lineNumber());
      }
    }
  }

  private RawRecord parse(String text, long line) {
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

  /** Blank as the byte check was: spaces, tabs and carriage returns only. */
  private static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
