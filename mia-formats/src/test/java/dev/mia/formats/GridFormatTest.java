package dev.mia.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Box;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import dev.mia.formats.label.BitmapFont;
import dev.mia.formats.label.LabelStyle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GridFormatTest {
  /** Small tiles so that pixel tests stay fast: tile 64, margin 12, labels at scale 1. */
  static final GridFormat SMALL =
      GridFormat.builder()
          .tileSize(64)
          .margin(12)
          .label(new LabelStyle(1, 0x000000, 2, 10))
          .build();

  // Sizes from MIA-DPO's recipe (methods.md 1b), written out by hand:
  // 2 or 3 in one row: W = 448n + 40(n-1), H = 488; 4: 936 x 976; 6: 1424 x 976; 9: 1424 x 1464.
  @ParameterizedTest
  @CsvSource({
    "2, 1, 2, 936, 488",
    "3, 1, 3, 1424, 488",
    "4, 2, 2, 936, 976",
    "6, 2, 3, 1424, 976",
    "9, 3, 3, 1424, 1464"
  })
  void default_layouts_follow_the_recipe(int n, int rows, int columns, int width, int height) {
    Layout.Grid layout = GridFormat.miaDpo().layout(n);

    assertThat(layout.rows()).isEqualTo(rows);
    assertThat(layout.columns()).isEqualTo(columns);
    assertThat(layout.width()).isEqualTo(width);
    assertThat(layout.height()).isEqualTo(height);
    for (int k = 0; k < n; k++) {
      int i = k / columns;
      int j = k % columns;
      assertThat(layout.tiles().get(k))
          .isEqualTo(new Box(j * (448 + 40), i * (448 + 40) + 40, 448, 448));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5, 7, 8, 10})
  void rejects_counts_without_a_layout(int n) {
    assertThatThrownBy(() -> GridFormat.miaDpo().layout(n))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid image count must be one of [2, 3, 4, 6, 9], but is: " + n);
  }

  @Test
  void compose_rejects_five_images_listing_the_allowed_counts() {
    List<BufferedImage> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(solid(8, 8, 0x808080));
    }
    assertThatThrownBy(() -> SMALL.compose(five))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid image count must be one of [2, 3, 4, 6, 9], but is: 5");
  }

  @Test
  void tiles_keep_aspect_ratio_top_left_on_white() {
    // 128x64 red fits a 64x64 tile as 64x32; the lower half of the tile stays white.
    Collage collage = SMALL.compose(List.of(solid(128, 64, 0xFF0000), solid(32, 64, 0x0000FF)));
    Box first = collage.layout().tiles().get(0);
    Box second = collage.layout().tiles().get(1);

    assertThat(region(collage.image(), first.x(), first.y(), 64, 32)).containsOnly(0xFF0000);
    assertThat(region(collage.image(), first.x(), first.y() + 32, 64, 32)).containsOnly(0xFFFFFF);
    // 32x64 blue fits as 32x64: left half blue, right half white.
    assertThat(region(collage.image(), second.x(), second.y(), 32, 64)).containsOnly(0x0000FF);
    assertThat(region(collage.image(), second.x() + 32, second.y(), 32, 64)).containsOnly(0xFFFFFF);
  }

  @Test
  void labels_sit_above_their_tiles_in_row_major_order() {
    List<BufferedImage> white = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      white.add(solid(16, 16, 0xFFFFFF));
    }
    Collage collage = SMALL.compose(white);
    BufferedImage image = collage.image();

    for (int k = 0; k < 6; k++) {
      Box tile = collage.layout().tiles().get(k);
      // The band above the tile holds exactly the font's rendering of Image{k+1}.
      BufferedImage expected = new BufferedImage(64, 12, BufferedImage.TYPE_INT_RGB);
      fill(expected, 0xFFFFFF);
      BitmapFont.draw(expected, "Image" + (k + 1), 2, 2, 1, 0x000000);
      assertThat(region(image, tile.x(), tile.y() - 12, 64, 12))
          .as("label band of tile %d", k)
          .containsExactly(region(expected, 0, 0, 64, 12));
      assertThat(region(image, tile.x(), tile.y(), 64, 64)).as("tile %d", k).containsOnly(0xFFFFFF);
    }
    // Row-major: tile 3 is the first of the second row.
    assertThat(collage.layout().tiles().get(3)).isEqualTo(new Box(0, 64 + 12 + 12, 64, 64));
  }

  @Test
  void default_label_is_dark_above_each_tile_and_within_the_margin() {
    GridFormat format = GridFormat.builder().tileSize(160).build();
    List<BufferedImage> white = List.of(solid(4, 4, 0xFFFFFF), solid(4, 4, 0xFFFFFF));
    BufferedImage image = format.compose(white).image();

    for (int k = 0; k < 2; k++) {
      int x = k * (160 + 40);
      // "Image1" at scale 4: 35 dots * 4 = 140 px wide from x + 20, rows y - 38 .. y - 3.
      assertThat(region(image, x + 20, 2, 140, 36)).contains(0x000000);
      assertThat(region(image, x, 0, 20, 40)).containsOnly(0xFFFFFF);
      assertThat(region(image, x, 40, 160, 160)).containsOnly(0xFFFFFF);
    }
  }

  @Test
  void prompt_names_the_tile_that_holds_the_target() {
    SftSample target =
        new SftSample(
            "s1",
            List.of(ImageRef.OnDisk.of("coco/a.jpg")),
            Conversation.of(
                Turn.human("<image>\nWhat colour is it?"),
                Turn.assistant("Red."),
                Turn.human("Is it Round?"),
                Turn.assistant("No.")));
    List<Picture> companions =
        List.of(
            Picture.of(solid(8, 8, 0x0000FF)),
            Picture.of(solid(8, 8, 0x0000FF)),
            Picture.of(solid(8, 8, 0x0000FF)));
    for (long seed = 0; seed < 8; seed++) {
      MultiImageSample sample =
          SMALL
              .build(
                  target, Picture.of(solid(8, 8, 0xFF0000)), companions, new SplittableRandom(seed))
              .get(0);
      Matcher m =
          Pattern.compile("^<image>\nIn Image(\\d), what colour is it\\?$")
              .matcher(sample.conversation().turns().get(0).text());
      assertThat(m.matches()).as(sample.conversation().turns().get(0).text()).isTrue();
      int n = Integer.parseInt(m.group(1));
      assertThat(sample.targetIndex()).isEqualTo(n - 1);
      assertThat(sample.conversation().turns().get(2).text())
          .isEqualTo("In image" + n + ", is it Round?");
      assertThat(sample.conversation().turns().get(1).text()).isEqualTo("Red.");
      assertThat(sample.conversation().turns().get(3).text()).isEqualTo("No.");
      Box box = ((Layout.Grid) sample.layout()).tiles().get(sample.targetIndex());
      BufferedImage canvas = ((ImageRef.InMemory) sample.images().get(0)).image();
      assertThat(region(canvas, box.x(), box.y(), box.width(), box.height()))
          .containsOnly(0xFF0000);
      assertThat(sample.id()).isEqualTo("s1-grid4");
    }
  }

  @Test
  void each_tile_records_the_picture_drawn_into_it_checked_by_pixels() {
    SftSample target = SftSample.singleImage("t", ImageRef.OnDisk.of("a.jpg"), "What?", "This.");
    int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0x00FFFF, 0xFF00FF};
    java.util.Map<String, Integer> colourById = new java.util.HashMap<>();
    List<Picture> companions = new ArrayList<>();
    for (int i = 1; i < colours.length; i++) {
      Picture p = Picture.of(solid(8 + i, 8, colours[i]));
      companions.add(p);
      colourById.put(p.source().id(), colours[i]);
    }
    Picture targetPicture = Picture.of(solid(8, 8, colours[0]));
    colourById.put(targetPicture.source().id(), colours[0]);
    for (long seed = 0; seed < 6; seed++) {
      MultiImageSample sample =
          SMALL.build(target, targetPicture, companions, new SplittableRandom(seed)).get(0);
      Layout.Grid grid = (Layout.Grid) sample.layout();
      BufferedImage canvas = ((ImageRef.InMemory) sample.images().get(0)).image();

      assertThat(grid.sources()).hasSize(6);
      assertThat(grid.sources().get(sample.targetIndex())).isEqualTo(targetPicture.source());
      for (int k = 0; k < 6; k++) {
        Box tile = grid.tiles().get(k);
        // the top-left pixel of a tile is always covered: the image sits at the tile's corner
        assertThat(canvas.getRGB(tile.x(), tile.y()) & 0xFFFFFF)
            .isEqualTo(colourById.get(grid.sources().get(k).id()));
      }
      assertThat(sample.provenance().companions())
          .containsExactlyElementsOf(GridFormat.ids(companions));
    }
  }

  @Test
  void the_multi_round_variant_merges_conversations_each_turn_naming_its_own_tile() {
    SftSample first =
        new SftSample(
            "a",
            List.of(ImageRef.OnDisk.of("coco/a.jpg")),
            Conversation.of(
                Turn.human("<image>\nWhat colour is it?"),
                Turn.assistant("Red."),
                Turn.human("Is it Round?"),
                Turn.assistant("No.")));
    SftSample second =
        SftSample.singleImage("b", ImageRef.OnDisk.of("coco/b.jpg"), "How many Cups?", "Two.");
    SftSample third =
        SftSample.singleImage("c", ImageRef.OnDisk.of("coco/c.jpg"), "<image>\nWhere?", "Left.");
    int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0x808080, 0x404040, 0xC0C0C0};
    List<Picture> targets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      targets.add(Picture.of(solid(8, 8, colours[i])));
    }
    List<Picture> companions = new ArrayList<>();
    for (int i = 3; i < 6; i++) {
      companions.add(Picture.of(solid(8, 8, colours[i])));
    }
    java.util.Set<Integer> firstTiles = new java.util.HashSet<>();
    for (long seed = 0; seed < 12; seed++) {
      MultiImageSample sample =
          SMALL.buildMultiRound(
              List.of(first, second, third), targets, companions, new SplittableRandom(seed));
      Layout.Grid grid = (Layout.Grid) sample.layout();
      BufferedImage canvas = ((ImageRef.InMemory) sample.images().get(0)).image();
      int[] tile = new int[3];
      for (int t = 0; t < 3; t++) {
        tile[t] = grid.sources().indexOf(targets.get(t).source());
        Box box = grid.tiles().get(tile[t]);
        assertThat(canvas.getRGB(box.x(), box.y()) & 0xFFFFFF).isEqualTo(colours[t]);
        assertThat(sample.provenance().stages().get(0).scores().get("targetIndex." + t).intValue())
            .isEqualTo(tile[t]);
      }
      assertThat(sample.id()).isEqualTo("a-grid6-rounds3");
      assertThat(sample.targetIndex()).isEqualTo(tile[0]);
      assertThat(sample.conversation().turns())
          .containsExactly(
              Turn.human("<image>\nIn Image" + (tile[0] + 1) + ", what colour is it?"),
              Turn.assistant("Red."),
              Turn.human("In image" + (tile[0] + 1) + ", is it Round?"),
              Turn.assistant("No."),
              Turn.human("In image" + (tile[1] + 1) + ", how many Cups?"),
              Turn.assistant("Two."),
              Turn.human("In image" + (tile[2] + 1) + ", where?"),
              Turn.assistant("Left."));
      assertThat(sample.provenance().sourceIds()).containsExactly("a", "b", "c");
      assertThat(sample.provenance().companions())
          .containsExactlyElementsOf(GridFormat.ids(companions));
      firstTiles.add(tile[0]);
    }
    assertThat(firstTiles).hasSizeGreaterThan(2);
  }

  @Test
  void the_multi_round_variant_rejects_a_count_without_a_layout() {
    SftSample a = SftSample.singleImage("a", ImageRef.OnDisk.of("a.jpg"), "Q?", "A.");
    Picture p = Picture.of(solid(4, 4, 0));
    assertThatThrownBy(
            () ->
                SMALL.buildMultiRound(
                    List.of(a, a), List.of(p, p), List.of(p, p, p), new SplittableRandom(1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid image count must be one of [2, 3, 4, 6, 9], but is: 5");
  }

  @Test
  void a_one_by_thousand_image_becomes_a_one_pixel_wide_tile() {
    Collage collage = SMALL.compose(List.of(solid(1, 1000, 0x00FF00), solid(1000, 1, 0x00FF00)));
    Box first = collage.layout().tiles().get(0);
    Box second = collage.layout().tiles().get(1);

    assertThat(region(collage.image(), first.x(), first.y(), 1, 64)).containsOnly(0x00FF00);
    assertThat(region(collage.image(), first.x() + 1, first.y(), 63, 64)).containsOnly(0xFFFFFF);
    assertThat(region(collage.image(), second.x(), second.y(), 64, 1)).containsOnly(0x00FF00);
    assertThat(region(collage.image(), second.x(), second.y() + 1, 64, 63)).containsOnly(0xFFFFFF);
  }

  @Test
  void rejects_a_label_taller_than_the_margin() {
    assertThatThrownBy(() -> GridFormat.builder().margin(8).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("label offsetY must be <= the margin 8, but is: 38");
  }

  @Test
  void rejects_a_shape_with_an_empty_row() {
    assertThatThrownBy(
            () -> GridFormat.builder().shapes(java.util.Map.of(3, new GridShape(2, 3))).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("a 2x3 grid cannot hold 3 images without an empty row");
  }

  @Test
  void to_string_prints_every_setting() {
    assertThat(GridFormat.miaDpo().toString())
        .isEqualTo(
            "GridFormat[tileSize=448, margin=40, shapes={2=1x2, 3=1x3, 4=2x2, 6=2x3, 9=3x3},"
                + " label=LabelStyle[scale=4, rgb=0, offsetX=20, offsetY=38], background=0xffffff]");
  }

  static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    fill(image, rgb);
    return image;
  }

  static void fill(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }

  static int[] region(BufferedImage image, int x, int y, int w, int h) {
    int[] out = image.getRGB(x, y, w, h, null, 0, w);
    for (int i = 0; i < out.length; i++) {
      out[i] &= 0xFFFFFF;
    }
    return out;
  }
}
