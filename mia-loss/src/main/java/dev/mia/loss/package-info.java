/**
 * The DPO family of preference losses over DJL NDArrays (Rafailov et al., "Direct Preference
 * Optimization", arXiv 2305.18290), with RLHF-V's dense DDPO (arXiv 2312.00849), VIG-masked
 * supervised loss and BDHS's loss mixing (arXiv 2407.02477).
 *
 * <p>Each loss has a DJL {@link ai.djl.training.loss.Loss} adapter that documents its {@link
 * ai.djl.ndarray.NDList} slots: {@link dev.mia.loss.DpoTrainingLoss}, {@link
 * dev.mia.loss.VigMaskedSftTrainingLoss}, {@link dev.mia.loss.ddpo.DdpoTrainingLoss}, {@link
 * dev.mia.loss.mixing.AvgDpoTrainingLoss} and {@link dev.mia.loss.mixing.MixedDpoTrainingLoss}.
 * Reference log-probabilities can be kept on disk with {@link
 * dev.mia.loss.cache.ReferenceLogProbCache}.
 */
@NullMarked
package dev.mia.loss;

import org.jspecify.annotations.NullMarked;
