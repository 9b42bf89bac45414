/**
 * Benchmarks of mia-loss ({@link dev.mia.loss}) against the same formula written inline with raw
 * DJL ops, forward and forward plus backward.
 */
@NullMarked
package dev.mia.benchmarks.loss;

import org.jspecify.annotations.NullMarked;
