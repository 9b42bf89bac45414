package dev.mia.selection.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mia.selection.StageCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a selection run did: how many samples came in, how many pairs went out, per stage how many
 * candidates were kept and dropped and why, and the errors of the samples that failed.
 *
 * @param pipeline the pipeline's configuration, its {@code toString()}
 * @param inputs how many samples were read
 * @param pairs how many pairs were produced
 * @param stages per stage, in order of first use; copied
 * @param errors how many samples failed
 * @param errorMessages the first 100 error messages, each naming its sample; copied
 */
public record SelectionReport(
    String pipeline,
    long inputs,
    long pairs,
    List<StageCount> stages,
    long errors,
    List<String> errorMessages) {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * Copies the lists.
   *
   * @param pipeline the pipeline's configuration, its {@code toString()}
   * @param inputs how many samples were read
   * @param pairs how many pairs were produced
   * @param stages per stage, in order of first use; copied
   * @param errors how many samples failed
   * @param errorMessages the first 100 error messages, each naming its sample; copied
   */
  public SelectionReport {
    requireNonNull(pipeline, "pipeline");
    stages = List.copyOf(requireNonNull(stages, "stages"));
    errorMessages = List.copyOf(requireNonNull(errorMessages, "errorMessages"));
  }

  /**
   * Returns the report as indented JSON with the record's component names as keys.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /**
   * Writes the report as JSON, atomically: to a temporary file beside the target, then renamed.
   *
   * @param path the file to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public void writeJson(Path path) {
    Path absolute = path.toAbsolutePath();
    try {
      Path temp = Files.createTempFile(absolute.getParent(), ".report", ".tmp");
      Files.writeString(temp, toJson(), StandardCharsets.UTF_8);
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + path, e);
    }
  }
}
