package dev.mia.examples.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaPairCodec;
import dev.mia.core.io.WriteMode;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmConfig;
import dev.mia.examples.tiny.WordTokenizer;
import dev.mia.examples.world.SceneSampler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class TrainOnPairsTest {

  @Test
  void trains_a_saved_model_on_a_jsonl_file_of_pairs_and_saves_it(@TempDir Path dir)
      throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Path pairs = dir.resolve("pairs.jsonl");
    SceneSampler sampler = SceneSampler.builder(32).build();
    try (JsonlWriter<PreferencePair> out =
        JsonlWriter.open(pairs, MiaPairCodec.INSTANCE, WriteMode.REPLACE)) {
      for (int i = 0; i < 10; i++) {
        ImageIO.write(sampler.sample(i).render(), "png", images.resolve(i + ".png").toFile());
        out.write(
            PreferencePair.builder(
                    "p" + i,
                    dev.mia.core.data.Conversation.of(
                        dev.mia.core.data.Turn.human("<image>\nWhat colour is the circle?")),
                    "red",
                    "blue")
                .images(List.of(ImageRef.OnDisk.of(i + ".png")))
                .build());
      }
      out.commit();
    }
    TinyLvlmConfig config =
        TinyLvlmConfig.builder()
            .imageSide(32)
            .patchSize(8)
            .modelDim(16)
            .heads(2)
            .layers(1)
            .maxSequenceLength(48)
            .build();
    String before;
    try (TinyLvlm model = TinyLvlm.create(config, WordTokenizer.forWorld(), 3)) {
      model.save(dir.resolve("sft"));
      before = model.id();
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      TrainOnPairs.main(
          new String[] {
            pairs.toString(),
            images.toString(),
            dir.resolve("sft").toString(),
            dir.resolve("out").toString()
          });
    } finally {
      System.setOut(stdout);
    }

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    // the policy is its own reference at step 0: loss log 2
    assertThat(lines.get(0)).startsWith("StepMetrics[step=0, pairs=8, loss=0.693147");
    assertThat(lines.get(1)).startsWith("StepMetrics[step=1, pairs=2, loss=");
    assertThat(lines).allMatch(l -> l.contains("outcome=UPDATED"));
    try (TinyLvlm trained = TinyLvlm.load(dir.resolve("out").resolve("model"))) {
      assertThat(trained.id()).isNotEqualTo(before);
    }
  }
}
