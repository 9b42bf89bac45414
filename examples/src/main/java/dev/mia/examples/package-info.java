/** Runnable programs that show mia at work; nothing depends on this module. */
@NullMarked
package dev.mia.examples;

import org.jspecify.annotations.NullMarked;
