package dev.mia.examples.pipeline;

import dev.mia.core.data.PreferencePair;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's "Findings" section: per preference method of the first seed, what its pairs teach
 * and what training did to the policy's log-probabilities, the two things that explain a method
 * that does not help.
 *
 * <ul>
 *   <li>Rejected-answer skew: the share of pairs whose rejected answer is the most common one. The
 *       MIA-DPO recipe keeps only samples the model got wrong, so the rejected answers are the
 *       model's default answers ("one", "left", "top" for a weak model): the pairs then teach
 *       "never say the default", which also removes it where it is right.
 *   <li>Log-probability drift: the mean sequence log-prob of chosen and rejected answers at the
 *       first and last step (means over the first and last five steps). Rejected falling by tens of
 *       nats while chosen falls too is DPO's over-optimisation: the mass goes to neither answer.
 * </ul>
 */
final class Findings {
  private static final int WINDOW = 5;

  private Findings() {}

  static String markdown(List<SeedRun> runs) {
    StringBuilder md = new StringBuilder("## Findings (seed ");
    if (runs.isEmpty()) {
      return md.append("-)\n\nNo run.\n\n").toString();
    }
    SeedRun run = runs.get(0);
    md.append(run.seed()).append(")\n\n");
    MarkdownTable table =
        new MarkdownTable()
            .column("method", MarkdownTable.Align.LEFT)
            .column("pairs", MarkdownTable.Align.RIGHT)
            .column("most common rejected answer", MarkdownTable.Align.LEFT)
            .column("share of pairs", MarkdownTable.Align.RIGHT)
            .column("chosen log-prob first → last", MarkdownTable.Align.RIGHT)
            .column("rejected log-prob first → last", MarkdownTable.Align.RIGHT);
    for (SeedRun.MethodRun m : run.methods()) {
      List<PreferencePair> pairs = m.data().pairs();
      if (pairs.isEmpty()) {
        continue;
      }
      Map<String, Integer> rejected = new TreeMap<>();
      for (PreferencePair p : pairs) {
        rejected.merge(p.rejected(), 1, Integer::sum);
      }
      Map.Entry<String, Integer> top =
          rejected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      Alignment.Curve c = m.curve();
      table.row(
          m.method().cliName(),
          Integer.toString(pairs.size()),
          "\"" + top.getKey() + "\"",
          String.format(Locale.ROOT, "%.0f%%", 100.0 * top.getValue() / pairs.size()),
          drift(c.chosenLogProb()),
          drift(c.rejectedLogProb()));
    }
    if (table.rowCount() == 0) {
      return md.append("No method made preference pairs.\n\n").toString();
    }
    md.append(table.render());
    md.append("\nA method whose rejected answers are mostly one default answer, and whose")
        .append(" rejected log-prob falls far while the chosen one falls too, is unlearning")
        .append(" the default everywhere rather than learning to look: expect it to hurt.\n\n");
    return md.toString();
  }

  private static String drift(List<Double> values) {
    if (values.isEmpty() || !Double.isFinite(values.get(0))) {
      return "n/a";
    }
    int w = Math.min(WINDOW, values.size());
    return String.format(
        Locale.ROOT,
        "%.2f → %.2f",
        mean(values.subList(0, w)),
        mean(values.subList(values.size() - w, values.size())));
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
