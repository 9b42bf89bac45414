package dev.mia.selection.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.ModelContractException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.Box;
import dev.mia.core.data.Layout;
import dev.mia.core.model.Generated;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.selection.Verdict;
import dev.mia.selection.testing.AttentionMaps;
import dev.mia.selection.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttentionSelectorTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** MIA-DPO's 2x2 collage: 448-pixel tiles, margin 40, labels above each row. */
  private static Layout.Grid collage2x2() {
    List<Box> tiles = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        tiles.add(new Box(j * 488, i * 488 + 40, 448, 448));
      }
    }
    return new Layout.Grid(2, 2, 2 * 448 + 40, 2 * 448 + 80, tiles);
  }

  private Generated generated(float[] profile, ImageSpans spans) {
    float[][][] maps = AttentionMaps.withProfile(2, 4, profile, spans.get(0).start());
    SortedMap<Integer, NDArray> attention = new TreeMap<>();
    attention.put(16, ScriptedModel.create3d(manager, maps));
    return new Generated(
        List.of(1, 2, 3, 4), "answer", manager.create(new float[4]), spans, attention);
  }

  // Two images of 2x2 tokens at keys 3..6 and 9..12; 16 keys in all.
  private static final ImageSpans TWO_IMAGES =
      ImageSpans.of(new ImageSpan(3, 4, 2, 2), new ImageSpan(9, 4, 2, 2));

  private static float[] sequenceProfile(float onTarget, float onOther) {
    float[] profile = new float[16];
    for (int k = 3; k < 7; k++) {
      profile[k] = onTarget;
    }
    for (int k = 9; k < 13; k++) {
      profile[k] = onOther;
    }
    profile[0] = 7f; // text tokens are ignored
    return profile;
  }

  @Test
  void sequence_share_on_the_threshold_is_selected_because_sequence_uses_at_most() {
    // share = 4 / (4 + 1) = 0.8, correctly rounded to the double 0.8; threshold <= 0.8.
    Verdict on =
        AttentionSelector.MIA_DPO.select(
            "s1", new Layout.Sequence(2), 0, generated(sequenceProfile(4f, 1f), TWO_IMAGES));
    assertThat(on).isInstanceOf(Verdict.Keep.class);
    assertThat(on.scores().get("attention-share")).isEqualTo(0.8);
    // 4.0625 / 5.0625 = 0.80247: above, dropped. 3.9375 / 4.9375 = 0.79747: below, kept.
    Verdict above =
        AttentionSelector.MIA_DPO.select(
            "s1", new Layout.Sequence(2), 0, generated(sequenceProfile(4.0625f, 1f), TWO_IMAGES));
    Verdict below =
        AttentionSelector.MIA_DPO.select(
            "s1", new Layout.Sequence(2), 0, generated(sequenceProfile(3.9375f, 1f), TWO_IMAGES));
    assertThat(above).isInstanceOf(Verdict.Drop.class);
    assertThat(((Verdict.Drop) above).reason()).isEqualTo("target-attended");
    assertThat(above.scores().get("attention-share")).isCloseTo(4.0625 / 5.0625, within(1e-12));
    assertThat(below).isInstanceOf(Verdict.Keep.class);
  }

  private static float[] gridProfile(float onTarget) {
    // One 24x24 canvas at keys 5..580; tile 3 is block rows 12..23, columns 12..23.
    float[] profile = new float[584];
    for (int r = 0; r < 24; r++) {
      for (int c = 0; c < 24; c++) {
        profile[5 + r * 24 + c] = r >= 12 && c >= 12 ? onTarget : 1f;
      }
    }
    return profile;
  }

  @Test
  void grid_share_on_the_threshold_is_dropped_because_grid_uses_below() {
    ImageSpans canvas = ImageSpans.of(ImageSpan.square(5, 24));
    // 144 * 3 / (144 * 3 + 432 * 1) = 432 / 864 = 0.5 exactly; threshold < 0.5 for 4 images.
    Verdict on =
        AttentionSelector.MIA_DPO.select("g1", collage2x2(), 3, generated(gridProfile(3f), canvas));
    assertThat(on.scores().get("attention-share")).isEqualTo(0.5);
    assertThat(on).isInstanceOf(Verdict.Drop.class);
    // 144 * 2.9375 / (144 * 2.9375 + 432) = 0.49474: kept; 3.0625 gives 0.50515: dropped.
    assertThat(
            AttentionSelector.MIA_DPO.select(
                "g1", collage2x2(), 3, generated(gridProfile(2.9375f), canvas)))
        .isInstanceOf(Verdict.Keep.class);
    assertThat(
            AttentionSelector.MIA_DPO.select(
                "g1", collage2x2(), 3, generated(gridProfile(3.0625f), canvas)))
        .isInstanceOf(Verdict.Drop.class);
  }

  private static float[] centreProfile(float inCentre) {
    // Centre 16x16 (indices 4..19) at value inCentre, the 320 other cells at 1.
    float[] profile = new float[576];
    for (int r = 0; r < 24; r++) {
      for (int c = 0; c < 24; c++) {
        profile[r * 24 + c] = r >= 4 && r < 20 && c >= 4 && c < 20 ? inCentre : 1f;
      }
    }
    return profile;
  }

  @Test
  void pic_in_pic_share_sits_on_below_and_above_0_8() {
    Layout.PicInPic layout = new Layout.PicInPic(640, 480, new Box(96, 72, 448, 336));
    ImageSpans canvas = ImageSpans.of(ImageSpan.square(0, 24));
    // 256 * 5 / (256 * 5 + 320) = 1280 / 1600 = 0.8; threshold < 0.8.
    Verdict on =
        AttentionSelector.MIA_DPO.select("p1", layout, 1, generated(centreProfile(5f), canvas));
    assertThat(on.scores().get("attention-share")).isEqualTo(0.8);
    assertThat(on).isInstanceOf(Verdict.Drop.class);
    assertThat(
            AttentionSelector.MIA_DPO.select(
                "p1", layout, 1, generated(centreProfile(4.9375f), canvas)))
        .isInstanceOf(Verdict.Keep.class);
  }

  @Test
  void averages_several_layers() {
    SortedMap<Integer, NDArray> attention = new TreeMap<>();
    attention.put(
        3,
        ScriptedModel.create3d(
            manager, AttentionMaps.withProfile(1, 3, sequenceProfile(1f, 1f), 0)));
    attention.put(
        5,
        ScriptedModel.create3d(
            manager, AttentionMaps.withProfile(1, 3, sequenceProfile(3f, 1f), 0)));
    AttentionSelector selector = AttentionSelector.builder().layers(3, 5).build();
    // Layer means: target (1 + 3) / 2 = 2, other 1: share 2 / 3.
    assertThat(selector.share("s1", new Layout.Sequence(2), 0, TWO_IMAGES, attention))
        .isCloseTo(2.0 / 3.0, within(1e-12));
  }

  @Test
  void box_projection_maps_the_default_two_tile_collage_onto_sensible_blocks() {
    // 936 x 488 canvas, 39 and 20.33 pixels per cell: tile 0 covers x 0..447, tile 1 x 488..935.
    Box left = new Box(0, 40, 448, 448);
    Box right = new Box(488, 40, 448, 448);
    assertThat(TileMapping.BOX_PROJECTION.tile(24, 24, 1, 2, 0, left, 936, 488))
        .isEqualTo(new CellRegion(2, 24, 0, 11));
    assertThat(TileMapping.BOX_PROJECTION.tile(24, 24, 1, 2, 1, right, 936, 488))
        .isEqualTo(new CellRegion(2, 24, 13, 24));
    // MIA-DPO's recipe: halves of 12 columns, all rows.
    assertThat(TileMapping.MIA_DPO.tile(24, 24, 1, 2, 1, right, 936, 488))
        .isEqualTo(new CellRegion(0, 24, 12, 24));
  }

  @Test
  void equal_blocks_give_the_remainder_to_the_first_blocks() {
    // 25 into 2: 13 + 12; 24 into 3: 8 + 8 + 8; 10 into 3: 4 + 3 + 3.
    assertThat(TileMapping.blockStart(25, 2, 1)).isEqualTo(13);
    assertThat(List.of(TileMapping.blockStart(24, 3, 1), TileMapping.blockStart(24, 3, 2)))
        .containsExactly(8, 16);
    assertThat(
            List.of(
                TileMapping.blockStart(10, 3, 1),
                TileMapping.blockStart(10, 3, 2),
                TileMapping.blockStart(10, 3, 3)))
        .containsExactly(4, 7, 10);
  }

  @Test
  void attention_of_the_wrong_rank_names_the_sample() {
    SortedMap<Integer, NDArray> attention = new TreeMap<>();
    attention.put(16, manager.zeros(new ai.djl.ndarray.types.Shape(3, 16)));
    assertThatThrownBy(
            () ->
                AttentionSelector.MIA_DPO.share(
                    "s9", new Layout.Sequence(2), 0, TWO_IMAGES, attention))
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "sample 's9': attention of layer 16 must have shape [heads, tokens, keys], but has shape (3, 16)");
  }

  @Test
  void spans_outside_the_keys_name_the_sample() {
    SortedMap<Integer, NDArray> attention = new TreeMap<>();
    attention.put(
        16,
        ScriptedModel.create3d(
            manager, AttentionMaps.withProfile(1, 3, sequenceProfile(1f, 1f), 0)));
    ImageSpans outside = ImageSpans.of(new ImageSpan(3, 4, 2, 2), new ImageSpan(12, 8, 2, 4));
    assertThatThrownBy(
            () ->
                AttentionSelector.MIA_DPO.share(
                    "s9", new Layout.Sequence(2), 0, outside, attention))
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "sample 's9': image span ImageSpan[start=12, length=8, gridHeight=2, gridWidth=4] lies outside the 16 key positions of the attention");
  }

  @Test
  void nan_attention_missing_layers_span_counts_and_short_answers_name_the_sample() {
    float[] profile = sequenceProfile(1f, 1f);
    profile[4] = Float.NaN;
    SortedMap<Integer, NDArray> nan = new TreeMap<>();
    nan.put(16, ScriptedModel.create3d(manager, AttentionMaps.withProfile(1, 3, profile, 0)));
    assertThatThrownBy(
            () -> AttentionSelector.MIA_DPO.share("s9", new Layout.Sequence(2), 0, TWO_IMAGES, nan))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("sample 's9': attention of layer 16 holds a NaN or infinite value (key 4)");

    SortedMap<Integer, NDArray> layer2 = new TreeMap<>();
    layer2.put(
        2,
        ScriptedModel.create3d(
            manager, AttentionMaps.withProfile(1, 3, sequenceProfile(1f, 1f), 0)));
    assertThatThrownBy(
            () ->
                AttentionSelector.MIA_DPO.share(
                    "s9", new Layout.Sequence(2), 0, TWO_IMAGES, layer2))
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "sample 's9': attention of layer 16 was asked for but the model returned layers [2]");

    assertThatThrownBy(
            () ->
                AttentionSelector.MIA_DPO.share(
                    "s9", new Layout.Sequence(3), 0, TWO_IMAGES, layer2))
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "sample 's9': the model reports 2 image span(s) but the SEQUENCE layout shows 3 model image(s)");

    SortedMap<Integer, NDArray> oneToken = new TreeMap<>();
    oneToken.put(16, manager.ones(new ai.djl.ndarray.types.Shape(2, 1, 16)));
    assertThatThrownBy(
            () ->
                AttentionSelector.MIA_DPO.share(
                    "s9", new Layout.Sequence(2), 0, TWO_IMAGES, oneToken))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 's9': the answer has 1 generated token(s); attention share needs at least 2");
  }

  @Test
  void a_layout_without_threshold_names_the_sample_and_zero_attention_is_dropped() {
    ShareThresholds none = ShareThresholds.builder().build();
    AttentionSelector selector = AttentionSelector.builder().thresholds(none).build();
    assertThatThrownBy(
            () ->
                selector.select(
                    "s9",
                    new Layout.Sequence(2),
                    0,
                    generated(sequenceProfile(1f, 1f), TWO_IMAGES)))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's9': no attention threshold for SEQUENCE with 2 images");
    Verdict zero =
        AttentionSelector.MIA_DPO.select(
            "s9", new Layout.Sequence(2), 0, generated(sequenceProfile(0f, 0f), TWO_IMAGES));
    assertThat(((Verdict.Drop) zero).reason()).isEqualTo("no-image-attention");
  }

  @Test
  void thresholds_hold_mia_dpo_values_and_print_them() {
    assertThat(
            ShareThresholds.MIA_DPO
                .lookup(dev.mia.core.data.MultiImageFormat.GRID, 6)
                .orElseThrow()
                .threshold())
        .isEqualTo(0.4);
    assertThat(ShareThresholds.MIA_DPO.entries()).hasSize(10);
    assertThat(ShareThresholds.MIA_DPO.toString())
        .isEqualTo(
            "ShareThresholds(SEQUENCE/2 <= 0.8, SEQUENCE/3 <= 0.7, SEQUENCE/4 <= 0.6, SEQUENCE/5 <= 0.6,"
                + " GRID/2 < 0.7, GRID/3 < 0.6, GRID/4 < 0.5, GRID/6 < 0.4, GRID/9 < 0.3,"
                + " PIC_IN_PIC/2 < 0.8)");
  }
}
