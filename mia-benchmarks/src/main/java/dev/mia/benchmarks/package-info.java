/** JMH benchmarks of mia's kernels, each measured against its baseline in the same run. */
@NullMarked
package dev.mia.benchmarks;

import org.jspecify.annotations.NullMarked;
