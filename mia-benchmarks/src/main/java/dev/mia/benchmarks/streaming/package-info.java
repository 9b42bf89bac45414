/**
 * The streaming benchmark: {@link dev.mia.benchmarks.streaming.StreamingConversion} converts a
 * generated LLaVA-665k-sized JSON file into sequence-format multi-image JSONL and reports records
 * per second and the heap it needed.
 */
@NullMarked
package dev.mia.benchmarks.streaming;

import org.jspecify.annotations.NullMarked;
