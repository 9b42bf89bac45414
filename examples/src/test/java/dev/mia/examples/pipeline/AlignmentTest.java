package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlignmentTest {
  private static Alignment alignment(double epochs) {
    PipelineConfig config =
        PipelineConfig.builder(PipelineConfig.Preset.STUDY)
            .alignBatch(16)
            .alignSteps(60)
            .alignEpochs(epochs)
            .build();
    return new Alignment(config, 0, new Progress(System.err));
  }

  @Test
  void steps_are_epochs_of_batches_capped_by_the_step_limit() {
    Alignment alignment = alignment(1);

    assertThat(alignment.steps(1)).isEqualTo(1);
    assertThat(alignment.steps(16)).isEqualTo(1);
    assertThat(alignment.steps(17)).isEqualTo(2);
    assertThat(alignment.steps(111)).isEqualTo(7);
    assertThat(alignment.steps(5000)).isEqualTo(60);
    assertThat(alignment.steps(0)).isEqualTo(1);
  }

  @Test
  void two_epochs_double_the_steps() {
    assertThat(alignment(2).steps(111)).isEqualTo(14);
  }
}
