/**
 * The DPO family of preference losses over DJL NDArrays (Rafailov et al., "Direct Preference
 * Optimization", arXiv 2305.18290), with RLHF-V's dense DDPO (arXiv 2312.00849), VIG-masked
 * supervised loss and BDHS's loss mixing (arXiv 2407.02477).
 *
 * <p>Each loss has a DJL {@link ai.djl.training.loss.Loss} adapter that documents its {@link
 * ai.djl.ndarray.NDList} slots: {@link dev.mia.loss.DpoTrainingLoss}, {@link
 * dev.mia.loss.VigMaskedSftTrainingLoss}, {@link dev.mia.loss.ddpo.DdpoTrainingLoss}, {@link
 * dev.mia.loss.mixing.AvgDpoTrainingLoss}, {@link dev.mia.loss.mixing.MixedDpoTrainingLoss}, {@link
 * dev.mia.loss.symmpo.SymMpoTrainingLoss} and {@link dev.mia.loss.chip.ChipTrainingLoss}. Reference
 * log-probabilities can be kept on disk with {@link dev.mia.loss.cache.ReferenceLogProbCache}.
 *
 * <p>Multimodal methods built from these pieces: TPO's visually anchored token weights ({@link
 * dev.mia.loss.tpo.VisualAnchorWeights}), SymMPO's symmetric image-contrast loss ({@link
 * dev.mia.loss.symmpo.SymMpoLoss}), CHiP's hierarchical levels ({@link
 * dev.mia.loss.chip.ChipLoss}), mDPO's terms and MM-DPO's dynamic beta ({@link
 * dev.mia.loss.DpoLoss}), and HSA-DPO's severity weights through per-pair weights ({@link
 * dev.mia.loss.PreferenceLogProbs}).
 */
@NullMarked
package dev.mia.loss;

import org.jspecify.annotations.NullMarked;
