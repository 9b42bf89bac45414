/**
 * SymMPO, symmetric multimodal preference optimisation (Liu et al., "Mitigating Hallucination
 * Through Theory-Consistent Symmetric Multimodal Preference Optimization", arXiv 2506.11712,
 * released as {@code Liuwq-bit/SymMPO}): image-contrast preferences written as response pairs under
 * one image each, so that DPO's partition function cancels, plus a margin-consistency term.
 */
@NullMarked
package dev.mia.loss.symmpo;

import org.jspecify.annotations.NullMarked;
