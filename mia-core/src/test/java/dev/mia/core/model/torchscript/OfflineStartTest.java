package dev.mia.core.model.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise: with the documented dependencies (this module's test classpath: DJL's api,
 * pytorch-engine, pytorch-jni, pytorch-native-cpu linux-x86_64, slf4j-simple) a fresh machine needs
 * no network. A new JVM, offline, with empty DJL cache folders, loads the fixture and scores; the
 * natives it uses are the ones it extracted from the jars into those folders.
 */
class OfflineStartTest {

  /** The program the new JVM runs: load tiny_lvlm.pt and print one answer's log-prob sum. */
  public static final class Main {
    private Main() {}

    /**
     * Loads the fixture and prints its score.
     *
     * @param args the fixture folder
     */
    public static void main(String[] args) throws IOException {
      Path dir = Path.of(args[0]);
      try (TorchScriptVisionLanguageModel model =
              TorchScriptVisionLanguageModel.builder(
                      dir.resolve("tiny_lvlm.pt"),
                      WordLevelTokenizer.fromJson(dir.resolve("tokenizer.json")),
                      Fixtures.preprocessor())
                  .imageGrid(4, 4)
                  .beginToken("<s>")
                  .endToken("</s>")
                  .padToken("<pad>")
                  .build();
          NDManager manager = NDManager.newBaseManager(model.device())) {
        float sum =
            model
                .score(
                    manager,
                    List.of(new ScoreRequest(Fixtures.circlePrompt(), "the circle is red.")),
                    ScoreOptions.DEFAULT)
                .tokenLogProbs()
                .sum()
                .getFloat();
        System.out.println("score=" + sum);
      }
    }
  }

  @Test
  void starts_offline_with_empty_djl_caches_from_the_jars_alone(@TempDir Path dir)
      throws Exception {
    Path cache = Files.createDirectories(dir.resolve("djl"));
    Path engine = Files.createDirectories(dir.resolve("engine"));
    Path fixtures = Fixtures.resource("tiny_lvlm.pt").getParent();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-Djava.awt.headless=true",
                "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + cache,
                "-DENGINE_CACHE_DIR=" + engine,
                "-Duser.home=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                fixtures.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.txt").toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().remove("DJL_CACHE_DIR");
    builder.environment().remove("ENGINE_CACHE_DIR");
    Process process = builder.start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);

    assertThat(finished).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    // the sum of the script's "batch log-probs row 0"
    assertThat(output).contains("score=-35.43");
    try (Stream<Path> files = Files.walk(engine)) {
      // e.g. engine/pytorch/2.7.1-20250812-cpu-linux-x86_64/{libtorch.so, 0.34.0-libdjl_torch.so}
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .as("libtorch and the JNI library extracted into the empty engine cache")
          .contains("libtorch.so")
          .anyMatch(n -> n.endsWith("libdjl_torch.so"));
    }
  }
}
