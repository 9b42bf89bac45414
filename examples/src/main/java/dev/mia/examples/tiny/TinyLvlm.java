package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.LogitsOutput;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.core.model.TrainingOutput;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A tiny real vision-language model, written with DJL blocks: a patch encoder (a stride-{@code P}
 * convolution), a two-layer projector into the token space, and a small pre-norm causal transformer
 * decoder whose attention probabilities are returned ({@link TinyLvlmConfig}); a word-level
 * tokenizer over the synthetic world's vocabulary ({@link WordTokenizer}).
 *
 * <h2>Prompt template</h2>
 *
 * <p>{@code <bos> USER: q1 ASSISTANT: a1 <eos> USER: q2 ASSISTANT:} followed by the answer. Each
 * {@code <image>} in a human turn is replaced by that image's {@code (side / P)^2} patch tokens,
 * row-major, so prompts with several images work; {@link ImageSpans} say where they are.
 *
 * <h2>Scoring</h2>
 *
 * <p>One batched forward pass, rows right-padded to the longest prompt plus answer. The answer's
 * tokens are scored without an end-of-sequence token: {@code log p(a_t | prompt, a_<t)} is the
 * log-softmax of the logits at the position before {@code a_t}.
 *
 * <h2>Generation</h2>
 *
 * <p>The whole batch at once: each step is one forward pass over the rows still generating,
 * right-padded to the longest of them, recomputing the full sequences (no key-value cache: simple
 * and consistent with scoring; the causal mask keeps a row's logits independent of the padding). A
 * row stops at {@code <eos>}, at a stop string or at {@code maxSequenceLength}. A row's result is
 * the same in any batch up to the floating-point rounding of the padded shapes, and exactly the
 * same for the same batch. Special tokens other than {@code <eos>} are never chosen; the per-step
 * log-prob is that of the chosen token under the full softmax at temperature 1. Sampling draws from
 * {@link java.util.SplittableRandom} seeded with {@code seed ^ (index * 0x9E3779B97F4A7C15)} for
 * request {@code index} of the batch; top-p keeps the most likely tokens (ties to the lower id)
 * until their mass reaches {@code topP}.
 *
 * <h2>Image masking</h2>
 *
 * <p>{@link ImageMask.RandomKeep} hides each image token of a row independently, drawn in sequence
 * order from {@link java.util.SplittableRandom} seeded with the mask's seed (the same draw for
 * every row, so a row's result does not depend on its batch): a hidden token's key column gets an
 * additive {@code -1e9} for every query, so it receives exactly zero attention.
 *
 * <h2>Cost</h2>
 *
 * <p>Scoring is one forward pass over {@code [B, S]}; generating {@code T} tokens is {@code T}
 * forward passes over the growing sequences of the rows not yet stopped, plus one more over all
 * rows if attention is asked for.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class TinyLvlm implements TrainableVisionLanguageModel {
  /** Guards the engine's global random generator, which {@link #create} seeds and draws from. */
  private static final Object ENGINE_RANDOM = new Object();

  private static final String CONFIG_FILE = "config.properties";
  private static final String VOCABULARY_FILE = "vocabulary.txt";
  private static final String PARAMETERS_FILE = "parameters.bin";

  private final TinyLvlmConfig config;
  private final WordTokenizer tokenizer;
  private final Model model;
  private final TinyNetwork network;
  private final TinyTokenizer modelTokenizer;
  private boolean gradientsAttached;
  private @Nullable String id;

  private TinyLvlm(TinyLvlmConfig config, WordTokenizer tokenizer) {
    this.config = config;
    this.tokenizer = tokenizer;
    this.modelTokenizer = new TinyTokenizer(tokenizer, config);
    this.model = Model.newInstance("tiny-lvlm", "PyTorch");
    this.network = new TinyNetwork(config, tokenizer.size());
    model.setBlock(network);
    network.setInitializer(
        new XavierInitializer(),
        p ->
            p.getType() == Parameter.Type.WEIGHT
                && !p.getName().endsWith("Embedding")
                && !p.getName().equals("patchPosition"));
    network.initialize(
        model.getNDManager(),
        DataType.FLOAT32,
        new Shape(8),
        new Shape(1, 3, config.imageSide(), config.imageSide()),
        new Shape(1, 1, 8, 8));
  }

  /**
   * Creates a model with freshly initialised weights (Xavier for the linear and convolution
   * weights, normal with standard deviation 0.02 for the embeddings).
   *
   * @param config the architecture
   * @param tokenizer the tokenizer
   * @param seed the seed of the initialisation, set with {@code Engine.setRandomSeed}
   * @return the model; close it
   */
  public static TinyLvlm create(TinyLvlmConfig config, WordTokenizer tokenizer, long seed) {
    requireNonNull(config, "config");
    requireNonNull(tokenizer, "tokenizer");
    // the engine's generator is global: seeding and drawing the initial weights are one step
    synchronized (ENGINE_RANDOM) {
      Engine.getInstance().setRandomSeed((int) seed);
      return new TinyLvlm(config, tokenizer);
    }
  }

  /**
   * Seeds the engine's global generator, excluding any {@link #create} on another thread.
   *
   * @param seed the seed
   */
  static void seedEngine(long seed) {
    synchronized (ENGINE_RANDOM) {
      Engine.getInstance().setRandomSeed((int) seed);
    }
  }

  /**
   * Loads a model saved with {@link #save(Path)}.
   *
   * @param dir the folder
   * @return the model; close it
   * @throws UncheckedIOException if the files cannot be read or do not fit together
   */
  public static TinyLvlm load(Path dir) {
    try {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(dir.resolve(CONFIG_FILE))) {
        p.load(in);
      }
      TinyLvlmConfig config =
          new TinyLvlmConfig(
              Integer.parseInt(p.getProperty("imageSide")),
              Integer.parseInt(p.getProperty("patchSize")),
              Integer.parseInt(p.getProperty("modelDim")),
              Integer.parseInt(p.getProperty("heads")),
              Integer.parseInt(p.getProperty("layers")),
              Integer.parseInt(p.getProperty("maxSequenceLength")),
              Integer.parseInt(p.getProperty("stemChannels", "0")),
              Boolean.parseBoolean(p.getProperty("prefixAttention", "false")));
      List<String> words = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve(VOCABULARY_FILE), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          words.add(line.strip());
        }
      }
      TinyLvlm lvlm = new TinyLvlm(config, WordTokenizer.of(words));
      try (DataInputStream in =
          new DataInputStream(Files.newInputStream(dir.resolve(PARAMETERS_FILE)))) {
        lvlm.network.loadParameters(lvlm.model.getNDManager(), in);
      } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
        lvlm.close();
        throw new UncheckedIOException(
            new IOException("cannot load the tiny model's parameters from " + dir, e));
      }
      return lvlm;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load a tiny model from " + dir, e);
    }
  }

  /**
   * Saves the configuration, the vocabulary and the parameters to a folder, created if missing.
   *
   * @param dir the folder
   * @throws UncheckedIOException if the files cannot be written
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Properties p = new Properties();
      p.setProperty("imageSide", Integer.toString(config.imageSide()));
      p.setProperty("patchSize", Integer.toString(config.patchSize()));
      p.setProperty("modelDim", Integer.toString(config.modelDim()));
      p.setProperty("heads", Integer.toString(config.heads()));
      p.setProperty("layers", Integer.toString(config.layers()));
      p.setProperty("maxSequenceLength", Integer.toString(config.maxSequenceLength()));
      if (config.stemChannels() > 0) {
        p.setProperty("stemChannels", Integer.toString(config.stemChannels()));
      }
      if (config.prefixAttention()) {
        p.setProperty("prefixAttention", "true");
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve(CONFIG_FILE))) {
        p.store(out, "tiny-lvlm");
      }
      Files.write(dir.resolve(VOCABULARY_FILE), tokenizer.words(), StandardCharsets.UTF_8);
      try (DataOutputStream out =
          new DataOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS_FILE)))) {
        network.saveParameters(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the tiny model to " + dir, e);
    }
  }

  /**
   * Returns {@code tiny-lvlm@sha256:<hex>}, the hash of the serialised parameters; it changes when
   * the model is trained.
   *
   * @return the id
   */
  @Override
  public String id() {
    if (id == null) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          network.saveParameters(out);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        id = "tiny-lvlm@sha256:" + HexFormat.of().formatHex(digest);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing", e);
      }
    }
    return id;
  }

  @Override
  public int layerCount() {
    return config.layers();
  }

  /**
   * Returns the architecture.
   *
   * @return the configuration
   */
  public TinyLvlmConfig config() {
    return config;
  }

  /**
   * Returns the tokenizer.
   *
   * @return the tokenizer
   */
  public WordTokenizer wordTokenizer() {
    return tokenizer;
  }

  Model djlModel() {
    return model;
  }

  TinyNetwork network() {
    return network;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tiny model's tokenizer: words, its chat template, {@code <eos>} after every answer.
   */
  @Override
  public dev.mia.core.model.ModelTokenizer tokenizer() {
    return modelTokenizer;
  }

  @Override
  public int maxSequenceLength() {
    return config.maxSequenceLength();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tiny model has no dropout, so the network's training mode changes nothing. For {@link
   * TrainingOutput#HIDDEN_STATES} it returns the final layer norm's output at the positions that
   * predict the answer tokens and views of its linear head's weight {@code [V, H]} and bias {@code
   * [V]} on the autograd graph. Everything returned is owned by {@code manager}; the forward's
   * intermediates are closed before it returns (the autograd graph keeps what backward needs).
   */
  @Override
  public TokenScores scoreTokens(
      NDManager manager, List<TokenSequence> batch, TrainingOutput output) {
    requireNonNull(manager, "manager");
    requireNonNull(output, "output");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    List<ImagePrompt> prompts = new ArrayList<>();
    List<List<Integer>> sequences = new ArrayList<>();
    int longest = 0;
    for (TokenSequence row : batch) {
      checkLength(row.ids().size());
      prompts.add(
          new ImagePrompt(
              new dev.mia.core.model.EncodedPrompt(
                  row.ids().subList(0, row.promptLength()), row.imageSpans()),
              row.images()));
      sequences.add(row.ids());
      longest = Math.max(longest, row.ids().size());
    }
    // arrays made from Java data wrap the Java buffer without copying it, and backward reads the
    // indices among them: they stay with the caller's manager, outside the scope, until it closes
    NDList inputs =
        BatchInputs.build(
            manager, prompts, sequences, longest, ImageMask.NONE, config, tokenizer.size());
    AnswerTokens answers = AnswerTokens.of(manager, prompts, sequences);
    NDArray mask = answers.mask();
    NDArray targets = answers.targets();
    // the forward's intermediates are results of operations on the parameters, so DJL attaches
    // them to the model's manager: without a scope they would live as long as the model
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      if (output == TrainingOutput.HIDDEN_STATES) {
        PairList<String, Object> hiddenOnly = new PairList<>();
        hiddenOnly.add(TinyNetwork.HIDDEN_ONLY, Boolean.TRUE);
        NDArray hidden = network.forward(store, inputs, true, hiddenOnly).get(0);
        // views of the head's weight and bias on the autograd graph, owned by the caller: the
        // kernel's operations on them then belong to the caller's manager too, not the model's
        NDList head = network.headWeights(store, hidden.getDevice(), true);
        return new TokenScores(
            mask,
            targets,
            null,
            keep(answers.select(hidden), manager),
            keep(view(head.get(0)), manager),
            keep(view(head.get(1)), manager));
      }
      NDArray logits = network.forward(store, inputs, true).get(0);
      return new TokenScores(
          mask, targets, keep(answers.logProbs(logits).values(), manager), null, null, null);
    }
  }

  @Override
  public PairList<String, Parameter> trainableParameters() {
    if (!gradientsAttached) {
      // parameters read from a file (load) do not track gradients until told to
      network
          .getParameters()
          .forEach(
              p -> {
                if (p.getValue().requiresGradient()) {
                  p.getValue().getArray().setRequiresGradient(true);
                }
              });
      gradientsAttached = true;
    }
    return network.getParameters();
  }

  @Override
  public void weightsChanged() {
    id = null;
  }

  ImagePrompt encode(dev.mia.core.model.Prompt prompt) {
    return ImagePrompt.of(prompt, tokenizer, config);
  }

  void checkLength(int length) {
    if (length > config.maxSequenceLength()) {
      throw new IllegalArgumentException(
          "sequence length must be <= maxSequenceLength = "
              + config.maxSequenceLength()
              + ", but is: "
              + length);
    }
  }

  @Override
  public Scored score(NDManager manager, List<ScoreRequest> batch, ScoreOptions options) {
    requireNonNull(manager, "manager");
    requireNonNull(options, "options");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    checkLayers(options.attentionLayers());
    int b = batch.size();
    List<ImagePrompt> prompts = new ArrayList<>();
    List<List<Integer>> sequences = new ArrayList<>();
    List<List<Integer>> answers = new ArrayList<>();
    List<ImageSpans> spans = new ArrayList<>();
    int longest = 0;
    int answerLength = 0;
    for (ScoreRequest request : batch) {
      ImagePrompt prompt = encode(request.prompt());
      List<Integer> answer = tokenizer.encode(request.answer());
      if (answer.isEmpty()) {
        throw new IllegalArgumentException(
            "answer must have at least one token, but is: " + request.answer());
      }
      List<Integer> full = new ArrayList<>(prompt.ids());
      full.addAll(answer);
      checkLength(full.size());
      prompts.add(prompt);
      sequences.add(full);
      answers.add(answer);
      spans.add(new ImageSpans(prompt.spans()));
      longest = Math.max(longest, full.size());
      answerLength = Math.max(answerLength, answer.size());
    }
    long[] positions = new long[b * answerLength];
    long[] targets = new long[b * answerLength];
    float[] mask = new float[b * answerLength];
    for (int row = 0; row < b; row++) {
      List<Integer> answer = answers.get(row);
      for (int t = 0; t < answer.size(); t++) {
        positions[row * answerLength + t] = prompts.get(row).length() - 1L + t;
        targets[row * answerLength + t] = answer.get(t);
        mask[row * answerLength + t] = 1f;
      }
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList inputs =
          BatchInputs.build(
              manager, prompts, sequences, longest, options.imageMask(), config, tokenizer.size());
      NDList out = forward(inputs);
      NDArray logits = out.get(0);
      int v = tokenizer.size();
      Shape bt = new Shape(b, answerLength);
      NDArray positionArray = manager.create(positions, bt);
      NDArray selected =
          logits.gather(positionArray.reshape(b, answerLength, 1).broadcast(b, answerLength, v), 1);
      requireFinite(selected);
      NDArray maskArray = manager.create(mask, bt);
      NDArray targetArray = manager.create(targets, bt);
      NDArray logProbs =
          selected
              .logSoftmax(2)
              .gather(targetArray.reshape(b, answerLength, 1), 2)
              .reshape(bt)
              .mul(maskArray);
      SortedMap<Integer, NDArray> attention = new TreeMap<>();
      for (int layer : options.attentionLayers()) {
        NDArray full = out.get(1 + layer);
        long heads = full.getShape().get(1);
        NDArray rows =
            full.gather(
                    positionArray
                        .reshape(b, 1, answerLength, 1)
                        .broadcast(b, heads, answerLength, longest),
                    2)
                .mul(maskArray.reshape(b, 1, answerLength, 1));
        attention.put(layer, keep(rows, manager));
      }
      NDArray returnedLogits =
          options.logits() == LogitsOutput.RETURN ? keep(selected, manager) : null;
      return new Scored(
          keep(logProbs, manager),
          keep(maskArray, manager),
          keep(targetArray, manager),
          spans,
          attention,
          returnedLogits);
    }
  }

  @Override
  public List<Generated> generate(
      NDManager manager, List<GenerationRequest> batch, GenerateOptions options) {
    requireNonNull(manager, "manager");
    requireNonNull(options, "options");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    checkLayers(options.attentionLayers());
    return new Generation(this, manager, batch, options).run();
  }

  /** Runs the network without gradients on the model's parameters. */
  NDList forward(NDList inputs) {
    return network.forward(new ParameterStore(model.getNDManager(), false), inputs, false);
  }

  static void requireFinite(NDArray logits) {
    if (logits.isNaN().any().getBoolean() || logits.isInfinite().any().getBoolean()) {
      throw new NonFiniteValueException("the tiny model produced NaN or infinite logits");
    }
  }

  private static NDArray view(NDArray array) {
    return array.reshape(array.getShape());
  }

  /** Takes an array out of the current scope and gives it to the caller's manager. */
  static NDArray keep(NDArray array, NDManager manager) {
    NDScope.unregister(array);
    array.attach(manager);
    return array;
  }

  private void checkLayers(SortedSet<Integer> layers) {
    for (int layer : layers) {
      if (layer < 0 || layer >= config.layers()) {
        throw new IllegalArgumentException(
            "attention layers must be in [0, " + config.layers() + "), but are: " + layers);
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "TinyLvlm[" + config + ", vocabulary=" + tokenizer.size() + "]";
  }
}
