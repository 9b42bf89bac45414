/**
 * MIA-DPO's multi-image formats built from single-image data: sequence, grid collage and pic-in-pic
 * (Liu et al., "MIA-DPO: Multi-Image Augmented Direct Preference Optimization For Large
 * Vision-Language Models", arXiv 2410.17637).
 */
@NullMarked
package dev.mia.formats;

import org.jspecify.annotations.NullMarked;
