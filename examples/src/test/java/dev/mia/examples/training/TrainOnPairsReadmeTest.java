package dev.mia.examples.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainOnPairsReadmeTest {
  private static final String START =
      "    // --- the user code, as in the README: 30 lines or fewer ---\n";
  private static final String END = "    // --- end of the user code ---";
  private static final String README_START =
      "(`dev.mia.examples.training.TrainOnPairs`):\n\n"
          + "<!-- snippet: dev/mia/examples/training/TrainOnPairs.java#user-code -->\n```java\n";

  @Test
  void the_readme_shows_the_examples_user_code_exactly_in_30_lines_or_fewer() throws IOException {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/mia/examples/training/TrainOnPairs.java"),
            StandardCharsets.UTF_8);
    String region = source.substring(source.indexOf(START) + START.length(), source.indexOf(END));
    String dedented =
        region
            .lines()
            .map(l -> l.startsWith("    ") ? l.substring(4) : l)
            .collect(Collectors.joining("\n", "", "\n"));
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int from = readme.indexOf(README_START) + README_START.length();
    String block = readme.substring(from, readme.indexOf("```", from));

    assertThat(block).isEqualTo(dedented);
    assertThat(dedented.lines().count()).isLessThanOrEqualTo(30);
  }
}
