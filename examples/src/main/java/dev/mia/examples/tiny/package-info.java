/**
 * A tiny real vision-language model built and trained with DJL: a patch encoder, a projector into
 * the token space and a small causal transformer decoder that returns its attention maps. {@link
 * dev.mia.examples.tiny.TinyLvlm} implements mia's {@link dev.mia.core.model.VisionLanguageModel};
 * {@link dev.mia.examples.tiny.TinyLvlmTrainer} trains it by supervised fine-tuning on the
 * synthetic world of {@link dev.mia.examples.world}; {@link dev.mia.examples.tiny.TrainTinyLvlm}
 * trains the default configuration and reports held-out accuracy per question type.
 */
@NullMarked
package dev.mia.examples.tiny;

import org.jspecify.annotations.NullMarked;
