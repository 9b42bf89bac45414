/**
 * Token Preference Optimization's visually anchored token weights (TPO: Gu et al., "Token
 * Preference Optimization with Self-Calibrated Visual-Anchored Rewards for Hallucination
 * Mitigation", arXiv 2412.14487, released as {@code alibaba/TPO}): per-token rewards from the
 * difference of a token's log-probability with the image and with a corrupted image, turned into
 * token weights of the chosen and rejected responses and fed to any {@link dev.mia.loss.DpoLoss}
 * through the sequence log-probabilities.
 *
 * <p>The scores come from {@code dev.mia.selection.vig.VisualAnchors} in mia-selection (the VIG
 * scorer run on both responses of a pair with one corrupted image); this package only weighs.
 */
@NullMarked
package dev.mia.loss.tpo;

import org.jspecify.annotations.NullMarked;
