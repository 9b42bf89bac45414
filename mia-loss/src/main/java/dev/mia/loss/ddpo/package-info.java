/**
 * DDPO, dense direct preference optimisation (RLHF-V, Yu et al., arXiv 2312.00849): a token diff of
 * the chosen (corrected) and rejected responses marks the changed segments, whose tokens weigh
 * gamma in the sequence log-probabilities of both responses.
 */
@NullMarked
package dev.mia.loss.ddpo;

import org.jspecify.annotations.NullMarked;
