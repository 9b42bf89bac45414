package dev.mia.examples.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.MiaException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Role;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A small streaming reader of LLaVA's JSON array ({@code [{"id", "image", "conversations":
 * [{"from", "value"}]}]}), one element in memory at a time. It stands in for mia-core's LLaVA
 * reader until that is merged; records that break a rule of {@link SftSample} go to a callback and
 * are skipped.
 */
final class LlavaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LlavaJson() {}

  /** Streams the samples of a file; close the stream to close the file. */
  static Stream<SftSample> read(Path file, Consumer<String> badRecord) {
    JsonParser parser;
    try {
      parser = MAPPER.getFactory().createParser(file.toFile());
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        parser.close();
        throw new IllegalArgumentException(file + " must hold a JSON array of samples");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Iterator<SftSample> it =
        new Iterator<>() {
          private @Nullable SftSample next;
          private boolean done;
          private long index;

          @Override
          public boolean hasNext() {
            while (next == null && !done) {
              try {
                JsonToken token = parser.nextToken();
                if (token != JsonToken.START_OBJECT) {
                  done = true;
                  break;
                }
                JsonNode node = MAPPER.readTree(parser);
                long at = index++;
                try {
                  next = sample(node, at);
                } catch (MiaException | IllegalArgumentException e) {
                  badRecord.accept("record " + at + ": " + e.getMessage());
                }
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
              }
            }
            return next != null;
          }

          @Override
          public SftSample next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            SftSample out = next;
            next = null;
            return out;
          }
        };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
        .onClose(
            () -> {
              try {
                parser.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static SftSample sample(JsonNode node, long index) {
    String id = node.path("id").asText("");
    if (id.isBlank()) {
      id = "record-" + index;
    }
    List<ImageRef> images = new ArrayList<>();
    JsonNode image = node.get("image");
    if (image != null && image.isTextual()) {
      images.add(ImageRef.OnDisk.of(image.asText()));
    } else if (image != null && image.isArray()) {
      image.forEach(i -> images.add(ImageRef.OnDisk.of(i.asText())));
    }
    List<Turn> turns = new ArrayList<>();
    for (JsonNode turn : node.path("conversations")) {
      turns.add(new Turn(Role.parse(turn.path("from").asText()), turn.path("value").asText()));
    }
    return new SftSample(id, images, new Conversation(turns));
  }
}
