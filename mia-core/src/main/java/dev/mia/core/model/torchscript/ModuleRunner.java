package dev.mia.core.model.torchscript;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import dev.mia.core.ModelContractException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.tensor.OwnedCopy;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the module's inputs, runs it, and checks its outputs against the contract. */
final class ModuleRunner {
  private final Predictor<NDList, NDList> predictor;
  private final Block block;
  private final String name;
  private final int vocabularySize;
  private final int imageHeight;
  private final int imageWidth;
  private final int padId;

  ModuleRunner(
      Predictor<NDList, NDList> predictor,
      Block block,
      String name,
      int vocabularySize,
      int imageHeight,
      int imageWidth,
      int padId) {
    this.predictor = predictor;
    this.block = block;
    this.name = name;
    this.vocabularySize = vocabularySize;
    this.imageHeight = imageHeight;
    this.imageWidth = imageWidth;
    this.padId = padId;
  }

  /** The checked outputs: float32 logits {@code [B, S, V]} and attention {@code [B, H, S, S]}. */
  record Outputs(NDArray logits, List<NDArray> attention, @Nullable NDArray hiddenStates) {}

  /** How the module runs: through the predictor (no autograd), or as a block in training mode. */
  enum Mode {
    /** Through the predictor: the module in eval mode, no autograd graph. */
    INFERENCE,
    /**
     * {@code block.forward(..., training = true)}: the module in training mode, the autograd graph
     * recorded when a gradient collector is open.
     */
    TRAINING
  }

  /**
   * Runs the module on right-padded rows, in inference mode.
   *
   * @see #run(NDManager, List, List, List, List, int, Mode)
   */
  Outputs run(
      NDManager manager,
      List<List<Integer>> ids,
      List<ImageSpans> spans,
      List<NDArray> pixels,
      List<boolean[]> hidden,
      int layers) {
    return run(manager, ids, spans, pixels, hidden, layers, Mode.INFERENCE);
  }

  /**
   * Runs the module on right-padded rows.
   *
   * @param manager the manager of the inputs, and so of the outputs
   * @param ids the token ids of each row
   * @param spans the image spans of each row
   * @param pixels the images' pixel tensors {@code [3, H, W]}, in row then span order
   * @param hidden per row, the positions whose keys are hidden (may be shorter than the row: the
   *     rest is visible)
   * @param layers the expected number of attention outputs, or -1 to accept any positive number
   * @param mode inference or training
   */
  Outputs run(
      NDManager manager,
      List<List<Integer>> ids,
      List<ImageSpans> spans,
      List<NDArray> pixels,
      List<boolean[]> hidden,
      int layers,
      Mode mode) {
    int batch = ids.size();
    int length = 0;
    for (List<Integer> row : ids) {
      length = Math.max(length, row.size());
    }
    long[] inputIds = new long[batch * length];
    long[] attentionMask = new long[batch * length];
    float[] keyMask = new float[batch * length];
    for (int b = 0; b < batch; b++) {
      List<Integer> row = ids.get(b);
      boolean[] rowHidden = hidden.get(b);
      for (int s = 0; s < length; s++) {
        int at = b * length + s;
        boolean real = s < row.size();
        inputIds[at] = real ? row.get(s) : padId;
        attentionMask[at] = real ? 1 : 0;
        keyMask[at] = s < rowHidden.length && rowHidden[s] ? 0f : 1f;
      }
    }
    List<long[]> positions = PromptEncoder.imagePositions(spans);
    long[] flatPositions = new long[2 * positions.size()];
    for (int n = 0; n < positions.size(); n++) {
      flatPositions[2 * n] = positions.get(n)[0];
      flatPositions[2 * n + 1] = positions.get(n)[1];
    }
    Shape shape = new Shape(batch, length);
    NDArray pixelValues =
        pixels.isEmpty()
            ? manager.zeros(new Shape(0, 3, imageHeight, imageWidth), DataType.FLOAT32)
            : NDArrays.stack(new NDList(pixels));
    // owned copies: the module's recorded graph saves the ids (embedding), positions and masks
    // for a backward pass that may run after the caller's scope has closed these arrays
    NDList inputs =
        new NDList(
            OwnedCopy.of(manager, inputIds, shape),
            OwnedCopy.of(manager, attentionMask, shape),
            pixelValues,
            OwnedCopy.of(manager, flatPositions, new Shape(positions.size(), 2)),
            OwnedCopy.of(manager, keyMask, shape));
    NDList out;
    try {
      out =
          mode == Mode.INFERENCE
              ? predictor.predict(inputs)
              : block.forward(new ParameterStore(manager, false), inputs, true);
    } catch (TranslateException | RuntimeException e) {
      throw new ModelContractException(
          "TorchScript module "
              + name
              + " failed on input_ids "
              + shape
              + ", pixel_values "
              + pixelValues.getShape()
              + ": "
              + e.getMessage());
    }
    return check(out, batch, length, layers, mode);
  }

