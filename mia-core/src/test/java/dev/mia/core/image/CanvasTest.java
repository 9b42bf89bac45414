package dev.mia.core.image;

import static dev.mia.core.image.ResizeTest.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class CanvasTest {
  private static final int W = 0xFFFFFF;
  private static final int R = 0xFF0000;

  @Test
  void pad_top_left_puts_image_at_origin_with_white_elsewhere() {
    BufferedImage out = Canvas.pad(flat(2, 1, R), 3, 2, Color.WHITE, Placement.TOP_LEFT);

    assertThat(Pixels.rgb(out)).containsExactly(R, R, W, W, W, W);
  }

  @Test
  void pad_centre_puts_extra_pixel_right_and_below() {
    // 1x1 on 4x3: offset (floor(3/2), floor(2/2)) = (1, 1).
    BufferedImage out = Canvas.pad(flat(1, 1, R), 4, 3, Color.WHITE, Placement.CENTRE);

    assertThat(Pixels.rgb(out)).containsExactly(W, W, W, W, W, R, W, W, W, W, W, W);
  }

  @Test
  void pad_rejects_canvas_smaller_than_image() {
    assertThatThrownBy(() -> Canvas.pad(flat(5, 2, R), 4, 4, Color.WHITE, Placement.CENTRE))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("canvas 4x4 must be at least as large as the image 5x2");
  }

  @Test
  void letterbox_fits_then_pads_like_a_grid_tile() {
    BufferedImage out =
        Canvas.letterbox(flat(1000, 500, R), 448, 448, Color.WHITE, Placement.TOP_LEFT);

    assertThat(out.getWidth()).isEqualTo(448);
    assertThat(out.getHeight()).isEqualTo(448);
    assertThat(out.getRGB(447, 223) & 0xFFFFFF).isEqualTo(R);
    assertThat(out.getRGB(0, 224) & 0xFFFFFF).isEqualTo(W);
  }

  @Test
  void paste_clips_overlay_at_the_edges() {
    BufferedImage base = flat(3, 3, W);
    BufferedImage overlay = flat(2, 2, R);

    assertThat(Pixels.rgb(Canvas.paste(base, overlay, 2, 2)))
        .containsExactly(W, W, W, W, W, W, W, W, R);
    assertThat(Pixels.rgb(Canvas.paste(base, overlay, -1, -1)))
        .containsExactly(R, W, W, W, W, W, W, W, W);
    assertThat(Pixels.rgb(base)).containsOnly(W);
  }

  @Test
  void paste_copies_overlay_pixels_in_place() {
    BufferedImage overlay = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    overlay.setRGB(0, 0, 0x010203);
    overlay.setRGB(1, 0, 0x040506);

    BufferedImage out = Canvas.paste(flat(4, 2, 0), overlay, 1, 1);

    assertThat(Pixels.rgb(out)).containsExactly(0, 0, 0, 0, 0, 0x010203, 0x040506, 0);
  }

  @Test
  void paste_rejects_overlay_fully_outside() {
    assertThatThrownBy(() -> Canvas.paste(flat(3, 3, W), flat(2, 2, R), 3, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("overlay 2x2 at (3, 0) lies entirely outside the base image 3x3");
    assertThatThrownBy(() -> Canvas.paste(flat(3, 3, W), flat(2, 2, R), -2, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("overlay 2x2 at (-2, 1) lies entirely outside the base image 3x3");
  }

  @Test
  void crop_returns_region_pixels() {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 3, 2, new int[] {1, 2, 3, 4, 5, 6}, 0, 3);

    BufferedImage out = Canvas.crop(img, new Rectangle(1, 0, 2, 2));

    assertThat(out.getWidth()).isEqualTo(2);
    assertThat(Pixels.rgb(out)).containsExactly(2, 3, 5, 6);
  }

  @Test
  void crop_rejects_region_outside_or_empty() {
    BufferedImage img = flat(3, 2, 0);
    assertThatThrownBy(() -> Canvas.crop(img, new Rectangle(2, 0, 2, 1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("region (x=2, y=0, width=2, height=1) must lie within the image 3x2");
    assertThatThrownBy(() -> Canvas.crop(img, new Rectangle(0, 0, 0, 1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("region must not be empty, but is: (x=0, y=0, width=0, height=1)");
  }
}
