/** A DPO training loop over a JSONL file of preference pairs, on the library's training path. */
@NullMarked
package dev.mia.examples.training;

import org.jspecify.annotations.NullMarked;