  private Outputs check(NDList out, int batch, int length, int layers, Mode mode) {
    String expectedCount =
        layers < 0
            ? "at least 2 outputs (logits, then the attention of each decoder layer)"
            : (1 + layers) + " outputs (logits, then the attention of " + layers + " layers)";
    int n = out.size();
    // the optional last output: the final hidden states [B, S, H], told apart by its rank
    boolean hidden = n >= 3 && out.get(n - 1).getShape().dimension() == 3;
    int attentionCount = n - 1 - (hidden ? 1 : 0);
    if (layers < 0 ? attentionCount < 1 : attentionCount != layers) {
      throw violation(
          "expected "
              + expectedCount
              + " but got "
              + n
              + (hidden ? " (the last, of rank 3, taken as the final hidden states)" : ""));
    }
    Shape logitsShape = new Shape(batch, length, vocabularySize);
    NDArray logits = out.get(0);
    if (!logits.getShape().equals(logitsShape)) {
      throw violation(
          "expected logits of shape [batch, sequence, vocabulary] = "
              + logitsShape
              + " but got "
              + logits.getShape());
    }
    if (mode == Mode.TRAINING && logits.getDataType() != DataType.FLOAT32 && logits.hasGradient()) {
      throw new UnsupportedOperationException(
          "TorchScript module "
              + name
              + " returns "
              + logits.getDataType()
              + " logits: DJL 0.34's conversion to float32 detaches them from the autograd graph,"
              + " so they cannot be trained; export the module in float32");
    }
    logits = toFloat32("logits", logits);
    List<NDArray> attention = new ArrayList<>();
    for (int l = 1; l <= attentionCount; l++) {
      NDArray a = out.get(l);
      Shape s = a.getShape();
      if (s.dimension() != 4 || s.get(0) != batch || s.get(2) != length || s.get(3) != length) {
        throw violation(
            "expected the attention of layer "
                + (l - 1)
                + " of shape [batch, heads, sequence, sequence] = ("
                + batch
                + ", H, "
                + length
                + ", "
                + length
                + ") but got "
                + s);
      }
      attention.add(toFloat32("attention of layer " + (l - 1), a));
    }
    NDArray hiddenStates = null;
    if (hidden) {
      NDArray h = out.get(n - 1);
      if (h.getShape().get(0) != batch || h.getShape().get(1) != length) {
        throw violation(
            "expected the final hidden states of shape [batch, sequence, hidden] = ("
                + batch
                + ", "
                + length
                + ", H) but got "
                + h.getShape());
      }
      hiddenStates = toFloat32("final hidden states", h);
    }
    return new Outputs(logits, attention, hiddenStates);
  }

  /**
   * Converts a floating output to float32 before any other op: bfloat16 (which DJL 0.34 reports as
   * {@link DataType#UNKNOWN}), float16 and float64 are converted; anything else is a violation.
   */
  private NDArray toFloat32(String what, NDArray array) {
    DataType type = array.getDataType();
    switch (type) {
      case FLOAT32:
        return array;
      case FLOAT16:
      case FLOAT64:
      case BFLOAT16:
      case UNKNOWN:
        return array.toType(DataType.FLOAT32, false);
      default:
        throw violation("expected " + what + " of a floating-point type but got " + type);
    }
  }

  private ModelContractException violation(String problem) {
    return new ModelContractException("TorchScript module " + name + ": " + problem);
  }

  static void requireFinite(NDArray array, String what) {
    if (array.isNaN().any().getBoolean() || array.isInfinite().any().getBoolean()) {
      throw new NonFiniteValueException(what + " hold a NaN or infinite value");
    }
  }
}
