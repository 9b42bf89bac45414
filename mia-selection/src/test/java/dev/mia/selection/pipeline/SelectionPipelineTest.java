package dev.mia.selection.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Provenance;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.selection.attention.AttentionSelector;
import dev.mia.selection.negative.ModelAnswerGenerator;
import dev.mia.selection.testing.AttentionMaps;
import dev.mia.selection.testing.ScriptedModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionPipelineTest {
  // Two images of 2x2 tokens at keys 3..6 and 9..12.
  private static final ImageSpans SPANS =
      ImageSpans.of(new ImageSpan(3, 4, 2, 2), new ImageSpan(9, 4, 2, 2));

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static MultiImageSample sample(String id, String answer) {
    BufferedImage a = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    BufferedImage b = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
    return new MultiImageSample(
        id,
        List.of(ImageRef.InMemory.of(a), ImageRef.InMemory.of(b)),
        0,
        new Layout.Sequence(2),
        Conversation.singleRound(
            "Image1:<image>\nImage2:<image>\nIn Image1, what is " + id + "?", answer),
        Provenance.from("src-" + id));
  }

  private static float[] profile(float onTarget, float onOther) {
    float[] profile = new float[16];
    for (int k = 3; k < 7; k++) {
      profile[k] = onTarget;
    }
    for (int k = 9; k < 13; k++) {
      profile[k] = onOther;
    }
    return profile;
  }

  /** Replies per sample id (the end of the question): text, log-prob and attention profile. */
  private static ScriptedModel model() {
    Map<String, ScriptedModel.Reply> replies =
        Map.of(
            "low",
            reply("A blue car parked by a wall.", -0.5f, profile(1f, 1f)),
            "high",
            reply("A red bus on the road.", -0.5f, profile(9f, 1f)),
            "copy",
            reply("A red bus on the road.", -0.5f, profile(1f, 1f)),
            "nan",
            reply("A green tram in a street.", Float.NaN, profile(1f, 1f)));
    return ScriptedModel.generating(
        (request, options) -> {
          String question = request.prompt().conversation().turns().get(0).text();
          String key = question.substring(question.lastIndexOf(' ') + 1, question.length() - 1);
          return replies.get(key);
        });
  }

  private static ScriptedModel.Reply reply(String text, float logProb, float[] profile) {
    return new ScriptedModel.Reply(
        text,
        new float[] {logProb, -0.5f},
        SPANS,
        Map.of(16, AttentionMaps.withProfile(2, 2, profile, 0)));
  }

  private SelectionPipeline pipeline(ErrorPolicy policy) {
    ModelAnswerGenerator generator =
        ModelAnswerGenerator.builder()
            .options(
                GenerateOptions.builder()
                    .attentionLayers(AttentionSelector.MIA_DPO.layers())
                    .build())
            .build();
    return SelectionPipeline.builder(model(), generator)
        .selector(AttentionSelector.MIA_DPO)
        .batchSize(3)
        .errorPolicy(policy)
        .build();
  }

  @Test
  void selects_pairs_with_provenance_and_reports_every_stage(@TempDir Path dir) throws Exception {
    SelectionPipeline.Run run = pipeline(ErrorPolicy.SKIP).start(manager);
    List<PreferencePair> pairs;
    try (Stream<PreferencePair> stream =
        run.multiImage(
            Stream.of(
                sample("low", "A red bus on the road."),
                sample("high", "A red bus on the road."),
                sample("copy", "A red bus on the road."),
                sample("nan", "A red bus on the road.")),
            ImageSource.fromRoot(dir))) {
      pairs = stream.collect(Collectors.toList());
    }
    assertThat(pairs).extracting(PreferencePair::id).containsExactly("low");
    PreferencePair pair = pairs.get(0);
    assertThat(pair.rejected()).isEqualTo("A blue car parked by a wall.");
    assertThat(pair.prompt().turns()).hasSize(1);
    assertThat(pair.provenance().sourceIds()).containsExactly("src-low");
    assertThat(pair.provenance().stages())
        .extracting(Provenance.Stage::name)
        .containsExactly(
            "model-answer",
            "select:attention",
            "filter:distinct-answers",
            "filter:perplexity",
            "filter:length-ratio",
            "filter:edit-distance");
    // Equal attention on both images: share 1 / 2.
    assertThat(pair.provenance().stages().get(1).scores().get("attention-share")).isEqualTo(0.5);

    SelectionReport report = run.report();
    assertThat(report.inputs()).isEqualTo(4);
    assertThat(report.pairs()).isEqualTo(1);
    assertThat(report.errors()).isEqualTo(1);
    assertThat(report.errorMessages())
        .containsExactly("sample 'nan': rejected step log-prob 0 is NaN");

    Path file = dir.resolve("report.json");
    report.writeJson(file);
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("pairs").asLong()).isEqualTo(1);
    JsonNode stages = json.get("stages");
    assertThat(stages.get(0).get("stage").asText()).isEqualTo("generate:model-answer");
    assertThat(stages.get(0).get("seen").asLong()).isEqualTo(4);
    assertThat(stages.get(1).get("stage").asText()).isEqualTo("select:attention");
    assertThat(stages.get(1).get("dropReasons").get("target-attended").asLong()).isEqualTo(1);
    assertThat(stages.get(2).get("dropReasons").get("identical-answers").asLong()).isEqualTo(1);
  }

  @Test
  void runs_the_model_in_batches_lazily() {
    ScriptedModel model = model();
    SelectionPipeline pipeline =
        SelectionPipeline.builder(
                model,
                ModelAnswerGenerator.builder()
                    .options(GenerateOptions.builder().attentionLayers(16).build())
                    .build())
            .batchSize(3)
            .build();
    SelectionPipeline.Run run = pipeline.start(manager);
    Stream<PreferencePair> pairs =
        run.multiImage(
            Stream.of(
                sample("low", "A red bus on the road."),
                sample("low", "A red bus on the road."),
                sample("low", "A red bus on the road."),
                sample("low", "A red bus on the road.")),
            ImageSource.fromRoot(Path.of(".")));
    assertThat(model.calls()).isEmpty();
    assertThat(pairs.count()).isEqualTo(4);
    assertThat(model.calls()).extracting(ScriptedModel.Call::batchSize).containsExactly(3, 1);
  }

  @Test
  void fail_policy_rethrows_the_error_naming_the_sample() {
    SelectionPipeline.Run run = pipeline(ErrorPolicy.FAIL).start(manager);
    assertThatThrownBy(
            () ->
                run.multiImage(
                        Stream.of(sample("nan", "A red bus on the road.")),
                        ImageSource.fromRoot(Path.of(".")))
                    .count())
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("sample 'nan': rejected step log-prob 0 is NaN");
  }

  @Test
  void unreadable_images_are_reported_with_the_sample() {
    dev.mia.core.data.SftSample missing =
        dev.mia.core.data.SftSample.singleImage(
            "m1", ImageRef.OnDisk.of("nowhere.png"), "What?", "A bus.");
    SelectionPipeline.Run run = pipeline(ErrorPolicy.SKIP).start(manager);
    assertThat(run.sft(Stream.of(missing), ImageSource.fromRoot(Path.of("/nonexistent"))).count())
        .isZero();
    assertThat(run.report().errorMessages())
        .containsExactly("sample 'm1': image '/nonexistent/nowhere.png': file does not exist");
  }
}
