package dev.mia.examples.chart;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Charts with every kind of text JFreeChart draws for the report: titles, legends, horizontal and
 * rotated axis labels, number ticks, category labels, a marker label and a no-data message. {@link
 * #main} draws them in a JVM of its own and prints the pixel hash.
 */
final class SampleCharts {
  private SampleCharts() {}

  static List<JFreeChart> all() {
    XYSeriesCollection lines = new XYSeriesCollection();
    for (int s = 0; s < 3; s++) {
      XYSeries series = new XYSeries("seed " + s + " [n=7] a/b 5% +x");
      for (int i = 0; i < 7; i++) {
        series.add((i + 1) / 7.0, Math.sin(i + s) * (s + 1));
      }
      lines.addSeries(series);
    }
    JFreeChart line =
        ChartFactory.createXYLineChart(
            "Loss per step, seeds 0, 1, 2",
            "fraction of training",
            "loss",
            lines,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ((XYPlot) line.getPlot()).addDomainMarker(new ValueMarker(0.5));
    ValueMarker marker = new ValueMarker(0.25);
    marker.setLabel("tau = 0.25");
    marker.setLabelFont(ChartImages.TEXT_FONT);
    ((XYPlot) line.getPlot()).addDomainMarker(marker);

    XYSeriesCollection positive = new XYSeriesCollection();
    XYSeries decay = new XYSeries("seed 0");
    for (int i = 1; i <= 60; i++) {
      decay.add(i, 3.0 * Math.exp(-i / 10.0) + 0.01);
    }
    positive.addSeries(decay);
    JFreeChart log =
        ChartFactory.createXYLineChart(
            "SFT loss", "step", "loss", positive, PlotOrientation.VERTICAL, true, false, false);

    HistogramDataset histogram = new HistogramDataset();
    double[] a = new double[50];
    double[] b = new double[30];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i * 37 % 50) / 50.0;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (i * 11 % 30) / 40.0;
    }
    histogram.addSeries("kept (n=50)", a, 20, 0, 1);
    histogram.addSeries("dropped (n=30)", b, 20, 0, 1);
    JFreeChart hist =
        ChartFactory.createHistogram(
            "attention share",
            "share",
            "answers",
            histogram,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);

    DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
    bars.add(1.5, 0.5, "delta", "mia-dpo");
    bars.add(-0.7, 1.2, "delta", "continued-sft");
    JFreeChart bar =
        ChartFactory.createLineChart(
            "multi/accuracy",
            "method",
            "points",
            bars,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);

    JFreeChart empty =
        ChartFactory.createXYLineChart(
            "no data",
            "x",
            "y",
            new XYSeriesCollection(),
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    empty.getPlot().setNoDataMessage("no run made this data");
    List<JFreeChart> charts = List.of(line, log, hist, bar, empty);
    charts.forEach(ChartImages::style);
    return charts;
  }

  static BufferedImage image() {
    return ChartImages.grid(all(), 2, 640, 400);
  }

  /**
   * Draws the sample charts and prints "hash " and their pixel hash; with the argument {@code
   * control}, only measures a text in a plain platform font instead (which loads the platform's
   * font system, so a test can check that it sees such a load).
   *
   * @param args nothing, or {@code control}
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("control")) {
      LineMetrics lm =
          new Font("Dialog", Font.PLAIN, 12)
              .getLineMetrics("x", new FontRenderContext(null, false, false));
      System.out.println("control ascent " + lm.getAscent());
      return;
    }
    System.out.println("hash " + ChartImages.pixelHash(image()));
  }
}
