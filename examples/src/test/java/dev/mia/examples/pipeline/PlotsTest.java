package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mia.examples.chart.ChartImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  private final List<SeedRun> runs = ReportFixtures.runs();

  @Test
  void training_curves_have_one_panel_per_quantity_titled_with_the_seeds() {
    Plots.Figure figure = Plots.trainingCurves(runs);

    assertThat(figure.file()).isEqualTo("curves.png");
    assertThat(figure.panels())
        .extracting(c -> c.getTitle().getText())
        .containsExactly(
            "Preference loss, mean over seeds 0, 1",
            "Reward margin, mean over seeds 0, 1",
            "Reward accuracy, mean over seeds 0, 1",
            "Chosen log-prob, mean over seeds 0, 1",
            "Rejected log-prob, mean over seeds 0, 1",
            "SFT-style loss, mean over seeds 0, 1");
    for (JFreeChart panel : figure.panels()) {
      assertThat(panel.getLegend()).isNotNull();
      assertThat(((XYPlot) panel.getPlot()).getDomainAxis().getLabel())
          .isEqualTo("fraction of training (step / steps)");
    }
  }

  @Test
  void curves_of_7_and_60_steps_both_span_the_fraction_axis() {
    XYSeriesCollection loss =
        (XYSeriesCollection)
            ((XYPlot) Plots.trainingCurves(runs).panels().get(0).getPlot()).getDataset();

    assertThat(seriesKeys(loss)).containsExactly("mia-dpo (7 steps)", "bpo (60 steps)");
    XYSeries miaDpo = loss.getSeries(0);
    assertThat(miaDpo.getItemCount()).isEqualTo(7);
    assertThat(miaDpo.getX(0).doubleValue()).isEqualTo(1 / 7.0);
    assertThat(miaDpo.getX(6).doubleValue()).isEqualTo(1.0);
    assertThat(loss.getSeries(1).getX(59).doubleValue()).isEqualTo(1.0);
    // both seeds' mia-dpo losses are 0.69 / (1 + 0.1 i): the mean is the same value
    assertThat(miaDpo.getY(3).doubleValue()).isCloseTo(0.69 / 1.3, within(1e-12));
  }

  @Test
  void the_sft_style_loss_panel_holds_only_the_sft_methods() {
    XYSeriesCollection sft =
        (XYSeriesCollection)
            ((XYPlot) Plots.trainingCurves(runs).panels().get(5).getPlot()).getDataset();

    assertThat(seriesKeys(sft)).containsExactly("vig-sft (5 steps)", "continued-sft (5 steps)");
  }

  @Test
  void the_mean_by_step_skips_missing_and_non_finite_values() {
    assertThat(
            Plots.meanByStep(List.of(List.of(1.0, 2.0, 3.0), List.of(3.0, Double.NaN), List.of())))
        .containsExactly(2.0, 2.0, 3.0);
    assertThat(Plots.meanByStep(List.of(List.of(Double.NaN)))).containsExactly(Double.NaN);
  }

  @Test
  void sft_loss_has_one_series_per_seed() {
    JFreeChart chart = Plots.sftLoss(runs).panels().get(0);
    XYSeriesCollection data = (XYSeriesCollection) ((XYPlot) chart.getPlot()).getDataset();

    assertThat(chart.getTitle().getText()).isEqualTo("SFT loss per step, seeds 0, 1");
    assertThat(seriesKeys(data)).containsExactly("seed 0", "seed 1");
    assertThat(data.getSeries(1).getItemCount()).isEqualTo(30);
    assertThat(data.getSeries(1).getX(0).doubleValue()).isEqualTo(1.0);
  }

  @Test
  void attention_shares_pool_the_seeds_of_mia_dpo_on_a_0_to_1_axis() {
    JFreeChart chart = Plots.attentionShares(runs).panels().get(0);
    XYPlot plot = (XYPlot) chart.getPlot();
    IntervalXYDataset data = (IntervalXYDataset) plot.getDataset();

    assertThat(chart.getTitle().getText())
        .isEqualTo("Target-image attention share of mia-dpo's answers, seeds 0, 1");
    assertThat(data.getSeriesCount()).isEqualTo(2);
    assertThat(String.valueOf(data.getSeriesKey(0))).isEqualTo("kept as rejected (n=6)");
    assertThat(String.valueOf(data.getSeriesKey(1))).isEqualTo("dropped (n=4)");
    assertThat(data.getItemCount(0)).isEqualTo(Plots.BINS);
    assertThat(total(data, 0)).isEqualTo(6);
    assertThat(plot.getDomainAxis().getLowerBound()).isEqualTo(0.0);
    assertThat(plot.getDomainAxis().getUpperBound()).isEqualTo(1.0);
    assertThat(plot.getRangeAxis().getLabel()).isEqualTo("answers");
  }

  @Test
  void vig_histogram_counts_every_scored_sample_and_marks_the_mean_threshold() {
    XYPlot plot = (XYPlot) Plots.vig(runs).panels().get(0).getPlot();
    IntervalXYDataset data = (IntervalXYDataset) plot.getDataset();

    assertThat(String.valueOf(data.getSeriesKey(0))).isEqualTo("scored samples (n=8)");
    assertThat(total(data, 0)).isEqualTo(8);
    // seeds' thresholds 0.02 and 0.03
    List<String> labels = new ArrayList<>();
    for (Object m : plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)) {
      labels.add(((org.jfree.chart.plot.Marker) m).getLabel());
    }
    assertThat(labels).containsExactly("threshold tau 0.025");
  }

  @Test
  void deltas_have_one_panel_per_headline_metric_with_mean_and_sd_in_points() {
    Plots.Figure figure = Plots.deltas(runs);

    assertThat(figure.panels()).hasSize(ReportWriter.HEADLINE.size());
    JFreeChart multi = figure.panels().get(0);
    assertThat(multi.getTitle().getText()).isEqualTo("multi/accuracy: after - SFT, seeds 0, 1");
    DefaultStatisticalCategoryDataset data =
        (DefaultStatisticalCategoryDataset) ((CategoryPlot) multi.getPlot()).getDataset();
    assertThat(strings(data.getColumnKeys()))
        .containsExactly("mia-dpo", "bpo", "vig-sft", "continued-sft");
    // mia-dpo: 0.43 and 0.45 against 0.40, so +3 and +5 points: mean 4, sd sqrt(2)
    assertThat(data.getMeanValue(0, 0).doubleValue()).isCloseTo(4.0, within(1e-9));
    assertThat(data.getStdDevValue(0, 0).doubleValue()).isCloseTo(Math.sqrt(2), within(1e-9));
    assertThat(strings(data.getRowKeys())).containsExactly("mean and sd over 2 seeds");
  }

  @Test
  void every_figure_draws_the_same_pixels_twice(@TempDir Path dir) throws Exception {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (Plots.Figure f : Plots.all(runs)) {
      f.write(dir);
      first.add(ChartImages.pixelHash(ImageIO.read(dir.resolve(f.file()).toFile())));
    }
    for (Plots.Figure f : Plots.all(runs)) {
      f.write(dir);
      second.add(ChartImages.pixelHash(ImageIO.read(dir.resolve(f.file()).toFile())));
    }
    assertThat(second).isEqualTo(first);
    assertThat(Arrays.asList(dir.toFile().list()))
        .containsExactlyInAnyOrder(
            "deltas.png", "curves.png", "attention-share.png", "vig-histogram.png", "sft-loss.png");
  }

  @Test
  void a_run_without_data_gets_panels_that_say_so() {
    List<SeedRun> none = List.of();

    assertThat(Plots.trainingCurves(none).panels().get(0).getPlot().getNoDataMessage())
        .isEqualTo("no method trained");
    assertThat(Plots.vig(none).panels().get(0).getTitle().getText())
        .isEqualTo("Sample VIG of the VIG-SFT data, no seed");
  }

  private static List<String> seriesKeys(XYSeriesCollection data) {
    List<String> keys = new ArrayList<>();
    for (int s = 0; s < data.getSeriesCount(); s++) {
      keys.add(String.valueOf(data.getSeriesKey(s)));
    }
    return keys;
  }

  private static List<String> strings(List<?> keys) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(String.valueOf(k)));
    return out;
  }

  private static long total(IntervalXYDataset data, int series) {
    long n = 0;
    for (int i = 0; i < data.getItemCount(series); i++) {
      n += Math.round(data.getYValue(series, i));
    }
    return n;
  }
}
