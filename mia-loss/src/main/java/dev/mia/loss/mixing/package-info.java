/**
 * Mixing of preference losses over two kinds of rejected answers (BDHS, Amirloo et al.,
 * "Understanding Alignment in Multimodal LLMs", arXiv 2407.02477): Avg-DPO and Mixed-DPO.
 */
@NullMarked
package dev.mia.loss.mixing;

import org.jspecify.annotations.NullMarked;
