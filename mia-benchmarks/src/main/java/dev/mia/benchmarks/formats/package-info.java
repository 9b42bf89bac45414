/**
 * Benchmarks of mia-formats ({@link dev.mia.formats}): the grid collage against the naive Java2D
 * recipe, and its scaling across threads. {@code pil_grid_collage.py} beside the module's pom times
 * the same recipe in Python's PIL.
 */
@NullMarked
package dev.mia.benchmarks.formats;

import org.jspecify.annotations.NullMarked;
