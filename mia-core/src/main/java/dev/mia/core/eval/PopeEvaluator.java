package dev.mia.core.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.JsonFields;
import dev.mia.core.io.OnBadRecord;
import dev.mia.core.io.ShapeException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Streams a JSONL file of POPE answers into a {@link PopeReport}, parsing each answer with a {@link
 * PopeAnswerParser}.
 *
 * <h2>Line format</h2>
 *
 * <p>One JSON object per line (UTF-8; blank lines are skipped):
 *
 * <pre>{@code
 * {"question_id": 1, "question": "Is there a dog in the image?", "label": "yes",
 *  "answer": "Yes, there is a dog.", "split": "random"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code label} (required): {@code "yes"} or {@code "no"}, in any letter case;
 *   <li>{@code answer} (required): the model's answer, a string (may be empty);
 *   <li>{@code split} (optional): a non-blank string such as {@code "random"}, {@code "popular"} or
 *       {@code "adversarial"}; the report gives metrics per split;
 *   <li>{@code question_id}, {@code question}, {@code object}, {@code image} and any other field:
 *       ignored.
 * </ul>
 *
 * <p>A line that is not valid UTF-8, not one JSON object, or lacks a required field is bad: it
 * fails the run or is skipped and reported, by {@link OnBadRecord}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PopeEvaluator {
  /** The official parser, failing at the first bad line. */
  public static final PopeEvaluator DEFAULT =
      new PopeEvaluator(PopeAnswerParser.OFFICIAL, OnBadRecord.FAIL);

  private final PopeAnswerParser parser;
  private final OnBadRecord onBadRecord;

  private PopeEvaluator(PopeAnswerParser parser, OnBadRecord onBadRecord) {
    this.parser = parser;
    this.onBadRecord = onBadRecord;
  }

  /**
   * Returns an evaluator like this one that parses answers with {@code parser}.
   *
   * @param parser the answer parser; {@link #DEFAULT} uses {@link PopeAnswerParser#OFFICIAL}
   * @return the evaluator
   */
  public PopeEvaluator withParser(PopeAnswerParser parser) {
    return new PopeEvaluator(parser, onBadRecord);
  }

  /**
   * Returns an evaluator like this one that treats bad lines as {@code onBadRecord} says: a line
   * that is not valid UTF-8, not one JSON object, or not of the line format.
   *
   * @param onBadRecord what to do with bad lines; {@link #DEFAULT} uses {@link OnBadRecord#FAIL}
   * @return the evaluator
   */
  public PopeEvaluator withBadRecords(OnBadRecord onBadRecord) {
    return new PopeEvaluator(parser, requireNonNull(onBadRecord, "onBadRecord"));
  }

  /**
   * Evaluates a JSONL file.
   *
   * @param file the file
   * @return the report
   * @throws DataFormatException at the first bad line under {@link OnBadRecord#FAIL}
   * @throws UncheckedIOException if the file cannot be read
   */
  public PopeReport evaluate(Path file) {
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
  public PopeReport evaluate(InputStream in, String source) {
    PopeAccumulator overall = new PopeAccumulator(parser);
    Map<String, PopeAccumulator> bySplit = new TreeMap<>();
    List<BadRecord> bad =
        AnswerFile.read(
            in,
            source,
            onBadRecord,
            PopeEvaluator::decode,
            line -> {
              YesNo prediction = overall.addAnswer(line.label, line.answer);
              if (line.split != null) {
                bySplit
                    .computeIfAbsent(line.split, k -> new PopeAccumulator(parser))
                    .add(line.label, prediction);
              }
            });
    Map<String, PopeResult> splits = new TreeMap<>();
    bySplit.forEach((split, acc) -> splits.put(split, acc.snapshot()));
    return new PopeReport(overall.snapshot(), splits, bad);
  }

  private static Line decode(ObjectNode object) {
    String labelText = JsonFields.text(object, "label", "");
    YesNo label =
        switch (labelText.toLowerCase(Locale.ROOT)) {
          case "yes" -> YesNo.YES;
          case "no" -> YesNo.NO;
          default ->
              throw new ShapeException(
                  "field 'label' must be \"yes\" or \"no\", but is: \"" + labelText + "\"");
        };
    String answer = JsonFields.text(object, "answer", "");
    String split = JsonFields.optionalText(object, "split", "");
    if (split != null && split.isBlank()) {
      throw new ShapeException("field 'split' must not be blank");
    }
    return new Line(label, answer, split);
  }

  private record Line(YesNo label, String answer, @Nullable String split) {}

  @Override
  public String toString() {
    return "PopeEvaluator(parser=" + parser + ", onBadRecord=" + onBadRecord + ")";
  }
}
