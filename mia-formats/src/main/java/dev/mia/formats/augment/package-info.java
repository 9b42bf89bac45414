/**
 * Turning a stream of single-image samples into multi-image samples with a seeded mix of MIA-DPO's
 * formats, in parallel, in input order, with bounded memory.
 */
@NullMarked
package dev.mia.formats.augment;

import org.jspecify.annotations.NullMarked;
