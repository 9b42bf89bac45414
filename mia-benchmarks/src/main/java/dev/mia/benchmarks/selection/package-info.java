/**
 * Benchmarks of mia-selection ({@link dev.mia.selection}): edit distance against Apache Commons
 * Text, the attention share's on-device reduction and VIG scoring against plain Java loops over
 * host copies.
 */
@NullMarked
package dev.mia.benchmarks.selection;

import org.jspecify.annotations.NullMarked;
