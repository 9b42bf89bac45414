/** A command that turns LLaVA-style single-image data into MIA-DPO's multi-image formats. */
@NullMarked
package dev.mia.examples.formats;

import org.jspecify.annotations.NullMarked;
