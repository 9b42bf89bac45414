/**
 * MIA-DPO's post-selection filters (arXiv 2410.17637, section 3.3) and the rule that chosen and
 * rejected answers differ: each {@link dev.mia.selection.filter.PairFilter} keeps or drops a {@link
 * dev.mia.selection.Candidate} with a counted reason, and {@link
 * dev.mia.selection.filter.FilterChain} runs them in order.
 *
 * <p>Only the perplexity filter's threshold comes from MIA-DPO's released code; its length-ratio
 * and edit-distance filters were never published, so their definitions and defaults are mia's.
 */
@NullMarked
package dev.mia.selection.filter;

import org.jspecify.annotations.NullMarked;
