/**
 * Negative (rejected) answers made without a vision model: BPO's error injection (Pi et al.,
 * "Strengthening Multimodal Large Language Model with Bootstrapped Preference Optimization", arXiv
 * 2403.08730, section 3.2) rewrites a faithful answer so that it holds the errors a hallucinating
 * model makes.
 */
@NullMarked
package dev.mia.selection.negative;

import org.jspecify.annotations.NullMarked;
