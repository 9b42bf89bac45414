package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChairVocabularyTest {
  private static final ChairVocabulary COCO = ChairVocabulary.coco();

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void coco_has_the_80_categories_in_order() {
    assertThat(COCO.categories()).hasSize(80);
    assertThat(COCO.categories().get(0)).isEqualTo("person");
    assertThat(COCO.categories().get(79)).isEqualTo("toothbrush");
    assertThat(COCO.categories())
        .contains("traffic light", "hot dog", "teddy bear", "hair drier", "dining table", "tv");
    assertThat(COCO.categoryOf("Traffic  Light")).contains("traffic light");
    assertThat(COCO.categoryOf("unicorn")).isEmpty();
  }

  // Each expectation follows from the synonym lines of coco-synonyms.txt and the singulariser's
  // rules, worked by hand.
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "A man and two women ride bikes.|person person bicycle",
        "People, children and kids.|person person person",
        "Three giraffes, two buses, knives and mice.|giraffe bus knife mouse",
        "Hot dogs next to a dog.|hot dog dog",
        "Two teddy bears and a bear.|teddy bear bear",
        "A toilet seat.|toilet",
        "A chair and a seat.|chair chair",
        "A baby elephant and an adult zebra.|elephant zebra",
        "A baby on a bed.|person bed",
        "A passenger jet.|airplane",
        "A passenger on a train.|person train",
        "A man in a bow tie.|person tie",
        "Traffic lights, fire hydrants and stop signs.|traffic light fire hydrant stop sign",
        "A tennis racket, a cell phone and a hair dryer.|tennis racket cell phone hair drier",
        "Skis and a ski.|skis skis",
        "A pair of scissors.|scissors",
        "Two wine glasses and glasses.|wine glass",
        "A TV-remote on the dining table.|tv remote dining table",
        "Ponies, puppies and geese.|horse dog bird",
        "Sandwiches on benches and couches.|sandwich bench couch",
        "A motor bike, a dirt bike and a bike.|motorcycle motorcycle bicycle",
        "Broccoli and oranges in bowls.|broccoli orange bowl",
        "A microwave oven and an oven.|microwave oven",
        "Nothing here at all.|''"
      })
  void finds_mentions_with_synonyms_phrases_and_plurals(String text, String expected) {
    String got = String.join(" ", COCO.mentions(text));
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void duplicates_are_kept_and_categories_in_removes_them() {
    assertThat(COCO.mentions("A dog, a puppy and a cat.")).containsExactly("dog", "dog", "cat");
    assertThat(COCO.categoriesIn("A dog, a puppy and a cat.")).containsExactly("dog", "cat");
  }

  @Test
  void reads_a_replacement_vocabulary(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("world.txt");
    Files.writeString(file, "# synthetic world\ncube, block\n\nsphere, ball, orb\n");
    ChairVocabulary world = ChairVocabulary.load(file);
    assertThat(world.categories()).containsExactly("cube", "sphere");
    assertThat(world.mentions("Two red cubes, a block and three orbs."))
        .containsExactly("cube", "cube", "sphere");
    assertThat(world.toString())
        .isEqualTo("ChairVocabulary(source=" + file + ", categories=2, entries=5)");
  }

  @Test
  void rejects_an_entry_in_two_categories() {
    assertThatThrownBy(() -> ChairVocabulary.read(utf8("cube, block\nbox, block\n"), "v.txt"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "v.txt: line 2: entry 'block' of category 'box' already names category 'cube'"
                + " (line 1)");
  }

  @Test
  void rejects_empty_entries_and_empty_files() {
    assertThatThrownBy(() -> ChairVocabulary.read(utf8("cube,,block\n"), "v.txt"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("v.txt: line 1: empty entry in: cube,,block");
    assertThatThrownBy(() -> ChairVocabulary.read(utf8("# nothing\n\n"), "v.txt"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("v.txt: no category");
  }

  @Test
  void rejects_malformed_utf8() {
    byte[] bytes = {'c', 'u', 'b', 'e', '\n', (byte) 0xC3, '(', '\n'};
    assertThatThrownBy(() -> ChairVocabulary.read(new ByteArrayInputStream(bytes), "v.txt"))
        .isExactlyInstanceOf(DataFormatException.class)
        // 0xC3 starts a two-byte sequence, but '(' (0x28) is no continuation byte; first column.
        .hasMessage("v.txt: line 2, column 1: invalid UTF-8 byte sequence 0xC3 0x28");
  }
}
