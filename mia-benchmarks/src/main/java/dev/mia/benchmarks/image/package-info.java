/**
 * Benchmarks of mia-core's image operations ({@link dev.mia.core.image}) against plain Java2D: each
 * class pairs a {@code mia_*} method with the {@code baseline_*} method of the same name suffix.
 */
@NullMarked
package dev.mia.benchmarks.image;

import org.jspecify.annotations.NullMarked;
