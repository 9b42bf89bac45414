package dev.mia.examples.world;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes a world split to a folder, so that the rest of mia reads it exactly like real data.
 *
 * <ul>
 *   <li>{@code images/<split>/<index>.png}: the rendered scenes;
 *   <li>{@code <split>.json}: the samples as a LLaVA instruction file (a JSON array of {@code
 *       {"id", "image", "conversations"}}), readable with {@code DatasetReader.readLlava};
 *   <li>{@code <split>.objects.jsonl}: one line per image, {@code {"image": ..., "objects":
 *       [...]}}, the annotation format POPE's builder and CHAIR read ({@code AnnotatedImage});
 *   <li>{@code <split>.questions.jsonl}: one line per sample with its {@code type}, POPE {@code
 *       sampling} (or null), {@code question} and exact {@code answer}, for scoring by type;
 *   <li>{@code world-synonyms.txt}: the world's CHAIR vocabulary.
 * </ul>
 */
public final class WorldWriter {
  /** The classpath resource of the world's CHAIR vocabulary, relative to this class. */
  public static final String SYNONYMS_RESOURCE = "world-synonyms.txt";

  private static final JsonFactory JSON = new JsonFactory();

  private WorldWriter() {}

  /**
   * Writes a split's images, samples, annotations and questions, and the vocabulary file.
   *
   * @param split the split
   * @param root the world's folder, created if missing
   * @throws UncheckedIOException if a file cannot be written
   */
  public static void write(WorldSplit split, Path root) {
    try {
      Path imageDir = root.resolve("images").resolve(split.name());
      Files.createDirectories(imageDir);
      for (int i = 0; i < split.scenes().size(); i++) {
        Path file = root.resolve(WorldSplit.imagePath(split.name(), i));
        if (!ImageIO.write(split.scenes().get(i).render(), "png", file.toFile())) {
          throw new IOException("no PNG writer");
        }
      }
      writeLlava(split.samples(), root.resolve(split.name() + ".json"));
      writeObjects(split, root.resolve(split.name() + ".objects.jsonl"));
      writeQuestions(split.samples(), root.resolve(split.name() + ".questions.jsonl"));
      writeSynonyms(root.resolve(SYNONYMS_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write split " + split.name() + " to " + root, e);
    }
  }

  /**
   * Writes samples as a LLaVA instruction file (a JSON array), an image as a string or, for
   * several, as an array of strings.
   *
   * @param samples the samples
   * @param file the file to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writeLlava(List<WorldSample> samples, Path file) {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartArray();
      for (WorldSample sample : samples) {
        SftSample sft = sample.toSftSample();
        g.writeRaw('\n');
        g.writeStartObject();
        g.writeStringField("id", sft.id());
        if (sample.imagePaths().size() == 1) {
          g.writeStringField("image", sample.imagePaths().get(0));
        } else {
          g.writeArrayFieldStart("image");
          for (String path : sample.imagePaths()) {
            g.writeString(path);
          }
          g.writeEndArray();
        }
        g.writeArrayFieldStart("conversations");
        for (Turn turn : sft.conversation().turns()) {
          g.writeStartObject();
          g.writeStringField("from", turn.role().llavaName());
          g.writeStringField("value", turn.text());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeRaw('\n');
      g.writeEndArray();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeObjects(WorldSplit split, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (int i = 0; i < split.scenes().size(); i++) {
        g.writeStartObject();
        g.writeStringField("image", WorldSplit.imagePath(split.name(), i));
        g.writeArrayFieldStart("objects");
        for (Shape shape : split.scenes().get(i).presentShapes()) {
          g.writeString(shape.word());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeRaw('\n');
    }
  }

  private static void writeQuestions(List<WorldSample> samples, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (WorldSample sample : samples) {
        WorldQuestion q = sample.question();
        g.writeStartObject();
        g.writeStringField("id", sample.id());
        g.writeStringField("image", sample.imagePaths().get(0));
        g.writeStringField("type", q.type().name().toLowerCase(java.util.Locale.ROOT));
        if (q.popeSampling() == null) {
          g.writeNullField("sampling");
        } else {
          g.writeStringField("sampling", q.popeSampling().label());
        }
        g.writeStringField("question", q.text());
        g.writeStringField("answer", q.answer());
        g.writeEndObject();
      }
      g.writeRaw('\n');
    }
  }

  private static void writeSynonyms(Path file) throws IOException {
    try (InputStream in = WorldWriter.class.getResourceAsStream(SYNONYMS_RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + SYNONYMS_RESOURCE);
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
