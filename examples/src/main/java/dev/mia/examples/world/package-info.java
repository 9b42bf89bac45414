/**
 * A synthetic world with exact ground truth: scenes of a few coloured shapes on a noisy gradient
 * background, rendered deterministically from a seed, and questions about them (existence as POPE
 * samples it, colour, count, position, captions) whose answers are correct by construction. The
 * training distribution carries a deliberate co-occurrence bias (some shapes usually appear
 * together, each shape usually has one colour), so that a model leaning on language priors
 * hallucinates in measurable ways. {@link dev.mia.examples.world.GenerateWorld} writes splits as
 * LLaVA-style JSON plus PNG files.
 */
@NullMarked
package dev.mia.examples.world;

import org.jspecify.annotations.NullMarked;
