/**
 * Generated stand-ins for public datasets, so that benchmarks need no download: {@link
 * dev.mia.benchmarks.dataset.SyntheticLlava} writes LLaVA-665k-shaped instruction data.
 */
@NullMarked
package dev.mia.benchmarks.dataset;

import org.jspecify.annotations.NullMarked;
