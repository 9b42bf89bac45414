/**
 * Deciding which preference pairs are worth training on: visual-information-gain scoring (Lee and
 * Hwang, arXiv 2602.17186), MIA-DPO's attention-aware selection and post-selection filters (arXiv
 * 2410.17637), and negative generators from BPO (arXiv 2403.08730) and BDHS (arXiv 2407.02477).
 */
@NullMarked
package dev.mia.selection;

import org.jspecify.annotations.NullMarked;
