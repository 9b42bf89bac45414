package dev.mia.core.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.JsonFields;
import dev.mia.core.io.OnBadRecord;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
      new MultiImageEvaluator(MultiImageJudge.DEFAULT, OnBadRecord.FAIL);

  private final MultiImageJudge judge;
  private final OnBadRecord onBadRecord;

  private MultiImageEvaluator(MultiImageJudge judge, OnBadRecord onBadRecord) {
    this.judge = judge;
    this.onBadRecord = onBadRecord;
  }

  /**
   * Returns an evaluator like this one that classifies with {@code judge}.
   *
   * @param judge the judge; {@link #DEFAULT} uses {@link MultiImageJudge#DEFAULT}
   * @return the evaluator
   */
  public MultiImageEvaluator withJudge(MultiImageJudge judge) {
    return new MultiImageEvaluator(judge, onBadRecord);
  }

  /**
   * Returns an evaluator like this one that treats bad lines as {@code onBadRecord} says: a line
   * that is not valid UTF-8, not one JSON object, or not of the line format.
   *
   * @param onBadRecord what to do with bad lines; {@link #DEFAULT} uses {@link OnBadRecord#FAIL}
   * @return the evaluator
   */
  public MultiImageEvaluator withBadRecords(OnBadRecord onBadRecord) {
    return new MultiImageEvaluator(judge, requireNonNull(onBadRecord, "onBadRecord"));
  }

  /**
   * Evaluates a JSONL file.
   *
   * @param file the file
   * @return the report
   * @throws DataFormatException at the first bad line under {@link OnBadRecord#FAIL}
   * @throws UncheckedIOException if the file cannot be read
   */
  public MultiImageReport evaluate(Path file) {
    return AnswerFile.evaluate(file, this::evaluate);
  }

  /**
   * Evaluates JSONL from a stream, which is read to its end and not closed.
   *
   * @param in the UTF-8 bytes
   * @param source the name of the input in error messages
   * @return the report
   * @throws DataFormatException at the first bad line under {@link OnBadRecord#FAIL}
   * @throws UncheckedIOException if the stream cannot be read
   */
  public MultiImageReport evaluate(InputStream in, String source) {
    MultiImageAccumulator accumulator = new MultiImageAccumulator();
    List<BadRecord> bad =
        AnswerFile.read(
            in,
            source,
            onBadRecord,
            MultiImageEvaluator::decode,
            item -> accumulator.add(judge.classify(item)));
    return new MultiImageReport(accumulator.snapshot(), bad);
  }

  private static MultiImageItem decode(ObjectNode object) {
    String id = JsonFields.optionalText(object, "id", "");
    int target = JsonFields.integer(object, "target_index", "");
    String answer = JsonFields.text(object, "answer", "");
    JsonNode images = JsonFields.array(object, "images", "");
    List<ImageTruth> truths = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String path = "images[" + i + "]";
      JsonNode image = JsonFields.asObject(images.get(i), path);
      truths.add(
          new ImageTruth(
              new LinkedHashSet<>(JsonFields.texts(image, "answers", path + ".")),
              new LinkedHashSet<>(JsonFields.optionalTexts(image, "attributes", path + "."))));
    }
    // MultiImageItem's IllegalArgumentException (e.g. a target index out of range) becomes the
    // line's problem
    return new MultiImageItem(id == null ? "?" : id, target, truths, answer);
  }

  @Override
  public String toString() {
    return "MultiImageEvaluator(judge=" + judge + ", onBadRecord=" + onBadRecord + ")";
  }
}
