package dev.mia.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.InvalidSampleException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutTest {
  // MIA-DPO's 2x2 grid: tiles 448 wide, margin 40, labels above: W = 2*448 + 40, H = 2*448 + 80.
  private static final Layout.Grid GRID_2X2 =
      new Layout.Grid(
          2,
          2,
          936,
          976,
          List.of(
              new Box(0, 40, 448, 448),
              new Box(488, 40, 448, 448),
              new Box(0, 528, 448, 448),
              new Box(488, 528, 448, 448)));

  @Test
  void grid_shows_one_model_image_and_four_sources() {
    assertThat(GRID_2X2.modelImageCount()).isEqualTo(1);
    assertThat(GRID_2X2.sourceImageCount()).isEqualTo(4);
    assertThat(GRID_2X2.format()).isEqualTo(MultiImageFormat.GRID);
  }

  @Test
  void sources_are_optional_but_one_per_source_image_when_given() {
    SourceImage a = new SourceImage("coco/a.jpg", null);
    SourceImage b = new SourceImage("coco/b.jpg", "ab".repeat(32));

    assertThat(GRID_2X2.sources()).isEmpty();
    assertThat(new Layout.PicInPic(10, 10, new Box(2, 2, 5, 5)).withSources(a, b).sources())
        .containsExactly(a, b);
    assertThat(new Layout.Sequence(2, List.of(a, b)).sources()).containsExactly(a, b);
    assertThatThrownBy(() -> GRID_2X2.withSources(List.of(a, b)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sources must be empty or one per source image (4), but are: 2");
  }

  @Test
  void source_ids_are_paths_or_in_memory_hashes() {
    ImageRef.InMemory pixels = ImageRef.InMemory.of(new java.awt.image.BufferedImage(2, 2, 1));

    assertThat(SourceImage.of(ImageRef.OnDisk.of("gqa/1.jpg")))
        .isEqualTo(new SourceImage("gqa/1.jpg", null));
    assertThat(SourceImage.of(pixels))
        .isEqualTo(new SourceImage("memory:" + pixels.sha256(), pixels.sha256()));
    assertThatThrownBy(() -> new SourceImage("a", "XYZ"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sha256 must be 64 lower-case hex digits, but is: XYZ");
  }

  @Test
  void rejects_a_tile_outside_the_canvas() {
    assertThatThrownBy(
            () ->
                new Layout.Grid(
                    1, 2, 900, 488, List.of(new Box(0, 40, 448, 448), new Box(488, 40, 448, 448))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("tile 1 Box[x=488, y=40, width=448, height=448] crosses the canvas 900x488");
  }

  @Test
  void rejects_more_tiles_than_cells() {
    Box box = new Box(0, 0, 1, 1);
    assertThatThrownBy(() -> new Layout.Grid(1, 1, 10, 10, List.of(box, box)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("a 1x1 grid holds 1 to 1 tiles, but has: 2");
  }

  @Test
  void multi_image_sample_checks_the_target_index() {
    assertThatThrownBy(
            () ->
                new MultiImageSample(
                    "g1",
                    List.of(ImageRef.OnDisk.of("grid.png")),
                    4,
                    GRID_2X2,
                    Conversation.singleRound("<image>\nIn Image5, what is it?", "A cat."),
                    Provenance.from("a", "b", "c", "d")))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 'g1': targetIndex must be in [0, 4), but is: 4");
  }

  @Test
  void multi_image_sample_checks_the_model_images() {
    assertThatThrownBy(
            () ->
                new MultiImageSample(
                    "s1",
                    List.of(ImageRef.OnDisk.of("a.png")),
                    0,
                    new Layout.Sequence(2),
                    Conversation.singleRound("Image1:<image>\nIn Image1, what is it?", "A cat."),
                    Provenance.EMPTY))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's1': a SEQUENCE layout shows 2 model image(s) but the sample has 1");
  }

  @Test
  void pic_in_pic_target_is_the_inner_picture() {
    Layout.PicInPic layout = new Layout.PicInPic(640, 480, new Box(96, 72, 448, 336));
    assertThatThrownBy(
            () ->
                new MultiImageSample(
                    "p1",
                    List.of(ImageRef.OnDisk.of("pip.png")),
                    0,
                    layout,
                    Conversation.singleRound("<image>\nFor the image in the center, what?", "X."),
                    Provenance.EMPTY))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 'p1': a pic-in-pic sample's target is the inner picture (index 1), but is: 0");
  }
}
