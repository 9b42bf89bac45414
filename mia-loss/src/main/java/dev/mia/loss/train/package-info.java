/**
 * The training path from preference pairs to an optimiser step, shared by every trainer: {@link
 * dev.mia.loss.train.PreferenceCollator} tokenises and checks a batch of {@link
 * dev.mia.core.data.PreferencePair}s with the model's tokenizer; {@link
 * dev.mia.loss.train.ReferenceLogProbs} reads the frozen reference's per-token log-probs from a
 * {@link dev.mia.loss.cache.ReferenceLogProbCache} and computes the misses; {@link
 * dev.mia.loss.train.PreferenceForward} scores the policy with the gradient recorded and assembles
 * the loss inputs; {@link dev.mia.loss.train.PreferenceTrainer} runs a guarded, scheduled and
 * optionally accumulated step with any {@link dev.mia.loss.DpoLoss}.
 *
 * <p>Data flows one way: pairs, then a {@link dev.mia.loss.train.PreferenceBatch}, then scores,
 * then the loss, then the update. Each part also works alone, for trainers with their own loop (a
 * DJL {@link ai.djl.training.Trainer} with {@link dev.mia.loss.DpoTrainingLoss}, for example).
 *
 * <p>DJL allows one gradient collector per JVM: reference log-probs are computed before the step
 * opens its collector, and nothing here opens a second one.
 */
@NullMarked
package dev.mia.loss.train;

import org.jspecify.annotations.NullMarked;
