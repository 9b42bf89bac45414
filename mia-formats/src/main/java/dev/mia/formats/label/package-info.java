/**
 * Text labels drawn with a bitmap font embedded in code, so that a collage's pixels are identical
 * on every machine, with or without installed fonts.
 */
@NullMarked
package dev.mia.formats.label;

import org.jspecify.annotations.NullMarked;
