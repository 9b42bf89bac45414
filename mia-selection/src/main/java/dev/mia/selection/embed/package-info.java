/**
 * A sentence embedder that needs no download, for BDHS's similarity check (arXiv 2407.02477) when
 * no neural embedder is at hand.
 */
@NullMarked
package dev.mia.selection.embed;

import org.jspecify.annotations.NullMarked;
