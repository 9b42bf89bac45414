/**
 * Visual Information Gain (Lee and Hwang, arXiv 2602.17186): how much the image raises the
 * likelihood of each answer token, and the top-p% selection of samples and tokens that VIG-masked
 * training (mia-loss) learns from; and, from the same per-token gain, TPO's visual anchors of both
 * answers of a preference pair ({@link dev.mia.selection.vig.VisualAnchors}, arXiv 2412.14487).
 */
@NullMarked
package dev.mia.selection.vig;

import org.jspecify.annotations.NullMarked;
