/**
 * NDArray kernels shared by mia's scorers and losses: per-token log-probabilities of target tokens
 * from logits, computed chunk by chunk so that no full {@code [B, T, V]} log-softmax is kept when
 * no gradient is recorded.
 *
 * <p>Ownership: kernels never close arrays they are given; every array they return is attached to
 * the manager of the input logits.
 */
@NullMarked
package dev.mia.core.tensor;

import org.jspecify.annotations.NullMarked;
