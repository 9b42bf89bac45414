package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.Conversation;
import dev.mia.core.model.ChatTemplate;
import dev.mia.core.model.ImagePreprocessor;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.TextTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds and loads a {@link TorchScriptVisionLanguageModel}; start with {@link
 * TorchScriptVisionLanguageModel#builder}. The defaults fit LLaVA-1.5 wrapped to the contract.
 */
public final class TorchScriptVisionLanguageModelBuilder {
  private final Path modelFile;
  private final TextTokenizer tokenizer;
  private final ImagePreprocessor images;
  private @Nullable String id;
  private Device device = Device.cpu();
  private ChatTemplate chatTemplate = PrefixChatTemplate.builder().build();
  private String imageToken = Conversation.IMAGE_PLACEHOLDER;
  private int gridHeight = 24;
  private int gridWidth = 24;
  private @Nullable String beginToken;
  private @Nullable String endToken;
  private @Nullable String padToken;
  private int vocabularySize = -1;
  private int layerCount = -1;
  private int maxSequenceLength = Integer.MAX_VALUE;
  private @Nullable String outputWeight;
  private @Nullable String outputBias;

  TorchScriptVisionLanguageModelBuilder(
      Path modelFile, TextTokenizer tokenizer, ImagePreprocessor images) {
    this.modelFile = requireNonNull(modelFile, "modelFile");
    this.tokenizer = requireNonNull(tokenizer, "tokenizer");
    this.images = requireNonNull(images, "images");
  }

  /**
   * Sets the model's id, part of cache keys. Default: {@code torchscript:<file name>@sha256:<hex>},
   * which reads the whole file once at load; set an id to skip that for large models.
   *
   * @param id the id, not blank
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder id(String id) {
    this.id = requireNonNull(id, "id");
    return this;
  }

  /**
   * Sets the device the module is loaded on and runs on. Default: {@link Device#cpu()}.
   *
   * @param device the device
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder device(Device device) {
    this.device = requireNonNull(device, "device");
    return this;
  }

  /**
   * Sets the chat template. Default: {@link PrefixChatTemplate}'s defaults ({@code "USER: ...
   * ASSISTANT:"}, LLaVA's vicuna_v1 without system text).
   *
   * @param chatTemplate the template
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder chatTemplate(ChatTemplate chatTemplate) {
    this.chatTemplate = requireNonNull(chatTemplate, "chatTemplate");
    return this;
  }

  /**
   * Sets the token whose id fills image positions; the tokenizer must know it as one token.
   * Default: {@code <image>}.
   *
   * @param imageToken the token
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder imageToken(String imageToken) {
    this.imageToken = requireNonNull(imageToken, "imageToken");
    return this;
  }

  /**
   * Sets the patch grid of one image, so that each image takes {@code rows * columns} tokens.
   * Default: 24 x 24 (LLaVA-1.5, 576 tokens).
   *
   * @param rows the grid's rows, at least 1
   * @param columns the grid's columns, at least 1
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder imageGrid(int rows, int columns) {
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException(
          "image grid must be at least 1x1, but is: " + rows + "x" + columns);
    }
    this.gridHeight = rows;
    this.gridWidth = columns;
    return this;
  }

  /**
   * Sets the token put before every sequence. Default: none.
   *
   * @param beginToken the token, e.g. {@code <s>}
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder beginToken(String beginToken) {
    this.beginToken = requireNonNull(beginToken, "beginToken");
    return this;
  }

  /**
   * Sets the token that ends generation (it is not kept). Default: none, so generation ends only at
   * a stop string or a length limit.
   *
   * @param endToken the token, e.g. {@code </s>}
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder endToken(String endToken) {
    this.endToken = requireNonNull(endToken, "endToken");
    return this;
  }

  /**
   * Sets the token that fills padding positions. Default: none, id 0 (padding is masked anyway).
   *
   * @param padToken the token, e.g. {@code <pad>}
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder padToken(String padToken) {
    this.padToken = requireNonNull(padToken, "padToken");
    return this;
  }

  /**
   * Sets the size of the logits' last axis. Default: the tokenizer's vocabulary size. Real models
   * often pad it (LLaVA-1.5's 32064 logits for 32000 tokens): set it then.
   *
   * @param vocabularySize the size, at least the tokenizer's
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder vocabularySize(int vocabularySize) {
    this.vocabularySize = vocabularySize;
    return this;
  }

  /**
   * Sets the number of decoder layers whose attention the module returns. Default: found by the
   * load-time probe (every output after the logits); set it to have the probe check it.
   *
   * @param layerCount the layer count, at least 1
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder layerCount(int layerCount) {
    if (layerCount < 1) {
      throw new IllegalArgumentException("layerCount must be >= 1, but is: " + layerCount);
    }
    this.layerCount = layerCount;
    return this;
  }

  /**
   * Sets the longest sequence (prompt with image tokens, then answer) the module accepts, such as
   * its number of position embeddings. Default: no limit. Scoring a longer sequence throws; a
   * generation stops when it reaches the limit.
   *
   * @param maxSequenceLength the limit, at least 2
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder maxSequenceLength(int maxSequenceLength) {
    if (maxSequenceLength < 2) {
      throw new IllegalArgumentException(
          "maxSequenceLength must be >= 2, but is: " + maxSequenceLength);
    }
    this.maxSequenceLength = maxSequenceLength;
    return this;
  }

  /**
   * Names the module's output projection, so that {@link
   * TorchScriptVisionLanguageModel#scoreTokens} can return {@link
   * dev.mia.core.model.TrainingOutput#HIDDEN_STATES} for a fused output-projection kernel: the
   * module must then return its final hidden states {@code [B, S, H]} as its last output (see the
   * contract), and {@code logits = hidden · weightᵀ + bias}. Default: none, so only log-probs are
   * returned.
   *
   * @param weight the name of the {@code [V, H]} weight among the module's {@code
   *     named_parameters()}, e.g. {@code lm_head.weight}
   * @param bias the name of the {@code [V]} bias, or {@code null} if the projection has none
   * @return this builder
   */
  @CanIgnoreReturnValue
  public TorchScriptVisionLanguageModelBuilder outputProjection(
      String weight, @Nullable String bias) {
    this.outputWeight = requireNonNull(weight, "weight");
    this.outputBias = bias;
    return this;
  }

  /**
   * Loads the module and probes its contract with a one-token input.
   *
   * @return the model; close it when done
   * @throws IllegalArgumentException if the tokenizer does not know the image, begin, end or pad
   *     token, or the vocabulary size is below the tokenizer's
   * @throws ModelLoadException if the file is missing or not a TorchScript archive
   * @throws dev.mia.core.ModelContractException if the probe's outputs break the contract, or an
   *     output projection is named but the module returns no hidden states or has no such parameter
   *     of the right shape
   */
  public TorchScriptVisionLanguageModel build() {
    int imageId = token(imageToken, "image token");
    Integer beginId = beginToken == null ? null : token(beginToken, "begin token");
    int endId = endToken == null ? -1 : token(endToken, "end token");
    int padId = padToken == null ? 0 : token(padToken, "pad token");
    int vocabulary = vocabularySize < 0 ? tokenizer.vocabularySize() : vocabularySize;
    if (vocabulary < tokenizer.vocabularySize()) {
      throw new IllegalArgumentException(
          "vocabularySize must be >= the tokenizer's "
              + tokenizer.vocabularySize()
              + ", but is: "
              + vocabulary);
    }
    if (id != null && id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    String name = modelFile.getFileName().toString();
    ZooModel<NDList, NDList> model = loadModule(modelFile, device);
    Predictor<NDList, NDList> predictor = model.newPredictor();
    try {
      String modelId = id != null ? id : "torchscript:" + name + "@sha256:" + sha256(modelFile);
      ModuleRunner runner =
          new ModuleRunner(
              predictor,
              model.getBlock(),
              name,
              vocabulary,
              images.height(),
              images.width(),
              padId);
      int layers;
      long hiddenSize = -1;
      try (NDManager probe = model.getNDManager().newSubManager(device)) {
        ModuleRunner.Outputs out =
            runner.run(
                probe,
                List.of(List.of(beginId == null ? padId : beginId)),
                List.of(ImageSpans.NONE),
                List.of(),
                List.of(new boolean[1]),
                layerCount);
        layers = out.attention().size();
        if (out.hiddenStates() != null) {
          hiddenSize = out.hiddenStates().getShape().get(2);
        }
      }
      OutputProjection projection =
          outputWeight == null
              ? null
              : OutputProjection.find(
                  model.getBlock(), name, outputWeight, outputBias, vocabulary, hiddenSize);
      String description =
          "file="
              + modelFile
              + ", id="
              + modelId
              + ", device="
              + device
              + ", tokenizer="
              + tokenizer.id()
              + ", chatTemplate="
              + chatTemplate
              + ", imageToken="
              + imageToken
              + ", imageGrid="
              + gridHeight
              + "x"
              + gridWidth
              + ", beginToken="
              + beginToken
              + ", endToken="
              + endToken
              + ", padToken="
              + padToken
              + ", vocabularySize="
              + vocabulary
              + ", maxSequenceLength="
              + maxSequenceLength
              + ", outputProjection="
              + (outputWeight == null ? "none" : outputWeight + "+" + outputBias);
      PromptEncoder encoder =
          new PromptEncoder(tokenizer, chatTemplate, imageId, gridHeight, gridWidth, beginId);
      return new TorchScriptVisionLanguageModel(
          modelId,
          description,
          device,
          model,
          predictor,
          runner,
          encoder,
          tokenizer,
          images,
          layers,
          maxSequenceLength,
          endId,
          projection,
          new ModelTokenizerAdapter(
              encoder,
              tokenizer,
              endId < 0 ? List.of() : List.of(endId),
              "torchscript/"
                  + tokenizer.id()
                  + "/template="
                  + chatTemplate
                  + "/image="
                  + imageToken
                  + ":"
                  + gridHeight
                  + "x"
                  + gridWidth
                  + "/begin="
                  + beginToken
                  + "/suffix="
                  + endToken
                  + "/pad="
                  + padToken
                  + "/images="
                  + images));
    } catch (RuntimeException e) {
      predictor.close();
      model.close();
      throw e;
    }
  }

  private int token(String token, String role) {
    return tokenizer
        .tokenId(token)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the tokenizer "
                        + tokenizer.id()
                        + " does not know the "
                        + role
                        + " '"
                        + token
                        + "' as one token"));
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new ModelLoadException(file, "cannot read it: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static ZooModel<NDList, NDList> loadModule(Path file, Device device) {
    Path absolute = file.toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw new ModelLoadException(file, "no such file", null);
    }
    String name = absolute.getFileName().toString();
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(absolute.getParent())
            .optModelName(name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name)
            .optEngine("PyTorch")
            .optTranslator(new NoopTranslator())
            .optOption("mapLocation", "true")
            // parameters keep requires_grad, so that scoreTokens can train them
            .optOption("trainParam", "true")
            .optDevice(device)
            .build();
    try {
      return criteria.loadModel();
    } catch (MalformedModelException | EngineException | ModelNotFoundException e) {
      throw new ModelLoadException(file, "not a TorchScript archive: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelLoadException(file, "cannot read it: " + e.getMessage(), e);
    }
  }
}
