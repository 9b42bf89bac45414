package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Turn;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.world.SceneSampler;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.ddpo.Ddpo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline's alignment step through the fused output-projection kernel (its default) against
 * the same step on the model's log-probs: the same loss and the same updated weights.
 */
@ResourceLock("djl-gradient-collector")
class AlignmentFusedKernelTest {
  private static final long SEED = 3;

  private static List<PreferencePair> pairs() {
    SceneSampler sampler = SceneSampler.builder(32).build();
    String[][] answers = {
      {"red", "blue"},
      {
        "there is a small red circle at the top left.",
        "there is a large blue square at the top left."
      },
      {"two", "one"},
      {"green", "yellow"}
    };
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      pairs.add(
          PreferencePair.builder(
                  "p" + i,
                  Conversation.of(Turn.human("<image>\nWhat colour is the circle?")),
                  answers[i][0],
                  answers[i][1])
              .images(List.of(ImageRef.InMemory.of(sampler.sample(10 + i).render())))
              .build());
    }
    return pairs;
  }

  private record Step(double loss, List<float[]> weights) {}

  private static Step oneStep(PipelineConfig config, boolean fused, boolean ddpo, Path cache) {
    try (TinyLvlm policy = TinyLvlm.create(config.model(), WorldData.tokenizer(), SEED)) {
      Alignment alignment = new Alignment(config, SEED, new Progress(System.err), fused);
      Alignment.Curve curve =
          alignment.dpo(
              policy,
              pairs(),
              Alignment.withSft(
                  ddpo ? Ddpo.PAPER.dpoLoss() : Alignment.MIA_DPO_LOSS, config.alignSftWeight()),
              ddpo ? Ddpo.PAPER : null,
              ReferenceLogProbCache.open(cache),
              List.of(),
              "test");
      assertThat(curve.loss()).hasSize(1);
      List<float[]> weights = new ArrayList<>();
      policy
          .trainableParameters()
          .forEach(p -> weights.add(p.getValue().getArray().toFloatArray()));
      return new Step(curve.loss().get(0), weights);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void one_alignment_step_with_the_kernel_equals_the_step_without_it(
      boolean ddpo, @TempDir Path dir) {
    PipelineConfig config =
        PipelineConfig.builder(PipelineConfig.Preset.QUICK).alignBatch(4).alignSteps(1).build();
    List<float[]> initial;
    try (TinyLvlm fresh = TinyLvlm.create(config.model(), WorldData.tokenizer(), SEED)) {
      initial = new ArrayList<>();
      fresh.trainableParameters().forEach(p -> initial.add(p.getValue().getArray().toFloatArray()));
    }

    Step plain = oneStep(config, false, ddpo, dir.resolve("plain"));
    Step fused = oneStep(config, true, ddpo, dir.resolve("fused"));

    assertThat(fused.loss()).isCloseTo(plain.loss(), within(1e-6));
    assertThat(fused.weights()).hasSameSizeAs(plain.weights());
    double largestDifference = 0;
    double largestMove = 0;
    for (int i = 0; i < plain.weights().size(); i++) {
      float[] a = fused.weights().get(i);
      float[] b = plain.weights().get(i);
      for (int j = 0; j < b.length; j++) {
        largestDifference = Math.max(largestDifference, Math.abs(a[j] - b[j]));
        largestMove = Math.max(largestMove, Math.abs(b[j] - initial.get(i)[j]));
      }
    }
    // Adam's first step is about lr * g / |g|, so gradient components near its epsilon turn float
    // rounding into weight differences; the largest seen is 5.1e-7, against moves of 5e-5.
    assertThat(largestDifference).as("largest weight difference").isLessThanOrEqualTo(1e-6);
    assertThat(largestMove).as("the step must move the weights").isGreaterThan(1e-5);
  }
}
