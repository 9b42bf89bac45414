/**
 * Visual Information Gain (Lee and Hwang, arXiv 2602.17186): how much the image raises the
 * likelihood of each answer token, and the top-p% selection of samples and tokens that VIG-masked
 * training (mia-loss) learns from.
 */
@NullMarked
package dev.mia.selection.vig;

import org.jspecify.annotations.NullMarked;
