/** Test helpers shared by mia's modules (published in mia-core's test-jar). */
@NullMarked
package dev.mia.core.testing;

import org.jspecify.annotations.NullMarked;
