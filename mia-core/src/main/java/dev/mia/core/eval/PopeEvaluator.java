package dev.mia.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.eval.JsonlReader.RecordProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * fails the run or is skipped and reported, by {@link BadLinePolicy}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PopeEvaluator {
  /** The official parser, failing at the first bad line. */
  public static final PopeEvaluator DEFAULT =
      new PopeEvaluator(PopeAnswerParser.OFFICIAL, BadLinePolicy.FAIL);

  private final PopeAnswerParser parser;
  private final BadLinePolicy badLinePolicy;

  private PopeEvaluator(PopeAnswerParser parser, BadLinePolicy badLinePolicy) {
    this.parser = parser;
    this.badLinePolicy = badLinePolicy;
  }

  /**
   * Returns an evaluator like this one that parses answers with {@code parser}.
   *
   * @param parser the answer parser; {@link #DEFAULT} uses {@link PopeAnswerParser#OFFICIAL}
   * @return the evaluator
   */
  public PopeEvaluator withParser(PopeAnswerParser parser) {
    return new PopeEvaluator(parser, badLinePolicy);
  }

  /**
   * Returns an evaluator like this one that treats bad lines as {@code policy} says.
   *
   * @param policy what to do with bad lines; {@link #DEFAULT} uses {@link BadLinePolicy#FAIL}
   * @return the evaluator
   */
  public PopeEvaluator withBadLines(BadLinePolicy policy) {
    return new PopeEvaluator(parser, policy);
  }

  /**
   * Evaluates a JSONL file.
   *
   * @param file the file
   * @return the report
   * @throws DataFormatException at the first bad line under {@link BadLinePolicy#FAIL}
   * @throws UncheckedIOException if the file cannot be read
   */
  public PopeReport evaluate(Path file) {
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
  public PopeReport evaluate(InputStream in, String source) {
    PopeAccumulator overall = new PopeAccumulator(parser);
    Map<String, PopeAccumulator> bySplit = new TreeMap<>();
    List<BadLine> bad =
        JsonlReader.read(
            in,
            source,
            badLinePolicy,
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

  private static Line decode(JsonNode object) throws RecordProblem {
    String labelText = JsonFields.requiredString(object, "label");
    YesNo label =
        switch (labelText.toLowerCase(Locale.ROOT)) {
          case "yes" -> YesNo.YES;
          case "no" -> YesNo.NO;
          default ->
              throw new RecordProblem(
                  "field 'label' must be \"yes\" or \"no\", but is: \"" + labelText + "\"");
        };
    String answer = JsonFields.requiredString(object, "answer");
    String split = JsonFields.optionalString(object, "split");
    if (split != null && split.isBlank()) {
      throw new RecordProblem("field 'split' must not be blank");
    }
    return new Line(label, answer, split);
  }

  private record Line(YesNo label, String answer, @Nullable String split) {}

  @Override
  public String toString() {
    return "PopeEvaluator(parser=" + parser + ", badLines=" + badLinePolicy + ")";
  }
}
