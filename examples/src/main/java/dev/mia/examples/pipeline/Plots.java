package dev.mia.examples.pipeline;

import dev.mia.examples.chart.ChartImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's figures, drawn with JFreeChart through {@link ChartImages} (the same pixels on every
 * machine). A figure is one PNG of one or more panels, one panel per quantity, each with its own
 * axes, ticks, axis labels and legend, and a title that names the seeds it pools.
 *
 * <ul>
 *   <li>{@code curves.png}: the alignment curves per quantity (preference loss, reward margin,
 *       reward accuracy, chosen and rejected log-probs; the SFT-style loss of the SFT methods), one
 *       line per method, the mean over seeds at each step, against the fraction of the method's
 *       training ({@code step / steps}), so a 7-step method spans the axis as a 60-step one does.
 *   <li>{@code sft-loss.png}: the SFT loss per step, one line per seed.
 *   <li>{@code attention-share.png}: the histogram of the target image's attention share of the
 *       answers MIA-DPO's attention selection kept and dropped, pooled over seeds.
 *   <li>{@code vig-histogram.png}: the histogram of sample VIG of the VIG-SFT data, pooled over
 *       seeds, with the mean threshold.
 *   <li>{@code deltas.png}: per headline metric, each method's change from the SFT model in points,
 *       mean and sample standard deviation over seeds, with the continued-SFT control's spread
 *       shaded.
 * </ul>
 */
final class Plots {
  /** The width of one panel in pixels. */
  static final int PANEL_WIDTH = 640;

  /** The height of one panel in pixels. */
  static final int PANEL_HEIGHT = 440;

  /** The bins of the histograms. */
  static final int BINS = 20;

  /** Series with at most this many points show a marker at each point. */
  private static final int SHAPES_UP_TO = 20;

  /** The methods trained with an SFT-style loss: they have no preference curves. */
  private static final Set<Method> SFT_METHODS = EnumSet.of(Method.VIG_SFT, Method.CONTINUED_SFT);

  private Plots() {}

  /**
   * A figure: panels drawn side by side, {@code columns} per row, into one PNG.
   *
   * @param file the PNG's file name in the report folder
   * @param panels the charts, at least one
   * @param columns the panels per row
   */
  record Figure(String file, List<JFreeChart> panels, int columns) {
    Figure {
      panels = List.copyOf(panels);
      if (panels.isEmpty()) {
        throw new IllegalArgumentException("a figure must have a panel: " + file);
      }
    }

    /** Draws the figure into {@code dir/file}. */
    void write(Path dir) {
      ChartImages.writePng(
          ChartImages.grid(panels, columns, PANEL_WIDTH, PANEL_HEIGHT), dir.resolve(file));
    }
  }

  /** Every figure of the report, in the report's order. */
  static List<Figure> all(List<SeedRun> runs) {
    return List.of(
        deltas(runs), trainingCurves(runs), attentionShares(runs), vig(runs), sftLoss(runs));
  }

  /** One curve of a method's training. */
  private record Quantity(
      String title, String axis, Function<Alignment.Curve, List<Double>> values, Training kind) {}

  /** Which methods a curve belongs to. */
  private enum Training {
    /** The preference methods (DPO and its variants). */
    PREFERENCE,
    /** The methods trained with an SFT-style loss (VIG-SFT, the continued-SFT control). */
    SFT
  }

  private static final List<Quantity> CURVES =
      List.of(
          new Quantity("Preference loss", "loss", Alignment.Curve::loss, Training.PREFERENCE),
          new Quantity(
              "Reward margin",
              "margin (beta x log-ratio)",
              Alignment.Curve::margin,
              Training.PREFERENCE),
          new Quantity(
              "Reward accuracy",
              "share with margin > 0",
              Alignment.Curve::accuracy,
              Training.PREFERENCE),
          new Quantity(
              "Chosen log-prob",
              "sequence log-prob (nats)",
              Alignment.Curve::chosenLogProb,
              Training.PREFERENCE),
          new Quantity(
              "Rejected log-prob",
              "sequence log-prob (nats)",
              Alignment.Curve::rejectedLogProb,
              Training.PREFERENCE),
          new Quantity("SFT-style loss", "token NLL (nats)", Alignment.Curve::loss, Training.SFT));

