/**
 * The fused output-projection preference kernel: sequence log-probabilities, any {@link
 * dev.mia.loss.DpoLoss} and exact gradients for the final hidden states and the output-projection
 * weight, computed chunk by chunk from {@code h} and {@code W} so that the logits {@code h W^T} of
 * the whole batch ({@code [2B, T, V]}) never exist, in the forward or in the backward pass.
 *
 * <p>Entry point: {@link dev.mia.loss.fused.FusedPreferenceKernel}; inputs in {@link
 * dev.mia.loss.fused.FusedPreferenceInputs}. The design follows Liger-Kernel's fused linear
 * preference loss and Apple's Cut Cross-Entropy, adapted to DJL 0.34, which has no custom autograd
 * functions: see the kernel's documentation.
 */
@NullMarked
package dev.mia.loss.fused;

import org.jspecify.annotations.NullMarked;
