package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.MultiImageSample;
import org.junit.jupiter.api.Test;

class WorldDataTest {

  @Test
  void pair_sources_have_distinct_ids_for_every_seed() {
    // Seed 2 of the quick preset once drew the same question twice, and VIG selection refused
    // the repeated id.
    PipelineConfig config = PipelineConfig.builder(PipelineConfig.Preset.QUICK).build();
    for (long seed = 0; seed < 3; seed++) {
      WorldData data = WorldData.create(config, seed);

      assertThat(data.pairSources).isNotEmpty();
      assertThat(data.pairSources.stream().map(MultiImageSample::id)).doesNotHaveDuplicates();
    }
  }
}
