/**
 * Turns JMH's JSON results into the Markdown table of the README: {@link
 * dev.mia.benchmarks.report.ResultsTable} pairs each {@code mia_<name>} benchmark with the {@code
 * baseline_<name>} of the same class and parameters and prints the speed-up.
 */
@NullMarked
package dev.mia.benchmarks.report;

import org.jspecify.annotations.NullMarked;
