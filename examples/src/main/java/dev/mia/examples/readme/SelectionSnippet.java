package dev.mia.examples.readme;

// snippet:start selection
import ai.djl.ndarray.NDManager;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaPairCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.WriteMode;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.attention.AttentionSelector;
import dev.mia.selection.filter.FilterChain;
import dev.mia.selection.negative.ModelAnswerGenerator;
import dev.mia.selection.pipeline.ImageSource;
import dev.mia.selection.pipeline.SelectionPipeline;
import java.nio.file.Path;
import java.util.stream.Stream;

// snippet:end selection

/** The README's mia-selection block: generate, select and filter pairs with any model. */
public final class SelectionSnippet {
  private SelectionSnippet() {}

  // snippet:start selection

  /** Pairs from multi-image samples (FormatsSnippet's output) with any model. */
  static void select(VisionLanguageModel model, Path samplesFile, Path imageRoot, Path pairsFile) {
    SelectionPipeline pipeline =
        SelectionPipeline.builder(
                model, // any VisionLanguageModel: TorchScript, the tiny one, yours
                ModelAnswerGenerator.builder()
                    .options(GenerateOptions.builder().attentionLayers(16).build())
                    .build())
            .selector(AttentionSelector.MIA_DPO) // target-image attention share <= threshold
            .filters(FilterChain.miaDpoDefaults()) // perplexity > 1.1, length ratio, edit distance
            .build();
    try (NDManager manager = NDManager.newBaseManager();
        RecordStream<MultiImageSample> samples =
            DatasetReader.DEFAULT.readMiaMultiImage(samplesFile);
        JsonlWriter<PreferencePair> writer =
            JsonlWriter.open(pairsFile, MiaPairCodec.INSTANCE, WriteMode.REPLACE)) {
      SelectionPipeline.Run run = pipeline.start(manager);
      try (Stream<PreferencePair> pairs =
          run.multiImage(samples.stream(), ImageSource.fromRoot(imageRoot))) {
        pairs.forEach(writer::write);
      }
      writer.commit();
      run.report().writeJson(Path.of("selection-report.json")); // kept / dropped per stage, and why
    }
  }
  // snippet:end selection
}
