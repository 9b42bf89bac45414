/** Writing composed images once, under content-addressed names, atomically. */
@NullMarked
package dev.mia.formats.store;

import org.jspecify.annotations.NullMarked;
