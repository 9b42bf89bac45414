/**
 * CHiP, cross-modal hierarchical DPO (Fu et al., "CHiP: Cross-modal Hierarchical Direct Preference
 * Optimization for Multimodal LLMs", arXiv 2501.16629, released as {@code LVUGAI/CHiP}), composed
 * from terms mia already has: response-level DPO, segment-level DPO over DDPO's token weights and
 * the visual preference term (mDPO's image-conditional term).
 */
@NullMarked
package dev.mia.loss.chip;

import org.jspecify.annotations.NullMarked;
