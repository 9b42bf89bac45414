/**
 * Charts for the examples' reports, drawn with JFreeChart into images that are the same pixels on
 * every machine: {@link dev.mia.examples.chart.ChartImages} styles and draws a chart, {@link
 * dev.mia.examples.chart.PixelGraphics2D} draws its text with mia-formats' bitmap font, and {@link
 * dev.mia.examples.chart.PixelFont} measures it, so no system font is ever consulted.
 */
@NullMarked
package dev.mia.examples.chart;

import org.jspecify.annotations.NullMarked;
