/**
 * The README's code blocks as compiled sources: each block is a {@code // snippet:start NAME} ...
 * {@code // snippet:end NAME} region (imports first, then the code) of a file here, and {@code
 * ReadmeSnippetsTest} fails when the README and the file differ.
 */
@NullMarked
package dev.mia.examples.readme;

import org.jspecify.annotations.NullMarked;
