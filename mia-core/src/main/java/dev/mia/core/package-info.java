/**
 * The root of mia's core: {@link dev.mia.core.MiaException} and its subclasses, the domain failures
 * that every module reports. Values live in {@code dev.mia.core.data}, I/O in {@code
 * dev.mia.core.io}, image operations in {@code dev.mia.core.image}, the model SPI in {@code
 * dev.mia.core.model}.
 */
@NullMarked
package dev.mia.core;

import org.jspecify.annotations.NullMarked;
