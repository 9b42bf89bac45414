package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's tables, on {@link ReportFixtures}' two seeds. */
class ReportTablesTest {
  private final List<SeedRun> runs = ReportFixtures.runs();

  @Test
  void the_delta_table_gives_each_method_mean_and_sd_in_signed_points() {
    assertThat(ReportWriter.deltaTable(runs))
        .isEqualTo(
            "| method        | Δ multi/accuracy | Δ multi/sequence-confusion |"
                + " Δ multi/element-interference | Δ single/accuracy |  Δ pope/f1 |  Δ chair/s |\n"
                + "|:--------------|-----------------:|---------------------------:|"
                + "-----------------------------:|------------------:|-----------:|-----------:|\n"
                + "| mia-dpo       |       +4.0 ± 1.4 |                 -2.0 ± 0.0 |"
                + "                   +0.0 ± 0.0 |        -1.0 ± 0.0 | +0.0 ± 0.0 | +0.0 ± 0.0 |\n"
                + "| bpo           |       +1.0 ± 0.0 |                 +0.0 ± 0.0 |"
                + "                   +0.0 ± 0.0 |        -3.0 ± 1.4 | +0.0 ± 0.0 | +0.0 ± 0.0 |\n"
                + "| vig-sft       |       +0.0 ± 0.0 |                 +0.0 ± 0.0 |"
                + "                   +0.0 ± 0.0 |        +0.0 ± 0.0 | +0.0 ± 0.0 | +0.0 ± 0.0 |\n"
                + "| continued-sft |       +0.5 ± 0.7 |                 +0.0 ± 0.0 |"
                + "                   +0.0 ± 0.0 |        +0.0 ± 0.0 | +0.0 ± 0.0 | +0.0 ± 0.0 |\n");
  }

  @Test
  void the_premise_table_gives_each_seed_and_says_whether_every_seed_meets_the_threshold() {
    java.util.Map<String, Double> a = new java.util.HashMap<>();
    java.util.Map<String, Double> b = new java.util.HashMap<>();
    for (ReportWriter.Premise p : ReportWriter.PREMISE) {
      a.put(p.metric(), 0.95);
      b.put(p.metric(), 0.95);
    }
    b.put("position/accuracy", 0.725);
    List<SeedRun> two =
        List.of(
            new SeedRun(0, List.of(), 0, a, List.of(), java.util.Map.of()),
            new SeedRun(1, List.of(), 0, b, List.of(), java.util.Map.of()));
    String table = ReportWriter.premiseTable(two);
    assertThat(table.lines().toList())
        .hasSize(2 + ReportWriter.PREMISE.size())
        .contains(
            "| colour/accuracy                   |        90 |   95.0 |   95.0 | yes |",
            "| position/accuracy                 |        80 |   95.0 |   72.5 | no  |",
            "| multi/accuracy                    |           |   95.0 |   95.0 |     |",
            "| multi/premise-share               |        50 |   95.0 |   95.0 | yes |");
  }

  @Test
  void the_after_table_starts_with_the_sft_model() {
    String table = ReportWriter.afterTable(runs);

    assertThat(table.lines().toList())
        .startsWith(
            "| model         | multi/accuracy | multi/sequence-confusion |"
                + " multi/element-interference | single/accuracy |    pope/f1 |    chair/s |",
            "|:--------------|---------------:|-------------------------:|"
                + "---------------------------:|----------------:|-----------:|-----------:|",
            "| SFT (before)  |     40.0 ± 0.0 |               20.0 ± 0.0 |"
                + "                  5.0 ± 0.0 |      80.0 ± 0.0 | 70.0 ± 0.0 | 30.0 ± 0.0 |",
            "| mia-dpo       |     44.0 ± 1.4 |               18.0 ± 0.0 |"
                + "                  5.0 ± 0.0 |      79.0 ± 0.0 | 70.0 ± 0.0 | 30.0 ± 0.0 |");
  }

  @Test
  void the_data_table_has_a_row_per_count_and_a_column_per_method_not_java_maps() {
    // mia-dpo drops 2 and 3 by attention on seeds 0 and 1, leaving 6 and 5 pairs: means 2.5, 5.5
    assertThat(ReportWriter.dataTable(runs))
        .isEqualTo(
            "| count                    | mia-dpo | bpo | vig-sft | continued-sft |\n"
                + "|:-------------------------|--------:|----:|--------:|--------------:|\n"
                + "| sources                  |     8.0 | 8.0 |     8.0 |             - |\n"
                + "| examples                 |       - |   - |       - |         100.0 |\n"
                + "| scored                   |       - |   - |     8.0 |             - |\n"
                + "| select:attention dropped |     2.5 |   - |       - |             - |\n"
                + "| selected                 |       - |   - |     6.0 |             - |\n"
                + "| pairs                    |     5.5 | 8.0 |       - |             - |\n");
  }

  @Test
  void one_seed_prints_whole_counts() {
    assertThat(ReportWriter.dataTable(List.of(ReportFixtures.run(0))).lines().toList())
        .contains("| pairs                    |       6 |   8 |       - |             - |");
  }

  @Test
  void timing_tables_keep_the_pipelines_phase_order() {
    assertThat(ReportWriter.timingTables(runs))
        .isEqualTo(
            "Seconds per phase of each seed:\n\n"
                + "| seed | data |  sft | evalSft | methods |\n"
                + "|:-----|-----:|-----:|--------:|--------:|\n"
                + "| 0    |  1.0 | 10.0 |     3.0 |    22.0 |\n"
                + "| 1    |  1.0 | 11.0 |     3.0 |    22.0 |\n"
                + "\nSeconds per method, mean over seeds 0, 1:\n\n"
                + "| method        | data | train | eval |\n"
                + "|:--------------|-----:|------:|-----:|\n"
                + "| mia-dpo       |  1.0 |   2.0 |  3.0 |\n"
                + "| bpo           |  1.5 |   2.5 |  3.5 |\n"
                + "| vig-sft       |  0.5 |   1.0 |  3.0 |\n"
                + "| continued-sft |  0.0 |   1.0 |  3.0 |\n");
  }

  @Test
  void the_configuration_table_lists_every_component_with_nested_records_flattened() {
    PipelineConfig config = PipelineConfig.builder(PipelineConfig.Preset.QUICK).build();

    String table = ReportWriter.settingsTable(ReportWriter.components(config));

    assertThat(table).startsWith("| setting ").contains("| model.").contains("| sftSteps ");
    assertThat(table).doesNotContain("PipelineConfig[").doesNotContain("{");
    assertThat(table.lines().count()).isEqualTo(2 + ReportWriter.components(config).size());
  }

  @Test
  void findings_say_so_when_no_method_made_pairs() {
    assertThat(Findings.markdown(runs))
        .isEqualTo("## Findings (seed 0)\n\nNo method made preference pairs.\n\n");
  }
}