  /** The alignment curves: one panel per quantity, one line per method. */
  static Figure trainingCurves(List<SeedRun> runs) {
    List<JFreeChart> panels = new ArrayList<>();
    for (Quantity q : CURVES) {
      XYSeriesCollection data = new XYSeriesCollection();
      List<Method> methods = new ArrayList<>();
      for (Method m : methods(runs)) {
        if (SFT_METHODS.contains(m) != (q.kind() == Training.SFT)) {
          continue;
        }
        List<List<Double>> perSeed = new ArrayList<>();
        for (SeedRun run : runs) {
          for (SeedRun.MethodRun r : run.methods()) {
            if (r.method() == m) {
              perSeed.add(q.values().apply(r.curve()));
            }
          }
        }
        List<Double> mean = meanByStep(perSeed);
        int steps = mean.size();
        XYSeries series =
            new XYSeries(
                m.cliName() + " (" + steps + (steps == 1 ? " step)" : " steps)"), false, false);
        for (int i = 0; i < steps; i++) {
          if (Double.isFinite(mean.get(i))) {
            series.add((i + 1.0) / steps, mean.get(i));
          }
        }
        if (series.getItemCount() > 0) {
          data.addSeries(series);
          methods.add(m);
        }
      }
      if (data.getSeriesCount() == 0) {
        continue;
      }
      JFreeChart chart =
          ChartFactory.createXYLineChart(
              q.title() + ", mean over " + seeds(runs),
              "fraction of training (step / steps)",
              q.axis(),
              data,
              PlotOrientation.VERTICAL,
              true,
              false,
              false);
      ChartImages.style(chart);
      XYPlot plot = (XYPlot) chart.getPlot();
      XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
      for (int s = 0; s < methods.size(); s++) {
        methodLook(renderer, s, methods.get(s), data.getSeries(s).getItemCount());
      }
      NumberAxis x = (NumberAxis) plot.getDomainAxis();
      // a little room beyond 0 and 1, so a point at the last step is not cut by the frame
      x.setRange(-0.03, 1.03);
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
      panels.add(chart);
    }
    if (panels.isEmpty()) {
      panels.add(noData("Alignment curves, " + seeds(runs), "no method trained"));
    }
    return new Figure("curves.png", panels, 2);
  }

