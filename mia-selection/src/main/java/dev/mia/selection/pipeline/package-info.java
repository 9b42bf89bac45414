/**
 * {@link dev.mia.selection.pipeline.SelectionPipeline}: generators, the attention selector and
 * post-selection filters composed into a stream of {@link dev.mia.core.data.PreferencePair}s, with
 * provenance on every pair and a per-stage {@link dev.mia.selection.pipeline.SelectionReport}.
 */
@NullMarked
package dev.mia.selection.pipeline;

import org.jspecify.annotations.NullMarked;
