package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import dev.mia.core.model.ChatTemplate;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImagePreprocessor;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.LogitsOutput;
import dev.mia.core.model.ModelTokenizer;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.TextTokenizer;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.core.model.TrainingOutput;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.core.tensor.OwnedCopy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VisionLanguageModel} over a TorchScript export of an LVLM, run by DJL's PyTorch engine:
 * the bridge from mia's scorers, selectors and losses to real models (LLaVA, Qwen-VL,
 * InternLM-XComposer) wrapped to the contract below.
 *
 * <h2>The module's contract</h2>
 *
 * <p>The module's {@code forward} takes five tensors, positionally, for {@code B} right-padded rows
 * of {@code S} tokens and {@code N} images in total:
 *
 * <ol>
 *   <li>{@code input_ids} int64 {@code [B, S]}: the tokens; each image occupies {@code gridHeight *
 *       gridWidth} consecutive positions holding the image token's id; padding holds the pad id.
 *   <li>{@code attention_mask} int64 {@code [B, S]}: 1 for real tokens, 0 for padding.
 *   <li>{@code pixel_values} float32 {@code [N, 3, H, W]}: the images as the {@link
 *       ImagePreprocessor} made them, in row order and within a row in sequence order; {@code N}
 *       may be 0.
 *   <li>{@code image_positions} int64 {@code [N, 2]}: for image {@code n}, its row and the position
 *       of its first token; the module puts its {@code gridHeight * gridWidth} patch embeddings
 *       (row-major) at that position and the ones after it.
 *   <li>{@code key_mask} float32 {@code [B, S]}: 1 where a position may be attended to, 0 where the
 *       image mask (BDHS, {@link dev.mia.core.model.ImageMask}) hides it from every query; a module
 *       may let a hidden position attend to itself so that no attention row is empty.
 * </ol>
 *
 * <p>It returns {@code (logits, (attention_0, ..., attention_{L-1}))}: logits {@code [B, S, V]}
 * with {@code V} the vocabulary size, and the attention probabilities of every decoder layer,
 * {@code [B, heads, S, S]}, causal (a query never attends to a later key). Nested tuples or lists
 * are flattened, so any nesting of one logits tensor followed by {@code L} attention tensors in
 * layer order is accepted. Floating outputs may be float32, float16, float64 or bfloat16: they are
 * converted to float32 before any other op. The module must be deterministic (no dropout; export in
 * eval mode).
 *
 * <p>Optionally, for {@link TrainingOutput#HIDDEN_STATES}, one more output after the attention
 * tensors: the final hidden states {@code [B, S, H]} (rank 3, which tells it apart from attention),
 * the input of the output projection, so that {@code logits = hidden · weightᵀ + bias} with the
 * module's parameters that the builder's {@code outputProjection(weight, bias)} names. A module
 * without it works as before.
 *
 * <p>Outputs that break the contract throw {@link dev.mia.core.ModelContractException} with a
 * message {@code "TorchScript module <file>: expected ... but got ..."}; a failure inside the
 * module is reported the same way. The contract is probed once at load with a one-token input,
 * which also finds the layer count.
 *
 * <h2>Sequences</h2>
 *
 * <p>A prompt is rendered by the {@link ChatTemplate}, split at each {@code <image>}, the pieces
 * tokenized one by one and each placeholder expanded to its image tokens (as LLaVA's {@code
 * tokenizer_image_token}), after the begin token if one is set; the answer (or a generation's
 * forced prefix) is tokenized on its own and appended, without end token. {@link ImageSpans} come
 * from this expansion. Rows are right-padded, so positions are the natural {@code 0..S-1}.
 *
 * <h2>Scoring and generation</h2>
 *
 * <p>{@link #score} runs one forward pass per batch; the logits at the position before each answer
 * token give its log-prob. {@link #generate} is a KV-less loop, simple and correct: each step runs
 * the whole batch's current sequences again and picks one token per unfinished row on the host
 * (greedy, or sampled with a per-row generator split in row order from the decoding's seed). A row
 * stops at the end token (not kept), at a stop string (kept), at {@code maxNewTokens} or at the
 * maximum sequence length. The attention of the generated tokens comes from one more pass over the
 * final sequences, which a causal module makes equal to the attention at each step. BDHS's random
 * image mask is drawn per row (the request's own mask, else the options'): a generator seeded with
 * the mask's seed, image token by image token in sequence order, so a row's mask does not depend on
 * its batch.
 *
 * <h2>Devices and arrays</h2>
 *
 * <p>The module runs on the device given to the builder and every array stays there; the caller's
 * manager must be on that device. Only the last position's log-probs of each generation step are
 * copied to the host, to pick the token. Temporaries live in a sub-manager closed before returning;
 * results are attached to the caller's manager.
 *
 * <h2>Cost</h2>
 *
 * <p>Scoring: one pass over {@code [B, S]}. Generation of {@code T} tokens: {@code T} passes over
 * growing sequences, {@code O(T * S^2)} attention work without a KV cache.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class TorchScriptVisionLanguageModel implements TrainableVisionLanguageModel {
  private final String baseId;
  private @Nullable String id;
  private final String description;
  private final Device device;
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final ModuleRunner runner;
  private final PromptEncoder encoder;
  private final TextTokenizer tokenizer;
  private final ImagePreprocessor images;
  private final int layerCount;
  private final int maxSequenceLength;
  private final int endId;
  private final ModelTokenizer modelTokenizer;
  private final TokenScorer tokenScorer;
  private final GenerationLoop generation;
  private boolean gradientsAttached;

  TorchScriptVisionLanguageModel(
      String id,
      String description,
      Device device,
      ZooModel<NDList, NDList> model,
      Predictor<NDList, NDList> predictor,
      ModuleRunner runner,
      PromptEncoder encoder,
      TextTokenizer tokenizer,
      ImagePreprocessor images,
      int layerCount,
      int maxSequenceLength,
      int endId,
      @Nullable OutputProjection projection,
      ModelTokenizer modelTokenizer) {
    this.baseId = id;
    this.id = id;
    this.description = description;
    this.device = device;
    this.model = model;
    this.predictor = predictor;
    this.runner = runner;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.images = images;
    this.layerCount = layerCount;
    this.maxSequenceLength = maxSequenceLength;
    this.endId = endId;
    this.modelTokenizer = modelTokenizer;
    this.tokenScorer = new TokenScorer(runner, images, layerCount, projection);
    this.generation =
        new GenerationLoop(
            runner, encoder, tokenizer, images, layerCount, maxSequenceLength, endId);
  }

  /**
   * Starts a builder.
   *
   * @param modelFile the TorchScript archive ({@code torch.jit.save})
   * @param tokenizer the model's tokenizer; it must know the image token
   * @param images the model's image preprocessor
   * @return a builder
   */
  public static TorchScriptVisionLanguageModelBuilder builder(
      Path modelFile, TextTokenizer tokenizer, ImagePreprocessor images) {
    return new TorchScriptVisionLanguageModelBuilder(modelFile, tokenizer, images);
  }

  /**
   * {@inheritDoc}
   *
   * <p>By default {@code torchscript:<file name>@sha256:<hash of the file>}. After {@link
   * #weightsChanged()}, the load-time id followed by {@code +trained@sha256:<hash of the current
   * parameters>}, computed at the first call (it copies every parameter to the host once).
   */
  @Override
  public String id() {
    if (id == null) {
      id = baseId + "+trained@sha256:" + TrainedModule.parameterHash(trainableParameters());
    }
    return id;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Prompts go through the chat template and the image expansion of {@link #score}; answers
   * through the text tokenizer; the end token, if the builder set one, follows every trained
   * answer. The configuration id names the tokenizer, template, image token, grid, special tokens
   * and preprocessor, not the weights.
   */
  @Override
  public ModelTokenizer tokenizer() {
    return modelTokenizer;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The builder's {@code maxSequenceLength}, {@link Integer#MAX_VALUE} if unset.
   */
  @Override
  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One forward pass of the module as a DJL block in training mode ({@code module.train()},
   * which the contract's deterministic modules ignore; between calls {@link #score} and {@link
   * #generate} switch it back to eval mode). Under a recording gradient collector the log-probs
   * carry the autograd graph to every parameter of the module: DJL loads the archive with {@code
   * trainParam=true}, so {@link #trainableParameters()} are the module's {@code
   * named_parameters()}. Logits are converted to float32 first, as in {@link #score}.
   *
   * <p>What cannot be trained, and why:
   *
   * <ul>
   *   <li>{@link TrainingOutput#HIDDEN_STATES} needs a module that returns its final hidden states
   *       (the contract's optional last output) and the builder's {@code outputProjection(...)};
   *       otherwise it throws {@link UnsupportedOperationException}. The module still computes its
   *       logits in that pass (the contract returns them), so the fused kernel saves the memory of
   *       the log-softmax and its gradient, not of the logits themselves. The returned {@code
   *       outputWeight} and {@code outputBias} are views of the module's parameters, attached to
   *       the caller's manager: closing them frees the views only.
   *   <li>A module whose logits are not float32 (bfloat16, float16): DJL 0.34's {@code toType}
   *       detaches its result from the autograd graph, so the loss would have no gradient; under a
   *       recording collector it throws {@link UnsupportedOperationException} rather than train
   *       nothing. Scoring without a collector (reference log-probs) works.
   *   <li>Parameters the module keeps as buffers or constants (a traced module's folded weights)
   *       are not parameters to DJL and do not train.
   * </ul>
   *
   * @throws IllegalArgumentException if the batch is empty, the manager is on another device, an
   *     image breaks the preprocessor's rules or a row is longer than the maximum
   * @throws dev.mia.core.ModelContractException if the module's outputs break the contract
   * @throws dev.mia.core.NonFiniteValueException if logits that predict an answer token are not
   *     finite
   */
  @Override
  public TokenScores scoreTokens(
      NDManager manager, List<TokenSequence> batch, TrainingOutput output) {
    requireNonNull(output, "output");
    checkCall(manager, batch, Collections.emptySortedSet());
    if (output == TrainingOutput.HIDDEN_STATES && !tokenScorer.hasProjection()) {
      throw new UnsupportedOperationException(
          "TorchScript model "
              + id()
              + " returns "
              + TrainingOutput.LOG_PROBS
              + " only: "
              + output
              + " needs a module that returns its final hidden states and the builder's"
              + " outputProjection(...)");
    }
    for (int b = 0; b < batch.size(); b++) {
      checkLength(b, batch.get(b).ids().size());
    }
    trainableParameters();
    return output == TrainingOutput.LOG_PROBS
        ? tokenScorer.logProbs(manager, batch)
        : tokenScorer.hiddenStates(manager, batch);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The module's {@code named_parameters()}, in the module's order, names as TorchScript gives
   * them (e.g. {@code decoder.layers.0.weight}).
   */
  @Override
  public PairList<String, Parameter> trainableParameters() {
    PairList<String, Parameter> parameters = model.getBlock().getParameters();
    if (!gradientsAttached) {
      parameters.forEach(p -> p.getValue().getArray().setRequiresGradient(true));
      gradientsAttached = true;
    }
    return parameters;
  }

  @Override
  public void weightsChanged() {
    id = null;
  }

  /**
   * Writes the module with its current (trained) parameters as a TorchScript archive, which {@link
   * #builder} loads again and {@code torch.jit.load} reads. The file is written next to its target
   * and moved into place, so a reader never sees half a file.
   *
   * @param file the archive to write, e.g. {@code policy-step-100.pt}; replaced if it exists
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public void saveModule(Path file) {
    TrainedModule.save(model.getBlock(), file);
  }

  @Override
  public int layerCount() {
    return layerCount;
  }

  /**
   * Returns the device the module runs on.
   *
   * @return the device
   */
  public Device device() {
    return device;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the batch is empty, a layer is out of range, the manager is
   *     on another device, an image breaks the preprocessor's rules, or a sequence is longer than
   *     the maximum
   * @throws dev.mia.core.ModelContractException if the module's outputs break the contract
   * @throws dev.mia.core.NonFiniteValueException if the logits that predict an answer token are not
   *     finite
   */
  @Override
  public Scored score(NDManager manager, List<ScoreRequest> batch, ScoreOptions options) {
    checkCall(manager, batch, options.attentionLayers());
    List<List<Integer>> sequences = new ArrayList<>();
    List<EncodedPrompt> prompts = new ArrayList<>();
    List<List<Integer>> answers = new ArrayList<>();
    int longestAnswer = 0;
    for (int b = 0; b < batch.size(); b++) {
      EncodedPrompt prompt = encoder.encode(batch.get(b).prompt());
      List<Integer> answer = tokenizer.encode(batch.get(b).answer());
      if (answer.isEmpty()) {
        throw new IllegalArgumentException("answer of request " + b + " encodes to no tokens");
      }
      List<Integer> full = new ArrayList<>(prompt.ids());
      full.addAll(answer);
      checkLength(b, full.size());
      prompts.add(prompt);
      answers.add(answer);
      sequences.add(full);
      longestAnswer = Math.max(longestAnswer, answer.size());
    }
    try (NDManager scope = manager.newSubManager()) {
      ModuleRunner.Outputs out =
          runner.run(
              scope,
              sequences,
              spans(prompts),
              Pixels.of(images, scope, batch.stream().map(r -> r.prompt().images()).toList()),
              PromptEncoder.hiddenKeys(
                  prompts, Collections.nCopies(prompts.size(), options.imageMask())),
              layerCount);
      long keys = out.logits().getShape().get(1);
      long[] ids = new long[batch.size() * longestAnswer];
      float[] mask = new float[ids.length];
      NDList logProbs = new NDList();
      NDList logitRows = new NDList();
      SortedMap<Integer, NDList> attentionRows = new TreeMap<>();
      for (int b = 0; b < batch.size(); b++) {
        List<Integer> answer = answers.get(b);
        int from = prompts.get(b).ids().size() - 1;
        int to = from + answer.size();
        long[] targets = new long[answer.size()];
        for (int t = 0; t < targets.length; t++) {
          targets[t] = answer.get(t);
          ids[b * longestAnswer + t] = answer.get(t);
          mask[b * longestAnswer + t] = 1f;
        }
        NDArray rowLogits = out.logits().get(new NDIndex("{}, {}:{}", b, from, to));
        ModuleRunner.requireFinite(rowLogits, "logits predicting the answer of request " + b);
        NDArray lp =
            rowLogits
                .logSoftmax(-1)
                .gather(OwnedCopy.of(scope, targets, new Shape(targets.length, 1)), -1)
                .reshape(targets.length);
        logProbs.add(Pixels.padRows(lp, longestAnswer, 0));
        if (options.logits() == LogitsOutput.RETURN) {
          logitRows.add(Pixels.padRows(rowLogits, longestAnswer, 0));
        }
        float[] realKeys = new float[Math.toIntExact(keys)];
        Arrays.fill(realKeys, 0, sequences.get(b).size(), 1f);
        NDArray keyRow = OwnedCopy.of(scope, realKeys, new Shape(realKeys.length));
        for (int layer : options.attentionLayers()) {
          NDArray rows =
              out.attention().get(layer).get(new NDIndex("{}, :, {}:{}, :", b, from, to));
          attentionRows
              .computeIfAbsent(layer, k -> new NDList())
              .add(Pixels.padRows(rows.mul(keyRow), longestAnswer, 1));
        }
      }
      SortedMap<Integer, NDArray> attention = new TreeMap<>();
      for (Map.Entry<Integer, NDList> e : attentionRows.entrySet()) {
        attention.put(e.getKey(), keep(NDArrays.stack(e.getValue()), manager));
      }
      @Nullable NDArray logits =
          options.logits() == LogitsOutput.RETURN ? keep(NDArrays.stack(logitRows), manager) : null;
      return new Scored(
          keep(NDArrays.stack(logProbs), manager),
          manager.create(mask, new Shape(batch.size(), longestAnswer)),
          manager.create(ids, new Shape(batch.size(), longestAnswer)),
          spans(prompts),
          attention,
          logits);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the batch is empty, a layer is out of range, the manager is
   *     on another device, an image breaks the preprocessor's rules, or a prompt and its prefix
   *     already reach the maximum sequence length
   * @throws dev.mia.core.ModelContractException if the module's outputs break the contract
   * @throws dev.mia.core.NonFiniteValueException if a step's logits are not finite
   */
  @Override
  public List<Generated> generate(
      NDManager manager, List<GenerationRequest> batch, GenerateOptions options) {
    checkCall(manager, batch, options.attentionLayers());
    return generation.run(manager, batch, options);
  }

  /** Closes the predictor and the module. */
  @Override
  public void close() {
    predictor.close();
    model.close();
  }

  @Override
  public String toString() {
    return "TorchScriptVisionLanguageModel["
        + description
        + ", layerCount="
        + layerCount
        + ", preprocessor="
        + images
        + "]";
  }

  private void checkCall(NDManager manager, List<?> batch, SortedSet<Integer> layers) {
    requireNonNull(manager, "manager");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    if (!manager.getDevice().equals(device)) {
      throw new IllegalArgumentException(
          "manager must be on the model's device "
              + device
              + ", but is on: "
              + manager.getDevice());
    }
    if (!layers.isEmpty() && layers.last() >= layerCount) {
      throw new IllegalArgumentException(
          "attention layers must be in [0, " + layerCount + "), but are: " + layers);
    }
  }

  private void checkLength(int request, int length) {
    if (length > maxSequenceLength) {
      throw new IllegalArgumentException(
          "request "
              + request
              + " has "
              + length
              + " tokens, but maxSequenceLength is "
              + maxSequenceLength);
    }
  }

  private static List<ImageSpans> spans(List<EncodedPrompt> prompts) {
    return prompts.stream().map(EncodedPrompt::imageSpans).toList();
  }

  private static NDArray keep(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }
}
