package dev.mia.core.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import dev.mia.core.ModelContractException;
import org.jspecify.annotations.Nullable;

/** The module's output projection, found among its parameters by name and checked. */
record OutputProjection(Parameter weight, @Nullable Parameter bias) {

  static OutputProjection find(
      Block block,
      String file,
      String weightName,
      @Nullable String biasName,
      int vocabulary,
      long hiddenSize) {
    if (hiddenSize < 0) {
      throw new ModelContractException(
          "TorchScript module "
              + file
              + ": an output projection ("
              + weightName
              + ") is named, but the module returns no final hidden states (a last output of"
              + " rank 3)");
    }
    PairList<String, Parameter> parameters = block.getParameters();
    Parameter weight = parameter(parameters, file, weightName, new Shape(vocabulary, hiddenSize));
    Parameter bias =
        biasName == null ? null : parameter(parameters, file, biasName, new Shape(vocabulary));
    return new OutputProjection(weight, bias);
  }

  private static Parameter parameter(
      PairList<String, Parameter> parameters, String file, String name, Shape expected) {
    Parameter p = parameters.get(name);
    if (p == null) {
      throw new ModelContractException(
          "TorchScript module "
              + file
              + ": expected a parameter named "
              + name
              + " but its parameters are "
              + parameters.keys());
    }
    NDArray array = p.getArray();
    if (!array.getShape().equals(expected)) {
      throw new ModelContractException(
          "TorchScript module "
              + file
              + ": expected parameter "
              + name
              + " of shape "
              + expected
              + " but got "
              + array.getShape());
    }
    return p;
  }
}
