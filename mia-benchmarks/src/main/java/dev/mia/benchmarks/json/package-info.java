/**
 * Benchmarks of mia-core's streaming dataset reader ({@link dev.mia.core.io.DatasetReader}) against
 * Jackson databind reading the whole file into a tree.
 */
@NullMarked
package dev.mia.benchmarks.json;

import org.jspecify.annotations.NullMarked;
