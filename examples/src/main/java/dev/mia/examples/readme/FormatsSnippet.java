package dev.mia.examples.readme;

// snippet:start formats
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaMultiImageCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.WriteMode;
import dev.mia.formats.augment.AugmentSummary;
import dev.mia.formats.augment.CompanionPool;
import dev.mia.formats.augment.Grouping;
import dev.mia.formats.augment.MultiImageAugmenter;
import dev.mia.formats.augment.Workspace;
import dev.mia.formats.store.ImageEncoding;
import dev.mia.formats.store.ImageStore;
import java.nio.file.Path;

// snippet:end formats

/** The README's mia-formats block: multi-image data from single-image data, in two passes. */
public final class FormatsSnippet {
  private FormatsSnippet() {}

  /**
   * Runs the block.
   *
   * @param args the LLaVA file, its image folder, the output file
   */
  public static void main(String[] args) {
    // snippet:start formats
    Path data = Path.of(args[0]); // LLaVA-style JSON
    Path imageRoot = Path.of(args[1]); // the data's image paths are relative to it
    Path outFile = Path.of(args[2]);
    // pass 1: every image of the data into the companion pool (packed, about 40 bytes an image)
    CompanionPool.Builder poolBuilder = CompanionPool.builder(Grouping.FIRST_PATH_SEGMENT);
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(data)) {
      samples.stream().forEach(poolBuilder::add); // companions from the same sub-dataset
    }
    CompanionPool pool = poolBuilder.build(); // complete before any sample draws from it
    // pass 2: build the samples; collages and insets go to the store, samples to the writer
    ImageStore store =
        ImageStore.builder(imageRoot.resolve("mia-composed"))
            .encoding(ImageEncoding.png())
            .pathsRelativeTo(imageRoot)
            .build();
    MultiImageAugmenter augmenter =
        MultiImageAugmenter.builder()
            .sequence()
            .grid()
            .picInPic() // MIA-DPO's three formats, mixed in its proportions
            .seed(42)
            .threads(8) // same seed -> byte-identical output, any thread count
            .build();
    AugmentSummary summary;
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(data);
        JsonlWriter<MultiImageSample> writer =
            JsonlWriter.open(outFile, MiaMultiImageCodec.INSTANCE, WriteMode.REPLACE)) {
      summary =
          augmenter.run(samples.stream(), new Workspace(imageRoot, pool, store), writer::write);
      writer.commit(); // mia's lossless form; DatasetReader.readMiaMultiImage reads it back
    }
    System.out.println(summary.table()); // counts per format and image count, skips and why
    // snippet:end formats
  }
}
