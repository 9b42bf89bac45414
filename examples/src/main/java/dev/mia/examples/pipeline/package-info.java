/**
 * The end-to-end pipeline on the tiny LVLM: supervised fine-tuning on the synthetic world, held-out
 * evaluation of single-image and multi-image hallucination, multi-image data from mia-formats,
 * preference pairs from mia-selection, DPO (and the other methods) with mia-loss, evaluation again,
 * and a report folder with every number, plots and sample collages. {@link
 * dev.mia.examples.pipeline.EndToEnd} is the program.
 */
@NullMarked
package dev.mia.examples.pipeline;

import org.jspecify.annotations.NullMarked;
