package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Streams the elements of a top-level JSON array one at a time: the parser walks the array token by
 * token and only the current element is ever built as a tree, so memory stays bounded by the
 * largest record, not the file.
 *
 * <p>A syntax error or invalid UTF-8 anywhere is fatal (the parser cannot find the next element
 * reliably after it); an element that is not an object is a skippable failure.
 */
final class JsonArraySource implements RecordSource {
  private final String source;
  private final JsonParser parser;
  private boolean started;
  private boolean finished;
  private long nextIndex;
  private long currentIndex = -1;

  JsonArraySource(InputStream in, String source) {
    this.source = source;
    try {
      this.parser = Jackson.FACTORY.createParser(new Utf8CheckingInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + source, e);
    }
  }

  @Override
  public @Nullable RawRecord next() {
    if (finished) {
      return null;
    }
    try {
      if (!started) {
        started = true;
        JsonToken first = parser.nextToken();
        if (first == null) {
          finished = true;
          return null;
        }
        if (first != JsonToken.START_ARRAY) {
          JsonLocation at = parser.currentTokenLocation();
          throw new DataFormatException(
              source,
              at.getLineNr(),
              at.getColumnNr(),
              -1,
              "the top level must be an array of records, but starts with " + first.asString(),
              null);
        }
      }
      currentIndex = nextIndex;
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        currentIndex = -1;
        finished = true;
        JsonToken after = parser.nextToken();
        if (after != null) {
          JsonLocation at = parser.currentTokenLocation();
          throw new DataFormatException(
              source, at.getLineNr(), at.getColumnNr(), -1, "content after the array", null);
        }
        return null;
      }
      nextIndex++;
      JsonLocation at = parser.currentTokenLocation();
      if (token != JsonToken.START_OBJECT) {
        String found = token == null ? "the end of the input" : describe(token);
        parser.skipChildren();
        return new RawRecord(
            at.getLineNr(),
            at.getColumnNr(),
            currentIndex,
            null,
            new DataFormatException(
                source,
                at.getLineNr(),
                at.getColumnNr(),
                currentIndex,
                "a record must be a JSON object, but is " + found,
                null));
      }
      JsonNode node = Jackson.IN_STREAM.readTree(parser);
      return new RawRecord(at.getLineNr(), at.getColumnNr(), currentIndex, node, null);
    } catch (MalformedUtf8Exception e) {
      finished = true;
      throw new DataFormatException(source, e.line(), e.column(), currentIndex, e.problem(), e);
    } catch (JsonProcessingException e) {
      finished = true;
      JsonLocation at = e.getLocation();
      throw new DataFormatException(
          source,
          at == null ? -1 : at.getLineNr(),
          at == null ? -1 : at.getColumnNr(),
          currentIndex,
          e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      finished = true;
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  private static String describe(JsonToken token) {
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
        return token.name();
    }
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