  /** The SFT loss per step, one line per seed. */
  static Figure sftLoss(List<SeedRun> runs) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (SeedRun run : runs) {
      if (run.sftLoss().isEmpty()) {
        continue;
      }
      XYSeries series = new XYSeries("seed " + run.seed(), false, false);
      for (int i = 0; i < run.sftLoss().size(); i++) {
        if (Double.isFinite(run.sftLoss().get(i))) {
          series.add(i + 1, run.sftLoss().get(i));
        }
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "SFT loss per step, " + seeds(runs),
            "SFT step",
            "token NLL (nats)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ChartImages.style(chart);
    XYPlot plot = (XYPlot) chart.getPlot();
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    for (int s = 0; s < data.getSeriesCount(); s++) {
      renderer.setSeriesStroke(s, ChartImages.STROKES.get(s % ChartImages.STROKES.size()));
      renderer.setSeriesShapesVisible(s, data.getSeries(s).getItemCount() <= SHAPES_UP_TO);
    }
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    plot.setNoDataMessage("no SFT in this run (the model was loaded)");
    return new Figure("sft-loss.png", List.of(chart), 1);
  }

  /** The target attention shares of MIA-DPO's kept and dropped answers, pooled over seeds. */
  static Figure attentionShares(List<SeedRun> runs) {
    Method source = null;
    for (Method m : methods(runs)) {
      if (source == null
          && runs.stream()
              .flatMap(r -> r.methods().stream())
              .anyMatch(
                  r ->
                      r.method() == m
                          && !(r.data().keptShares().isEmpty()
                              && r.data().droppedShares().isEmpty()))) {
        source = m;
      }
    }
    List<Double> kept = new ArrayList<>();
    List<Double> dropped = new ArrayList<>();
    for (SeedRun run : runs) {
      for (SeedRun.MethodRun r : run.methods()) {
        if (r.method() == source) {
          kept.addAll(r.data().keptShares());
          dropped.addAll(r.data().droppedShares());
        }
      }
    }
    HistogramDataset data = new HistogramDataset();
    if (!kept.isEmpty()) {
      data.addSeries("kept as rejected (n=" + kept.size() + ")", finite(kept), BINS, 0, 1);
    }
    if (!dropped.isEmpty()) {
      data.addSeries("dropped (n=" + dropped.size() + ")", finite(dropped), BINS, 0, 1);
    }
    JFreeChart chart =
        histogram(
            "Target-image attention share of "
                + (source == null ? "mia-dpo" : source.cliName())
                + "'s answers, "
                + seeds(runs),
            "attention on the target image / all images",
            "answers",
            data);
    ((NumberAxis) ((XYPlot) chart.getPlot()).getDomainAxis()).setRange(0, 1);
    chart.getPlot().setNoDataMessage("no method ran the attention selection");
    return new Figure("attention-share.png", List.of(chart), 1);
  }

  /** Sample VIG of the VIG-SFT data, pooled over seeds, with the mean threshold. */
  static Figure vig(List<SeedRun> runs) {
    List<Double> vig = new ArrayList<>();
    List<Double> taus = new ArrayList<>();
    for (SeedRun run : runs) {
      for (SeedRun.MethodRun r : run.methods()) {
        vig.addAll(r.data().vig());
        if (Double.isFinite(r.data().vigTau())) {
          taus.add(r.data().vigTau());
        }
      }
    }
    HistogramDataset data = new HistogramDataset();
    double[] values = finite(vig);
    if (values.length > 0) {
      data.addSeries("scored samples (n=" + values.length + ")", values, BINS);
    }
    JFreeChart chart =
        histogram(
            "Sample VIG of the VIG-SFT data, " + seeds(runs),
            "sample VIG (nats per answer token)",
            "samples",
            data);
    XYPlot plot = (XYPlot) chart.getPlot();
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    if (!taus.isEmpty() && values.length > 0) {
      double tau = Spread.of(taus).mean();
      plot.addDomainMarker(
          label(
              new ValueMarker(tau, Color.BLACK, ChartImages.STROKES.get(1)),
              "threshold tau " + MarkdownTable.fixed(tau, 3)));
    }
    plot.setNoDataMessage("no VIG-SFT in this run");
    return new Figure("vig-histogram.png", List.of(chart), 1);
  }

  /** Per headline metric: each method's change from SFT in points, mean and sd over seeds. */
  static Figure deltas(List<SeedRun> runs) {
    List<JFreeChart> panels = new ArrayList<>();
    for (String metric : ReportWriter.HEADLINE) {
      DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
      Spread control = null;
      String series = "mean and sd over " + runs.size() + (runs.size() == 1 ? " seed" : " seeds");
      for (Method m : methods(runs)) {
        Spread d = Spread.of(deltas(runs, m, metric));
        if (Double.isFinite(d.mean())) {
          data.add(100 * d.mean(), 100 * d.sd(), series, m.cliName());
          if (m == Method.CONTINUED_SFT) {
            control = d;
          }
        }
      }
      JFreeChart chart =
          ChartFactory.createBarChart(
              metric + ": after - SFT, " + seeds(runs),
              null,
              "change (points)",
              data,
              PlotOrientation.HORIZONTAL,
              true,
              false,
              false);
      ChartImages.style(chart);
      CategoryPlot plot = (CategoryPlot) chart.getPlot();
      StatisticalBarRenderer renderer = new StatisticalBarRenderer();
      renderer.setErrorIndicatorPaint(Color.BLACK);
      renderer.setDrawBarOutline(false);
      renderer.setSeriesPaint(0, ChartImages.PALETTE.get(0));
      renderer.setShadowVisible(false);
      renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
      renderer.setItemMargin(0);
      plot.setRenderer(renderer);
      plot.getDomainAxis().setCategoryMargin(0.3);
      plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
      NumberAxis axis = (NumberAxis) plot.getRangeAxis();
      axis.setAutoRangeMinimumSize(1.0);
      axis.setLowerMargin(0.08);
      axis.setUpperMargin(0.08);
      plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
      if (control != null && control.sd() > 0) {
        Color shade = new Color(0xe4e4e4);
        IntervalMarker band =
            new IntervalMarker(
                100 * (control.mean() - control.sd()), 100 * (control.mean() + control.sd()));
        band.setPaint(shade);
        plot.addRangeMarker(band, Layer.BACKGROUND);
        LegendItemCollection items = plot.getLegendItems();
        items.add(
            new LegendItem(
                "continued-sft mean +- sd",
                null,
                null,
                null,
                new Rectangle2D.Double(-4, -4, 8, 8),
                shade));
        plot.setFixedLegendItems(items);
      }
      plot.setNoDataMessage("no method was evaluated");
      panels.add(chart);
    }
    return new Figure("deltas.png", panels, 2);
  }

  private static List<Double> deltas(List<SeedRun> runs, Method m, String metric) {
    List<Double> out = new ArrayList<>();
    for (SeedRun run : runs) {
      for (SeedRun.MethodRun r : run.methods()) {
        if (r.method() == m && r.after().containsKey(metric)) {
          out.add(r.after().get(metric) - run.before().getOrDefault(metric, Double.NaN));
        }
      }
    }
    return out;
  }

  private static JFreeChart histogram(
      String title, String xLabel, String yLabel, HistogramDataset data) {
    JFreeChart chart =
        ChartFactory.createHistogram(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    ChartImages.style(chart);
    XYPlot plot = (XYPlot) chart.getPlot();
    plot.setForegroundAlpha(0.6f);
    XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
    renderer.setDrawBarOutline(true);
    renderer.setShadowVisible(false);
    NumberAxis counts = (NumberAxis) plot.getRangeAxis();
    counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    counts.setUpperMargin(0.08);
    return chart;
  }

  private static JFreeChart noData(String title, String message) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            null,
            null,
            new XYSeriesCollection(),
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    ChartImages.style(chart);
    chart.getPlot().setNoDataMessage(message);
    return chart;
  }

  private static <M extends Marker> M label(M marker, String text) {
    marker.setLabel(text);
    marker.setLabelFont(ChartImages.TEXT_FONT);
    marker.setLabelPaint(Color.BLACK);
    marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    marker.setLabelOffset(new RectangleInsets(4, 4, 4, 4));
    return marker;
  }

  /** A method's line: its colour and dash wherever it appears, markers on short series. */
  private static void methodLook(XYLineAndShapeRenderer r, int series, Method m, int points) {
    r.setSeriesPaint(series, ChartImages.PALETTE.get(m.ordinal() % ChartImages.PALETTE.size()));
    r.setSeriesStroke(series, ChartImages.STROKES.get(m.ordinal() % ChartImages.STROKES.size()));
    r.setSeriesShapesVisible(series, points <= SHAPES_UP_TO);
  }

  /** The mean at each step over the curves that reached it, NaN values left out. */
  static List<Double> meanByStep(List<List<Double>> curves) {
    int steps = curves.stream().mapToInt(List::size).max().orElse(0);
    List<Double> mean = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      double sum = 0;
      int n = 0;
      for (List<Double> c : curves) {
        if (i < c.size() && Double.isFinite(c.get(i))) {
          sum += c.get(i);
          n++;
        }
      }
      mean.add(n == 0 ? Double.NaN : sum / n);
    }
    return mean;
  }

  /** The methods the runs trained, in {@link Method} order. */
  private static List<Method> methods(List<SeedRun> runs) {
    Set<Method> in = EnumSet.noneOf(Method.class);
    runs.forEach(r -> r.methods().forEach(m -> in.add(m.method())));
    return List.copyOf(in);
  }

  /** "seed 0" or "seeds 0, 1, 2": the seeds a figure pools. */
  static String seeds(List<SeedRun> runs) {
    if (runs.isEmpty()) {
      return "no seed";
    }
    return (runs.size() == 1 ? "seed " : "seeds ")
        + runs.stream().map(r -> Long.toString(r.seed())).collect(Collectors.joining(", "));
  }

  private static double[] finite(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
  }
}
