/**
 * MIA-DPO's multi-image formats built from single-image data: sequence, grid collage and pic-in-pic
 * (Liu et al., "MIA-DPO: Multi-Image Augmented Direct Preference Optimization For Large
 * Vision-Language Models", arXiv 2410.17637).
 *
 * <p>The three implement one interface, {@link dev.mia.formats.Format}, over {@link
 * dev.mia.formats.Picture}s (an image reference plus, when decoded, its pixels), so files and
 * images held in memory compose the same way:
 *
 * <pre>{@code
 * Format grid = GridFormat.miaDpo();
 * List<MultiImageSample> built =
 *     grid.build(sample, Picture.of(targetImage), List.of(Picture.of(a), Picture.of(b), Picture.of(c)), random);
 * }</pre>
 *
 * Every sample records, in its layout, the source (id and content hash) of each image, tile,
 * background and inner picture, and, in its provenance, the companions drawn.
 */
@NullMarked
package dev.mia.formats;

import org.jspecify.annotations.NullMarked;
