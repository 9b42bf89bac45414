/**
 * Benchmarks of mia-core's tensor kernels ({@link dev.mia.core.tensor}) against DJL's own ops on
 * the PyTorch engine, and a peak-memory probe ({@link
 * dev.mia.benchmarks.tensor.TokenLogProbsMemory}) that JMH cannot measure: native memory.
 */
@NullMarked
package dev.mia.benchmarks.tensor;

import org.jspecify.annotations.NullMarked;
