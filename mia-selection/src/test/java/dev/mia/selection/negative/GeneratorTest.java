package dev.mia.selection.negative;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.selection.SelectionInput;
import dev.mia.selection.embed.HashingEmbedder;
import dev.mia.selection.image.ImageTransform;
import dev.mia.selection.testing.Inputs;
import dev.mia.selection.testing.ScriptedModel;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  private static final ImageSpans SPANS = ImageSpans.of(ImageSpan.square(1, 2));
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static boolean white(GenerationRequest request) {
    return (request.prompt().images().get(0).getRGB(0, 0) & 0xFFFFFF) == 0xFFFFFF;
  }

  @Test
  void weakened_image_generator_sends_the_weakened_images_in_one_batch() {
    ImageTransform black =
        ImageTransform.of("black", image -> new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
    ScriptedModel model =
        ScriptedModel.generating(
            (request, options) ->
                ScriptedModel.Reply.of(
                    white(request) ? "A white square." : "A dark room.",
                    new float[] {-1f, -2f},
                    SPANS));
    ModelAnswerGenerator bpo = ModelAnswerGenerator.builder().weaken(black).seed(3).build();
    List<Negative> negatives =
        bpo.generate(
            manager,
            model,
            List.of(
                Inputs.single("a", "What is it?", "A white square."),
                Inputs.single("b", "What?", "White.")));
    assertThat(negatives)
        .extracting(Negative::text)
        .containsExactly("A dark room.", "A dark room.");
    assertThat(negatives.get(0).stepLogProbs()).containsExactly(-1f, -2f);
    assertThat(negatives.get(0).stage().name()).isEqualTo("weakened-image-answer");
    assertThat(model.calls()).hasSize(1);
    assertThat(model.calls().get(0).batchSize()).isEqualTo(2);
  }

  @Test
  void error_injection_rewrites_the_chosen_answer_without_the_model() {
    ScriptedModel model =
        ScriptedModel.generating(
            (request, options) -> {
              throw new AssertionError("the model must not be called");
            });
    ErrorInjectionGenerator generator = ErrorInjectionGenerator.of(RuleBasedRewriter.defaults(), 5);
    SelectionInput input = Inputs.single("a", "Describe.", "A red bus is on the left of two dogs.");
    String first = generator.generate(manager, model, List.of(input)).get(0).text();
    assertThat(first).isNotEqualTo(input.chosen());
    assertThat(generator.generate(manager, model, List.of(input)).get(0).text()).isEqualTo(first);
  }

  @Test
  void splits_sentences_and_cuts_on_word_boundaries() {
    assertThat(BdhsGenerator.splitSentences("Yes. The bus is red!  Is it? ok"))
        .containsExactly("Yes.", "The bus is red!", "Is it?", "ok");
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      String prefix = BdhsGenerator.cut("The bus is red.", random);
      assertThat(prefix).isIn("The", "The bus", "The bus is");
    }
    assertThat(BdhsGenerator.cut("Yes.", random)).isEqualTo("Yes");
  }

  @Test
  void bdhs_completes_masked_sentences_and_resamples_while_too_similar() {
    // The first two iterations complete the sentences faithfully (similarity 1 >= 0.97); the third
    // completes them with a wrong colour, which is accepted.
    int[] requests = {0};
    ScriptedModel counting =
        ScriptedModel.generating(
            (request, options) -> {
              requests[0]++;
              String prefix = request.answerPrefix();
              String sentence = prefix.substring(prefix.lastIndexOf('.') + 1).strip();
              String target =
                  sentence.startsWith("The") ? "The bus is red." : "It is parked near a tree.";
              String rest = target.substring(Math.min(sentence.length(), target.length()));
              boolean late = requests[0] > 4; // iteration 3 onwards
              return ScriptedModel.Reply.of(
                  late ? rest.replace("red", "blue").replace("tree", "house") : rest,
                  new float[] {-0.5f},
                  SPANS);
            });
    BdhsGenerator bdhs = BdhsGenerator.builder(HashingEmbedder.DEFAULT).seed(11).build();
    SelectionInput input =
        Inputs.single("a", "Describe.", "The bus is red. It is parked near a tree.");
    Negative negative = bdhs.generate(manager, counting, List.of(input)).get(0);
    assertThat(negative.stage().scores().get("bdhs-iterations")).isEqualTo(3.0);
    assertThat(negative.stage().scores().get("bdhs-similarity")).isLessThan(0.97);
    assertThat(negative.text()).isNotEqualTo(input.chosen());
    // Two sentences per guided iteration, each call masked with keep probability 0.01 and "."
    // stops.
    assertThat(counting.calls()).hasSize(3);
    GenerateOptions options = (GenerateOptions) counting.calls().get(0).options();
    assertThat(options.stopStrings()).containsExactly(".");
    // each request carries its sample's mask; the options' mask stays the default
    assertThat(options.imageMask()).isEqualTo(ImageMask.NONE);
    for (Object request : counting.calls().get(0).requests()) {
      ImageMask mask = ((GenerationRequest) request).imageMask();
      assertThat(((ImageMask.RandomKeep) mask).keepProbability()).isEqualTo(0.01);
    }
    assertThat(negative.stepLogProbs()).containsExactly(-0.5f, -0.5f);
  }

  @Test
  void bdhs_runs_a_batch_in_lockstep_and_gives_each_sample_its_negative_alone() {
    // the model answers from the request's mask seed: a sample's text depends on its own draws
    ScriptedModel model =
        ScriptedModel.generating(
            (request, options) -> {
              long maskSeed = ((ImageMask.RandomKeep) request.imageMask()).seed();
              boolean wrong = Math.floorMod(maskSeed, 3) == 0;
              String prefix = request.answerPrefix();
              String sentence = prefix.substring(prefix.lastIndexOf('.') + 1).strip();
              String target = "The bus is red.";
              String rest =
                  request.answerPrefix().isEmpty()
                      ? "Something else."
                      : target.substring(Math.min(sentence.length(), target.length()));
              return ScriptedModel.Reply.of(
                  wrong ? rest.replace("red", "blue") : rest, new float[] {-0.25f}, SPANS);
            });
    BdhsGenerator bdhs = BdhsGenerator.builder(HashingEmbedder.DEFAULT).seed(5).build();
    List<SelectionInput> inputs = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      inputs.add(Inputs.single("s" + i, "Describe.", "The bus is red."));
    }
    List<Negative> together = bdhs.generate(manager, model, inputs);
    int batchedCalls = model.calls().size();
    assertThat(together).hasSize(6);
    java.util.Set<Double> iterations = new java.util.HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      Negative alone = bdhs.generate(manager, model, List.of(inputs.get(i))).get(0);
      assertThat(together.get(i).text()).as("sample %d", i).isEqualTo(alone.text());
      assertThat(together.get(i).stepLogProbs()).containsExactly(alone.stepLogProbs());
      assertThat(together.get(i).stage().scores()).isEqualTo(alone.stage().scores());
      iterations.add(alone.stage().scores().get("bdhs-iterations"));
    }
    // one call per iteration of the slowest sample, and the samples finished at different ones
    assertThat(iterations).hasSizeGreaterThan(1);
    assertThat(batchedCalls)
        .isEqualTo(iterations.stream().mapToInt(Double::intValue).max().orElseThrow());
    assertThat(model.calls().get(0).requests()).hasSize(6);
  }

  @Test
  void bdhs_falls_back_to_an_unguided_answer_at_the_last_iteration() {
    ScriptedModel model =
        ScriptedModel.generating(
            (request, options) ->
                ScriptedModel.Reply.of(
                    request.answerPrefix().isEmpty() ? "Something else entirely." : "",
                    new float[] {-0.25f},
                    SPANS));
    // Completions are empty, so each guided candidate is the prefix alone; with threshold -1 no
    // candidate is ever dissimilar enough and the 5th (unguided) answer is accepted.
    BdhsGenerator bdhs =
        BdhsGenerator.builder(HashingEmbedder.DEFAULT).similarityThreshold(-1).seed(2).build();
    Negative negative =
        bdhs.generate(manager, model, List.of(Inputs.single("a", "Describe.", "A red bus.")))
            .get(0);
    assertThat(negative.text()).isEqualTo("Something else entirely.");
    assertThat(negative.stage().scores().get("bdhs-iterations")).isEqualTo(5.0);
    assertThat(model.calls()).hasSize(5);
  }
}
