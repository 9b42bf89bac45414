/**
 * Weakening an image before a model sees it: VIG's "no image" pass uses a Gaussian-blurred copy
 * (arXiv 2602.17186) and BPO's negatives a diffusion-noised one (arXiv 2403.08730). {@link
 * dev.mia.selection.image.ImageTransform} is the seam; the image operations themselves live in
 * {@code dev.mia.core.image}.
 */
@NullMarked
package dev.mia.selection.image;

import org.jspecify.annotations.NullMarked;
