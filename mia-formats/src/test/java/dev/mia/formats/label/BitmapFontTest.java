package dev.mia.formats.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BitmapFontTest {
  @Test
  void measures_text() {
    assertThat(BitmapFont.width("Image9", 4)).isEqualTo((6 * 6 - 1) * 4);
    assertThat(BitmapFont.width("", 3)).isZero();
    assertThat(BitmapFont.height(4)).isEqualTo(36);
  }

  @Test
  void draws_a_capital_i_as_scaled_dots() {
    BufferedImage image = new BufferedImage(12, 18, BufferedImage.TYPE_INT_RGB);
    BitmapFont.draw(image, "I", 1, 0, 2, 0xFFFFFF);
    // Row 0 of 'I' is .###. : dots 1..3 inked, i.e. pixels x = 1 + 2..7 at scale 2.
    StringBuilder row0 = new StringBuilder();
    for (int x = 0; x < 12; x++) {
      row0.append((image.getRGB(x, 0) & 0xFFFFFF) == 0xFFFFFF ? '#' : '.');
    }
    assertThat(row0).hasToString("...######...");
    // Row 1 is ..#.. : pixels 5 and 6.
    assertThat(image.getRGB(5, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(image.getRGB(4, 2) & 0xFFFFFF).isZero();
    // No descender: rows 7 and 8 (pixels 14..17) stay blank.
    for (int x = 0; x < 12; x++) {
      assertThat(image.getRGB(x, 15) & 0xFFFFFF).isZero();
    }
  }

  @Test
  void clips_at_the_image_edge() {
    BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
    BitmapFont.draw(image, "Image1", -2, -2, 1, 0xFFFFFF);
    assertThat(image.getWidth()).isEqualTo(3);
  }

  @Test
  void covers_letters_and_digits() {
    for (char c :
        ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                + " -.,:;()[]?!/%+=_'\"<>*#|")
            .toCharArray()) {
      assertThat(BitmapFont.supports(c)).as("'%s'", c).isTrue();
    }
    assertThat(BitmapFont.supports('é')).isFalse();
    assertThat(BitmapFont.supports('~')).isFalse();
  }

  @Test
  void draws_an_underscore_below_the_baseline() {
    BufferedImage image = new BufferedImage(5, 9, BufferedImage.TYPE_INT_RGB);
    BitmapFont.draw(image, "_", 0, 0, 1, 0xFFFFFF);
    // '_' inks row 7 only, the first descender row, so it never touches the letters above it.
    for (int y = 0; y < 9; y++) {
      assertThat(image.getRGB(2, y) & 0xFFFFFF).as("row %d", y).isEqualTo(y == 7 ? 0xFFFFFF : 0);
    }
  }

  @Test
  void rejects_unsupported_characters() {
    BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> BitmapFont.draw(image, "a~b", 0, 0, 1, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "text must hold only characters of the bitmap font (space, 0-9, A-Z, a-z,"
                + " -.,:;()[]?!/%+=_'\"<>*#|), but has: '~' in \"a~b\"");
  }

  @Test
  void rejects_a_label_that_would_overlap_its_tile() {
    assertThatThrownBy(() -> new LabelStyle(2, 0, 0, 17))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsetY must be >= the text height 18 (9 * scale), but is: 17");
  }
}
