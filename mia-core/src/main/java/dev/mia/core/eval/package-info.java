/**
 * Hallucination metrics, computed the way the reference scripts compute them so that numbers are
 * comparable with published ones.
 *
 * <ul>
 *   <li><b>POPE</b> (Li et al., EMNLP 2023, AoiDragon/POPE): {@link
 *       dev.mia.core.eval.PopeAnswerParser} parses answers as {@code evaluate.py} does, {@link
 *       dev.mia.core.eval.PopeAccumulator} counts them, {@link dev.mia.core.eval.PopeResult} holds
 *       accuracy, precision, recall, F1 and yes-ratio, {@link dev.mia.core.eval.PopeSampler} builds
 *       the random, popular and adversarial question sets and {@link
 *       dev.mia.core.eval.PopeEvaluator} streams JSONL answer files.
 *   <li><b>CHAIR</b> (Rohrbach et al., EMNLP 2018): {@link dev.mia.core.eval.ChairVocabulary} (the
 *       80 COCO categories and their synonyms, replaceable), {@link
 *       dev.mia.core.eval.ChairEvaluator} (object mentions, CHAIR_i, CHAIR_s and recall).
 *   <li><b>Multi-image confusion</b> (mia's own definitions, after MIA-DPO's analysis): {@link
 *       dev.mia.core.eval.MultiImageJudge} classifies an answer about one image of several as
 *       correct, sequence confusion, element interference or other wrong.
 * </ul>
 *
 * <h2>Degenerate sets</h2>
 *
 * <p>Every ratio whose denominator is zero is defined as 0 (precision with no predicted yes, recall
 * with no positive label, F1 when precision + recall is 0, any rate over an empty set), so no
 * metric is ever NaN and no division throws.
 */
@NullMarked
package dev.mia.core.eval;

import org.jspecify.annotations.NullMarked;
