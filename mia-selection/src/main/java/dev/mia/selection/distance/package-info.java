/**
 * Levenshtein edit distance over Unicode code points and over integer token ids, computed with
 * Myers' bit-parallel algorithm (one 64-bit word for patterns up to 64 units, blocks of words
 * beyond). MIA-DPO's post-selection filter (arXiv 2410.17637) compares chosen and rejected answers
 * by edit distance but did not publish its definition; the definitions here are mia's.
 */
@NullMarked
package dev.mia.selection.distance;

import org.jspecify.annotations.NullMarked;
