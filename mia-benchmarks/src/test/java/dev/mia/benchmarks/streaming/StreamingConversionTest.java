package dev.mia.benchmarks.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingConversionTest {
  @TempDir Path dir;

  @Test
  void converts_every_single_image_record_through_the_librarys_sequence_format() {
    StreamingConversion conversion =
        StreamingConversion.builder(dir).records(2_000).seed(3).threads(2).build();

    ConversionReport report = conversion.run();

    // The expectation comes from the input itself, read back: every single-image record is
    // converted (the reservoir always holds enough companions), text-only ones are skipped.
    Map<String, SftSample> sources = new HashMap<>();
    List<String> singleImageIds = new ArrayList<>();
    try (RecordStream<SftSample> in = DatasetReader.DEFAULT.readLlava(conversion.input())) {
      in.forEachRemaining(
          sample -> {
            sources.put(sample.id(), sample);
            if (sample.images().size() == 1) {
              singleImageIds.add(sample.id());
            }
          });
    }
    assertThat(sources).hasSize(2_000);
    assertThat(singleImageIds).hasSizeBetween(1_800, 1_999);
    assertThat(report.records()).isEqualTo(2_000);
    assertThat(report.converted()).isEqualTo(singleImageIds.size());
    assertThat(report.skipped()).isEqualTo(2_000 - report.converted());

    List<MultiImageSample> written = new ArrayList<>();
    try (RecordStream<MultiImageSample> out =
        DatasetReader.DEFAULT.readMiaMultiImage(conversion.output())) {
      out.forEachRemaining(written::add);
    }
    assertThat(written)
        .extracting(m -> m.provenance().sourceIds().get(0))
        .containsExactlyElementsOf(singleImageIds);
    for (MultiImageSample sample : written) {
      SftSample source = sources.get(sample.provenance().sourceIds().get(0));
      int count = sample.images().size();
      assertThat(count).isBetween(2, 5);
      assertThat(sample.id()).isEqualTo(source.id() + "-sequence" + count);
      assertThat(sample.layout()).isInstanceOf(Layout.Sequence.class);
      assertThat(sample.layout().sources()).hasSize(count);
      assertThat(sample.images().get(sample.targetIndex())).isEqualTo(source.images().get(0));
      assertThat(sample.images()).doesNotHaveDuplicates();
      assertThat(sample.provenance().companions()).hasSize(count - 1);
      String question = source.conversation().questions().get(0).replace("<image>\n", "");
      assertThat(sample.conversation().questions().get(0))
          .startsWith("Image1:<image>\nImage2:<image>\n")
          .endsWith(
              "In Image"
                  + (sample.targetIndex() + 1)
                  + ", "
                  + Character.toLowerCase(question.charAt(0))
                  + question.substring(1));
      assertThat(sample.conversation().answers()).isEqualTo(source.conversation().answers());
    }
    assertThat(report.inputBytes()).isEqualTo(size(conversion.input()));
    assertThat(report.outputBytes()).isEqualTo(size(conversion.output()));
    assertThat(report.maxHeapAfterGcByQuarter()).hasSize(4);
  }

  @Test
  void gives_the_same_output_for_the_same_seed_with_1_and_4_threads() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    StreamingConversion first =
        StreamingConversion.builder(dir).records(300).seed(5).threads(1).build();
    StreamingConversion second =
        StreamingConversion.builder(other).records(300).seed(5).threads(4).build();

    first.run();
    second.run();

    assertThat(Files.mismatch(first.output(), second.output())).isEqualTo(-1L);
  }

  @Test
  void rejects_fewer_than_one_record() {
    assertThatThrownBy(() -> StreamingConversion.builder(dir).records(0).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("records must be >= 1, but is: 0");
  }

  @Test
  void rejects_an_empty_pool() {
    assertThatThrownBy(() -> StreamingConversion.builder(dir).poolSize(0).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("poolSize must be >= 1, but is: 0");
  }

  @Test
  void rejects_a_work_folder_that_does_not_exist() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> StreamingConversion.builder(missing).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("workDir must be a folder, but is: " + missing);
  }

  @Test
  void prints_the_settings() {
    assertThat(StreamingConversion.builder(dir).records(7).seed(2).poolSize(9).build())
        .hasToString(
            "StreamingConversion(workDir="
                + dir
                + ", records=7, seed=2, poolSize=9, threads="
                + Runtime.getRuntime().availableProcessors()
                + ")");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
