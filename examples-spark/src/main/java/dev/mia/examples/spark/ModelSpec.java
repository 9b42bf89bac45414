package dev.mia.examples.spark;

import static java.util.Objects.requireNonNull;

import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.core.model.torchscript.HuggingFaceTextTokenizer;
import dev.mia.core.model.torchscript.ResizeNormalize;
import dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel;
import dev.mia.core.model.torchscript.TorchScriptVisionLanguageModelBuilder;
import dev.mia.core.model.torchscript.WordLevelTokenizer;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmConfig;
import dev.mia.examples.tiny.WordTokenizer;
import dev.mia.examples.world.QuestionMaker;
import dev.mia.formats.PicInPicFormat;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an executor loads its model: the settings travel to the executors, the weights never do (a
 * saved model is read from a path every executor sees).
 *
 * @param kind which model
 * @param path the saved tiny model's folder ({@link TinyLvlm#save}), or the TorchScript archive;
 *     empty for a fresh tiny model
 * @param seed the initialisation seed of a fresh tiny model
 * @param tokenizer the TorchScript model's tokenizer file ({@code tokenizer.json}); empty otherwise
 * @param wordLevel whether that file is a word-level vocabulary ({@link WordLevelTokenizer}) rather
 *     than a Hugging Face tokenizer ({@link HuggingFaceTextTokenizer})
 * @param imageSide the TorchScript model's input image side in pixels
 * @param imageGrid the TorchScript model's image tokens per side (rows = columns)
 * @param maxLength the TorchScript model's longest sequence
 */
public record ModelSpec(
    Kind kind,
    String path,
    long seed,
    String tokenizer,
    boolean wordLevel,
    int imageSide,
    int imageGrid,
    int maxLength)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Serialises fresh tiny models' initialisation: it seeds DJL's one engine-wide generator. */
  private static final Object ENGINE_SEED = new Object();

  /** The kinds of model. */
  public enum Kind {
    /** mia's tiny LVLM ({@link TinyLvlm}): fresh from a seed, or loaded from a folder. */
    TINY,
    /** A model exported to TorchScript ({@link TorchScriptVisionLanguageModel}). */
    TORCHSCRIPT
  }

  /**
   * The architecture of a fresh tiny model: 32-pixel images in 8-pixel patches (16 tokens per
   * image), {@code D = 64}, 4 heads, 3 layers, sequences of up to 160 tokens (five images and their
   * text), as the end-to-end example's model but with room for MIA-DPO's longest sequence.
   */
  public static final TinyLvlmConfig TINY_CONFIG =
      TinyLvlmConfig.builder()
          .imageSide(32)
          .patchSize(8)
          .modelDim(64)
          .heads(4)
          .layers(3)
          .maxSequenceLength(160)
          .build();

  /**
   * Checks the components.
   *
   * @param kind which model
   * @param path the saved model, or empty for a fresh tiny model
   * @param seed the initialisation seed of a fresh tiny model
   * @param tokenizer the TorchScript model's tokenizer file
   * @param wordLevel whether that file is a word-level vocabulary
   * @param imageSide the TorchScript model's input image side
   * @param imageGrid the TorchScript model's image tokens per side
   * @param maxLength the TorchScript model's longest sequence
   */
  public ModelSpec {
    requireNonNull(kind, "kind");
    requireNonNull(path, "path");
    requireNonNull(tokenizer, "tokenizer");
    if (kind == Kind.TORCHSCRIPT && (path.isEmpty() || tokenizer.isEmpty())) {
      throw new IllegalArgumentException(
          "a TorchScript model needs its archive and its tokenizer, but they are: '"
              + path
              + "' and '"
              + tokenizer
              + "'");
    }
  }

  /**
   * A fresh tiny model ({@link #TINY_CONFIG}, {@link #tinyTokenizer()}).
   *
   * @param seed the initialisation seed
   * @return the spec
   */
  public static ModelSpec freshTiny(long seed) {
    return new ModelSpec(Kind.TINY, "", seed, "", false, 0, 0, 0);
  }

  /**
   * The fresh tiny model's vocabulary: the synthetic world's words plus those of the pic-in-pic
   * phrases ({@link PicInPicFormat#DEFAULT_PHRASES}) and the image labels {@code image1} to {@code
   * image9}, which multi-image prompts use.
   *
   * @return the tokenizer
   */
  public static WordTokenizer tinyTokenizer() {
    Set<String> words = new LinkedHashSet<>(QuestionMaker.vocabulary());
    for (String phrase : PicInPicFormat.DEFAULT_PHRASES) {
      for (String word : phrase.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    for (int k = 1; k <= 9; k++) {
      words.add("image" + k); // "In Image6, ..." of a six-tile grid
    }
    return WordTokenizer.of(List.copyOf(words));
  }

  /**
   * Loads the model. A fresh tiny model gets the same weights in every JVM for the same seed.
   *
   * @return the model; the caller closes it
   * @throws UncheckedIOException if a file cannot be read
   */
  public TrainableVisionLanguageModel load() {
    if (kind == Kind.TINY) {
      if (!path.isEmpty()) {
        return TinyLvlm.load(Path.of(path));
      }
      synchronized (ENGINE_SEED) {
        return TinyLvlm.create(TINY_CONFIG, tinyTokenizer(), seed);
      }
    }
    try {
      Path file = Path.of(tokenizer);
      TorchScriptVisionLanguageModelBuilder builder =
          TorchScriptVisionLanguageModel.builder(
                  Path.of(path),
                  wordLevel
                      ? WordLevelTokenizer.fromJson(file)
                      : HuggingFaceTextTokenizer.load(file),
                  ResizeNormalize.builder(imageSide, imageSide).build())
              .imageGrid(imageGrid, imageGrid);
      if (maxLength > 0) {
        builder.maxSequenceLength(maxLength);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer " + tokenizer, e);
    }
  }
}
