package dev.mia.benchmarks.dataset;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes LLaVA-style instruction data shaped like LLaVA-1.5's {@code llava_v1_5_mix665k.json}: one
 * JSON array of records {@code {"id": "000000000007", "image": "coco/train2017/000000000007.jpg",
 * "conversations": [{"from": "human", "value": "<image>\nWhat is ...?"}, {"from": "gpt", "value":
 * "..."}, ...]}} with one to three rounds, and one record in twenty text-only (no image, no
 * placeholder), as the ShareGPT part of the mix is. No image file is written; the paths only name
 * images.
 *
 * <p>The text is drawn from small word lists with a seeded {@link SplittableRandom}, so the same
 * seed and count give the same bytes; records average about 550 bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class SyntheticLlava {
  private static final String[] OBJECTS = {
    "bus", "dog", "cat", "table", "umbrella", "bicycle", "pizza", "giraffe", "laptop", "train",
    "clock", "boat", "kite", "bench", "horse", "sandwich", "vase", "skateboard", "bird", "truck"
  };
  private static final String[] COLOURS = {
    "red", "white", "blue", "green", "yellow", "black", "brown", "grey", "orange", "purple"
  };
  private static final String[] PLACES = {
    "on the left",
    "on the right",
    "in the centre",
    "in the background",
    "near the window",
    "on the street",
    "next to the table",
    "under the tree"
  };
  private static final String[] QUESTIONS = {
    "What color is the %s in the image?",
    "Where is the %s located?",
    "How many %ss can be seen in the picture?",
    "What is the %s doing?",
    "Describe the %s in detail.",
    "Is there a %s in the image?",
    "What can you infer about the %s from the scene?"
  };

  private final long seed;

  private SyntheticLlava(long seed) {
    this.seed = seed;
  }

  /**
   * Returns a generator.
   *
   * @param seed the seed of all text drawn
   * @return the generator
   */
  public static SyntheticLlava withSeed(long seed) {
    return new SyntheticLlava(seed);
  }

  /**
   * Writes {@code records} records as one compact JSON array, ids {@code 000000000000} upwards.
   *
   * @param file the file to create or replace
   * @param records how many records, at least 0
   * @throws IllegalArgumentException if {@code records} is negative
   * @throws UncheckedIOException if writing fails
   */
  public void write(Path file, int records) {
    if (records < 0) {
      throw new IllegalArgumentException("records must be >= 0, but is: " + records);
    }
    SplittableRandom random = new SplittableRandom(seed);
    try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      g.writeStartArray();
      for (int i = 0; i < records; i++) {
        writeRecord(g, i, random);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeRecord(JsonGenerator g, int index, SplittableRandom random)
      throws IOException {
    String id = String.format(Locale.ROOT, "%012d", index);
    boolean textOnly = random.nextInt(20) == 0;
    g.writeStartObject();
    g.writeStringField("id", id);
    if (!textOnly) {
      g.writeStringField("image", "coco/train2017/" + id + ".jpg");
    }
    g.writeArrayFieldStart("conversations");
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      String object = pick(OBJECTS, random);
      String question = String.format(Locale.ROOT, pick(QUESTIONS, random), object);
      turn(g, "human", r == 0 && !textOnly ? "<image>\n" + question : question);
      turn(g, "gpt", answer(object, random));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void turn(JsonGenerator g, String from, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("from", from);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  private static String answer(String object, SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    int sentences = 1 + random.nextInt(4);
    for (int s = 0; s < sentences; s++) {
      if (s > 0) {
        text.append(' ');
      }
      String subject = s == 0 ? object : pick(OBJECTS, random);
      text.append(s == 0 ? "The " : "A ")
          .append(pick(COLOURS, random))
          .append(' ')
          .append(subject)
          .append(" is ")
          .append(pick(PLACES, random))
          .append(", close to a ")
          .append(pick(COLOURS, random))
          .append(' ')
          .append(pick(OBJECTS, random))
          .append('.');
    }
    return text.toString();
  }

  private static String pick(String[] words, SplittableRandom random) {
    return words[random.nextInt(words.length)];
  }

  @Override
  public String toString() {
    return "SyntheticLlava(seed=" + seed + ")";
  }
}
