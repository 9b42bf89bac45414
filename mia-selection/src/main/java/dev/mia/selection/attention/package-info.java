/**
 * MIA-DPO's attention-aware selection (Liu et al., arXiv 2410.17637, section 3.2): a generated
 * answer is a useful rejected answer when the model, while generating it, paid little attention to
 * the image the question is about.
 *
 * <p>{@link dev.mia.selection.attention.AttentionShare} holds the pure share formulas over arrays;
 * {@link dev.mia.selection.attention.ShareThresholds} the thresholds per format and image count, as
 * data; {@link dev.mia.selection.attention.AttentionSelector} reduces a model's attention maps and
 * decides.
 */
@NullMarked
package dev.mia.selection.attention;

import org.jspecify.annotations.NullMarked;
