/** A command-line evaluation of answer files with mia's hallucination metrics. */
@NullMarked
package dev.mia.examples.eval;

import org.jspecify.annotations.NullMarked;
