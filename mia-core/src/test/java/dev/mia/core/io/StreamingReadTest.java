package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.SftSample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingReadTest {
  private static final int RECORDS = 200_000;

  @TempDir Path dir;

  @Test
  void streams_a_200k_record_json_array_one_record_at_a_time() throws IOException {
    Path data = dir.resolve("big.json");
    try (BufferedWriter out = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
      out.write("[\n");
      for (int i = 0; i < RECORDS; i++) {
        out.write(
            "{\"id\":"
                + i
                + ",\"image\":\"coco/"
                + i
                + ".jpg\",\"conversations\":[{\"from\":\"human\",\"value\":\"<image>\\nQ"
                + i
                + "\"},{\"from\":\"gpt\",\"value\":\"A\"}]}"
                + (i + 1 < RECORDS ? ",\n" : "\n"));
      }
      out.write("]\n");
    }

    long count = 0;
    long idSum = 0;
    // Only a count and a sum are kept: nothing here (or in the reader but its id set) holds
    // records.
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(data)) {
      while (samples.hasNext()) {
        SftSample sample = samples.next();
        count++;
        idSum += Long.parseLong(sample.id());
      }
    }

    assertThat(count).isEqualTo(RECORDS);
    assertThat(idSum).isEqualTo((long) RECORDS * (RECORDS - 1) / 2);
  }
}
