/**
 * Deterministic image operations on {@link java.awt.image.BufferedImage}: reading any image that
 * ImageIO decodes as RGB ({@link dev.mia.core.image.ImageLoader}), content hashes ({@link
 * dev.mia.core.image.ContentHash}), resizing that keeps the aspect ratio ({@link
 * dev.mia.core.image.Resize}), padding, pasting and cropping ({@link dev.mia.core.image.Canvas}),
 * Gaussian blur ({@link dev.mia.core.image.GaussianBlur}), seeded Gaussian pixel noise ({@link
 * dev.mia.core.image.GaussianNoise}) and seeded diffusion forward noise with BPO's schedule ({@link
 * dev.mia.core.image.DiffusionNoise}, {@link dev.mia.core.image.DiffusionSchedule}).
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>Every operation returns a new image of type {@link
 *       java.awt.image.BufferedImage#TYPE_INT_RGB} and never mutates its inputs. Inputs of any
 *       other type are first normalised with {@link dev.mia.core.image.ImageLoader#toRgb}.
 *   <li>Configured operations are immutable and thread-safe; randomness always takes an explicit
 *       {@code long seed} and draws from a private {@link java.util.SplittableRandom}, so the same
 *       seed gives the same pixels on every machine and under any number of threads.
 *   <li>Arithmetic that decides pixel values runs in Java {@code double}s with {@link
 *       java.lang.StrictMath}, which the Java language specifies bit for bit; results do not depend
 *       on the CPU or JIT.
 * </ul>
 */
@NullMarked
package dev.mia.core.image;

import org.jspecify.annotations.NullMarked;
