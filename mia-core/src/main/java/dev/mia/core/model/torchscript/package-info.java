/**
 * Real models in mia: {@link dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel} runs a
 * TorchScript export of an LVLM (LLaVA, Qwen-VL, InternLM-XComposer, or the tiny fixture of the
 * tests) through DJL's PyTorch engine behind mia-core's {@link
 * dev.mia.core.model.VisionLanguageModel}, so every scorer, selector and loss of mia runs on it.
 *
 * <p>It is a {@link dev.mia.core.model.TrainableVisionLanguageModel}: mia-loss's training path
 * DPO-trains the loaded module's parameters, and {@link
 * dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel#saveModule} writes the trained
 * module back as a TorchScript archive. The module's input/output contract is in the model's
 * javadoc.
 *
 * <p>The pluggable parts: a {@link dev.mia.core.model.TextTokenizer} (the built-in {@link
 * dev.mia.core.model.torchscript.WordLevelTokenizer}, or a real model's {@code tokenizer.json}
 * through {@link dev.mia.core.model.torchscript.HuggingFaceTextTokenizer}), an {@link
 * dev.mia.core.model.ImagePreprocessor} ({@link dev.mia.core.model.torchscript.ResizeNormalize})
 * and a {@link dev.mia.core.model.ChatTemplate} ({@link
 * dev.mia.core.model.torchscript.PrefixChatTemplate}).
 */
@NullMarked
package dev.mia.core.model.torchscript;

import org.jspecify.annotations.NullMarked;
