package dev.mia.core.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.JsonFields;
import dev.mia.core.io.OnBadRecord;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores captions with CHAIR (Rohrbach et al., EMNLP 2018) over a {@link ChairVocabulary}: each
 * object mention in the caption is correct if its category is in the image's ground truth and
 * hallucinated otherwise; {@link ChairResult} gives CHAIR_i, CHAIR_s and recall.
 *
 * <p>Ground-truth objects are given as words or phrases and mapped through the same vocabulary (so
 * {@code "people"} is {@code person}); optional reference captions add the categories they mention,
 * as Rohrbach's protocol adds the objects of the five COCO captions to the instance labels.
 *
 * <h2>Line format</h2>
 *
 * <p>One JSON object per line (UTF-8; blank lines are skipped):
 *
 * <pre>{@code
 * {"image_id": 42, "caption": "A man rides a horse.", "objects": ["person", "horse"],
 *  "reference_captions": ["A person on a horse in a field."]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code caption} (required): the model's caption;
 *   <li>{@code objects} (required): the ground-truth objects, an array of strings, each naming at
 *       least one category of the vocabulary;
 *   <li>{@code reference_captions} (optional): captions whose mentioned categories join the ground
 *       truth;
 *   <li>{@code image_id} and any other field: ignored.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ChairEvaluator {
  private final ChairVocabulary vocabulary;
  private final OnBadRecord onBadRecord;

  private ChairEvaluator(ChairVocabulary vocabulary, OnBadRecord onBadRecord) {
    this.vocabulary = vocabulary;
    this.onBadRecord = onBadRecord;
  }

  /**
   * Returns an evaluator over the 80 COCO categories that fails at the first bad line.
   *
   * @return the evaluator
   */
  public static ChairEvaluator coco() {
    return of(ChairVocabulary.coco());
  }

  /**
   * Returns an evaluator over a vocabulary that fails at the first bad line.
   *
   * @param vocabulary the categories and their synonyms
   * @return the evaluator
   */
  public static ChairEvaluator of(ChairVocabulary vocabulary) {
    return new ChairEvaluator(vocabulary, OnBadRecord.FAIL);
  }

  /**
   * Returns an evaluator like this one that treats bad lines as {@code onBadRecord} says: a line
   * that is not valid UTF-8, not one JSON object, or not of the line format.
   *
   * @param onBadRecord what to do with bad lines; the default is {@link OnBadRecord#FAIL}
   * @return the evaluator
   */
  public ChairEvaluator withBadRecords(OnBadRecord onBadRecord) {
    return new ChairEvaluator(vocabulary, requireNonNull(onBadRecord, "onBadRecord"));
  }

  /**
   * Returns the vocabulary.
   *
   * @return the vocabulary
   */
  public ChairVocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Scores one caption.
   *
   * @param caption the model's caption
   * @param groundTruthObjects the objects in the image, as category names or synonyms
   * @return the caption's mentions and ground truth
   * @throws IllegalArgumentException if a ground-truth object names no category
   */
  public ChairCaptionScore score(String caption, Collection<String> groundTruthObjects) {
    return score(caption, groundTruthObjects, List.of());
  }

  /**
   * Scores one caption, adding the categories mentioned in reference captions to the ground truth.
   *
   * @param caption the model's caption
   * @param groundTruthObjects the objects in the image, as category names or synonyms
   * @param referenceCaptions human captions of the image
   * @return the caption's mentions and ground truth
   * @throws IllegalArgumentException if a ground-truth object names no category
   */
  public ChairCaptionScore score(
      String caption, Collection<String> groundTruthObjects, Collection<String> referenceCaptions) {
    Set<String> truth = new LinkedHashSet<>();
    for (String object : groundTruthObjects) {
      Set<String> categories = vocabulary.categoriesIn(object);
      if (categories.isEmpty()) {
        throw new IllegalArgumentException(
            "ground-truth object must name a category of the vocabulary, but is: \""
                + object
                + "\"");
      }
      truth.addAll(categories);
    }
    for (String reference : referenceCaptions) {
      truth.addAll(vocabulary.categoriesIn(reference));
    }
    return new ChairCaptionScore(vocabulary.mentions(caption), truth);
  }

  /**
   * Evaluates a JSONL file.
   *
   * @param file the file
   * @return the report
   * @throws DataFormatException at the first bad line under {@link OnBadRecord#FAIL}
   * @throws UncheckedIOException if the file cannot be read
   */
  public ChairReport evaluate(Path file) {
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
  public ChairReport evaluate(InputStream in, String source) {
    ChairAccumulator accumulator = new ChairAccumulator();
    List<BadRecord> bad = AnswerFile.read(in, source, onBadRecord, this::decode, accumulator::add);
    return new ChairReport(accumulator.snapshot(), bad);
  }

  private ChairCaptionScore decode(ObjectNode object) {
    String caption = JsonFields.text(object, "caption", "");
    List<String> objects = JsonFields.texts(object, "objects", "");
    List<String> references = JsonFields.optionalTexts(object, "reference_captions", "");
    try {
      return score(caption, objects, references);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'objects': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ChairEvaluator(vocabulary=" + vocabulary + ", onBadRecord=" + onBadRecord + ")";
  }
}
