package dev.mia.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.eval.JsonlReader.RecordProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Streams a JSONL file of multi-image answers through a {@link MultiImageJudge} into a {@link
 * MultiImageReport}.
 *
 * <h2>Line format</h2>
 *
 * <p>One JSON object per line (UTF-8; blank lines are skipped):
 *
 * <pre>{@code
 * {"id": "s1", "target_index": 1, "answer": "The cube is blue.",
 *  "images": [{"answers": ["red"], "attributes": ["red", "cube", "left"]},
 *             {"answers": ["green"], "attributes": ["green", "cube", "right"]}]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code target_index} (required): the 0-based index of the image asked about;
 *   <li>{@code images} (required): per image, {@code answers} (required, acceptable answers if the
 *       question were about this image) and {@code attributes} (optional, attribute values of its
 *       objects);
 *   <li>{@code answer} (required): the model's answer;
 *   <li>{@code id} (optional): a string; other fields are ignored.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MultiImageEvaluator {
  /** Judges with {@link MultiImageJudge#DEFAULT}, failing at the first bad line. */
  public static final MultiImageEvaluator DEFAULT =
      new MultiImageEvaluator(MultiImageJudge.DEFAULT, BadLinePolicy.FAIL);

  private final MultiImageJudge judge;
  private final BadLinePolicy badLinePolicy;

  private MultiImageEvaluator(MultiImageJudge judge, BadLinePolicy badLinePolicy) {
    this.judge = judge;
    this.badLinePolicy = badLinePolicy;
  }

  /**
   * Returns an evaluator like this one that classifies with {@code judge}.
   *
   * @param judge the judge; {@link #DEFAULT} uses {@link MultiImageJudge#DEFAULT}
   * @return the evaluator
   */
  public MultiImageEvaluator withJudge(MultiImageJudge judge) {
    return new MultiImageEvaluator(judge, badLinePolicy);
  }

  /**
   * Returns an evaluator like this one that treats bad lines as {@code policy} says.
   *
   * @param policy what to do with bad lines; {@link #DEFAULT} uses {@link BadLinePolicy#FAIL}
   * @return the evaluator
   */
  public MultiImageEvaluator withBadLines(BadLinePolicy policy) {
    return new MultiImageEvaluator(judge, policy);
  }

  /**
   * Evaluates a JSONL file.
   *
   * @param file the file
   * @return the report
   * @throws DataFormatException at the first bad line under {@link BadLinePolicy#FAIL}
   * @throws UncheckedIOException if the file cannot be read
   */
  public MultiImageReport evaluate(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return evaluate(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Evaluates JSONL from a stream, which is read to its end and not closed.
   *
   * @param in the UTF-8 bytes
   * @param source the name of the input in error messages
   * @return the report
   * @throws DataFormatException at the first bad line under {@link BadLinePolicy#FAIL}
   * @throws UncheckedIOException if the stream cannot be read
   */
  public MultiImageReport evaluate(InputStream in, String source) {
    MultiImageAccumulator accumulator = new MultiImageAccumulator();
    List<BadLine> bad =
        JsonlReader.read(
            in,
            source,
            badLinePolicy,
            MultiImageEvaluator::decode,
            item -> accumulator.add(judge.classify(item)));
    return new MultiImageReport(accumulator.snapshot(), bad);
  }

  private static MultiImageItem decode(JsonNode object) throws RecordProblem {
    String id = JsonFields.optionalString(object, "id");
    int target = JsonFields.requiredInt(object, "target_index");
    String answer = JsonFields.requiredString(object, "answer");
    JsonNode images = object.get("images");
    if (images == null || !images.isArray()) {
      throw new RecordProblem("field 'images' must be an array of objects");
    }
    List<ImageTruth> truths = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      JsonNode image = images.get(i);
      if (!image.isObject()) {
        throw new RecordProblem("field 'images' element " + i + " must be an object");
      }
      truths.add(
          new ImageTruth(
              new LinkedHashSet<>(JsonFields.requiredStrings(image, "answers")),
              new LinkedHashSet<>(JsonFields.optionalStrings(image, "attributes"))));
    }
    try {
      return new MultiImageItem(id == null ? "?" : id, target, truths, answer);
    } catch (IllegalArgumentException e) {
      throw new RecordProblem(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "MultiImageEvaluator(judge=" + judge + ", badLines=" + badLinePolicy + ")";
  }
}
