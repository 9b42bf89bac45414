package dev.mia.examples.pipeline;

import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.eval.ImageTruth;
import dev.mia.core.eval.PopeSampling;
import dev.mia.core.model.Prompt;
import dev.mia.examples.world.QuestionType;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One held-out question with what is needed to judge the model's answer.
 *
 * @param id the item's id
 * @param prompt the model prompt
 * @param answer the exact answer
 * @param type the question's kind
 * @param sampling for existence questions, POPE's sampling; else null
 * @param objects for captions, the object words in the image; else empty
 * @param truths for multi-image questions, each image's truth (for {@code MultiImageJudge}); else
 *     empty
 * @param targetIndex for multi-image questions, the 0-based target image; else 0
 * @param format for multi-image questions, the layout's format; else null
 * @param sceneObjects the objects in a single-image item's scene, 0 for a multi-image item
 */
record EvalItem(
    String id,
    Prompt prompt,
    String answer,
    QuestionType type,
    @Nullable PopeSampling sampling,
    Set<String> objects,
    List<ImageTruth> truths,
    int targetIndex,
    @Nullable MultiImageFormat format,
    int sceneObjects) {
  EvalItem {
    objects = Set.copyOf(objects);
    truths = List.copyOf(truths);
  }

  boolean multiImage() {
    return !truths.isEmpty();
  }
}
