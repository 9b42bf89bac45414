/**
 * The model SPI: what mia needs from a vision-language model, so that every scorer, selector and
 * generator works with any LVLM (LLaVA, Qwen-VL, InternLM-XComposer through TorchScript, or the
 * tiny model of the examples).
 *
 * <p>{@link dev.mia.core.model.VisionLanguageModel} scores answers teacher-forced and generates
 * answers; {@link dev.mia.core.model.TrainableVisionLanguageModel} adds differentiable scoring for
 * training; {@link dev.mia.core.model.TextTokenizer}, {@link dev.mia.core.model.ChatTemplate} and
 * {@link dev.mia.core.model.ImagePreprocessor} are the parts a model is built from, and {@link
 * dev.mia.core.model.TokenSampler} the one greedy and nucleus sampler of every model (the
 * TorchScript adapter in {@code dev.mia.core.model.torchscript} and the examples' tiny model);
 * {@link dev.mia.core.model.ImageSpans} says where each image's tokens sit; {@link
 * dev.mia.core.model.TextRewriter} and {@link dev.mia.core.model.TextEmbedder} are the text models
 * that BPO's error injection and BDHS's similarity check need.
 *
 * <p>Models that train implement {@link dev.mia.core.model.TrainableVisionLanguageModel}: its
 * {@link dev.mia.core.model.ModelTokenizer} turns prompts ({@link
 * dev.mia.core.model.EncodedPrompt}) and answers into the {@link dev.mia.core.model.TokenSequence}
 * rows that {@code scoreTokens} scores with the gradient recorded ({@link
 * dev.mia.core.model.TokenScores}); mia-loss's training path ({@code dev.mia.loss.train}) builds on
 * nothing else.
 *
 * <h2>NDArray ownership</h2>
 *
 * <p>Every array a model returns is attached to the {@link ai.djl.ndarray.NDManager} the caller
 * passes in, so the caller frees them all by closing that manager (or a sub-manager made for the
 * call). Models never close arrays they did not create, and never keep references to returned
 * arrays.
 */
@NullMarked
package dev.mia.core.model;

import org.jspecify.annotations.NullMarked;
