package dev.mia.examples.pipeline;

import dev.mia.core.data.PreferencePair;
import dev.mia.core.model.ScoreRequest;
import java.util.List;
import java.util.Map;

/**
 * What a method's data step made: preference pairs (or, for VIG-selected SFT, examples and token
 * masks) and the numbers the report shows about them.
 *
 * @param pairs the pairs (empty for VIG-selected SFT)
 * @param examples the SFT examples (VIG-selected SFT only)
 * @param masks one token mask per example (VIG-selected SFT only)
 * @param counts stage counts: sources, generated, attention-kept, filter drops, out of vocabulary,
 *     pairs
 * @param keptShares target attention shares of the answers the attention selector kept
 * @param droppedShares target attention shares of the answers it dropped
 * @param vig sample VIG of every scored sample (VIG-selected SFT only)
 * @param vigTau the VIG threshold (VIG-selected SFT only; else NaN)
 * @param messages the selection pipeline's messages about skipped samples (at most 100 per run)
 */
record PairSet(
    List<PreferencePair> pairs,
    List<ScoreRequest> examples,
    List<float[]> masks,
    Map<String, Double> counts,
    List<Double> keptShares,
    List<Double> droppedShares,
    List<Double> vig,
    double vigTau,
    List<String> messages) {
  PairSet {
    pairs = List.copyOf(pairs);
    examples = List.copyOf(examples);
    masks = List.copyOf(masks);
    counts = Map.copyOf(counts);
    keptShares = List.copyOf(keptShares);
    droppedShares = List.copyOf(droppedShares);
    vig = List.copyOf(vig);
    messages = List.copyOf(messages);
  }

  /** Pairs with their counts and messages, and none of the attention or VIG extras. */
  static PairSet pairsOnly(
      List<PreferencePair> pairs, Map<String, Double> counts, List<String> messages) {
    return new PairSet(
        pairs, List.of(), List.of(), counts, List.of(), List.of(), List.of(), Double.NaN, messages);
  }
}
