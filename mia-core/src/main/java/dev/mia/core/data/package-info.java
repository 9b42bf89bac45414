/**
 * mia's values: the records that flow from data formats through selection to losses.
 *
 * <p>{@link dev.mia.core.data.SftSample} is a single-image (LLaVA-style) supervised sample; {@link
 * dev.mia.core.data.MultiImageSample} is what MIA-DPO's formats make of it; {@link
 * dev.mia.core.data.PreferencePair} is what selection hands to the losses. Every record validates
 * itself when built: a value that exists is a valid value.
 */
@NullMarked
package dev.mia.core.data;

import org.jspecify.annotations.NullMarked;
