/**
 * The reference log-probability cache: per-token log-probabilities of a frozen reference model,
 * stored on disk one file per sample and answer, keyed by a SHA-256 of the model id, the
 * tokenizer/processor configuration, the prompt, the answer and the images' content hashes. The
 * reference pass of DPO-style training then runs once per sample instead of once per epoch.
 *
 * <p>Entries are checked when read (magic, version, key, length, CRC32); a damaged entry is a miss,
 * never an error and never data. Writers go through a temporary file and an atomic rename, so
 * concurrent writers of one key never interleave.
 */
@NullMarked
package dev.mia.loss.cache;

import org.jspecify.annotations.NullMarked;
