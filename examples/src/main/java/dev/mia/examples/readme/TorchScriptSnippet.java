package dev.mia.examples.readme;

// snippet:start torchscript
import ai.djl.ndarray.NDManager;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Turn;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.torchscript.HuggingFaceTextTokenizer;
import dev.mia.core.model.torchscript.ResizeNormalize;
import dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

// snippet:end torchscript

/**
 * The README's TorchScript block: score, generate with attention and train one DPO step of an
 * exported LLaVA-style model (compiled here; {@code TorchScriptDpoTest} runs the same calls on a
 * small committed module).
 */
public final class TorchScriptSnippet {
  private TorchScriptSnippet() {}

  /**
   * Runs the block.
   *
   * @param args none
   * @throws IOException if the image cannot be read
   */
  public static void main(String[] args) throws IOException {
    // snippet:start torchscript
    Path dir = Path.of("llava-1.5-7b");
    try (TorchScriptVisionLanguageModel model =
            TorchScriptVisionLanguageModel.builder(
                    dir.resolve("llava-1.5-7b.pt"),
                    HuggingFaceTextTokenizer.load(dir.resolve("tokenizer.json")),
                    ResizeNormalize.builder(336, 336).build()) // CLIP mean and std
                .imageGrid(24, 24) // 576 tokens per image
                .beginToken("<s>")
                .endToken("</s>")
                .padToken("<pad>")
                .vocabularySize(32064)
                .maxSequenceLength(4096)
                .build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      BufferedImage image = ImageIO.read(dir.resolve("sofa.jpg").toFile());
      Prompt prompt =
          new Prompt(List.of(image), Conversation.of(Turn.human("<image>\nWhat is on the sofa?")));

      // per-token log-probs of an answer, teacher-forced
      Scored scored =
          model.score(manager, List.of(new ScoreRequest(prompt, "A cat.")), ScoreOptions.DEFAULT);
      System.out.println(scored.tokenLogProbs().sum().getFloat());

      // greedy generation with the attention of layer 16 over every key (image tokens included)
      Generated answer =
          model
              .generate(
                  manager,
                  List.of(GenerationRequest.of(prompt)),
                  GenerateOptions.builder().maxNewTokens(32).attentionLayers(16).build())
              .get(0);
      System.out.println(answer.text() + " " + answer.attention().get(16).getShape());

      // one DPO step of the model itself, its starting point as the reference
      PreferencePair pair =
          PreferencePair.builder(
                  "sofa-1",
                  Conversation.of(Turn.human("<image>\nWhat is on the sofa?")),
                  "A grey cat.",
                  "A brown dog.")
              .images(List.of(ImageRef.InMemory.of(image)))
              .build();
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, DpoLoss.builder(LossType.SIGMOID).beta(0.1).build())
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir.resolve("ref")), model)
                      .build())
              .schedule(LearningRateSchedule.constant(1e-6f)) // Adam, gradients clipped at 1
              .build();
      trainer.precomputeReference(List.of(pair));
      System.out.println(trainer.step(List.of(pair)));
      model.saveModule(dir.resolve("llava-1.5-7b-dpo.pt")); // a TorchScript archive again
    }
    // snippet:end torchscript
  }
}
