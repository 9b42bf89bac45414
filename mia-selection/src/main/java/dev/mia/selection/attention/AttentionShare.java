package dev.mia.selection.attention;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Box;
import dev.mia.core.data.Layout;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;

/**
 * The target image's share of a model's attention, MIA-DPO's {@code calculation_attention} (arXiv
 * 2410.17637, released {@code make_data_{duotu,ping,pip}.py}), as pure functions over a key
 * profile.
 *
 * <p>A <em>key profile</em> {@code p[k]} is the attention each key position receives, averaged over
 * the chosen layers, over heads and over the query rows of generated steps {@code 1..T-1}; {@link
 * AttentionSelector} computes it from a model's attention maps. Image {@code i}'s tokens are the
 * keys of its {@link ImageSpan}, a row-major {@code gridHeight x gridWidth} patch map.
 *
 * <ul>
 *   <li>Sequence: {@code A_i = mean_{k in span i} p[k]}; {@code share = A_target / sum_j A_j}.
 *   <li>Grid (one canvas image): {@code share = sum(block of the target tile) / sum(whole map)},
 *       blocks per {@link TileMapping}.
 *   <li>Pic-in-pic (one canvas image): {@code share = sum(inner region) / sum(whole map)}.
 * </ul>
 *
 * <h2>Degenerate input</h2>
 *
 * <p>A share whose denominator is 0 (no attention on any image token) is NaN; a NaN share compares
 * false with every threshold.
 *
 * <h2>Cost</h2>
 *
 * <p>Linear in the number of image tokens; no allocation besides the image map of one span.
 */
public final class AttentionShare {
  private AttentionShare() {}

  /**
   * Computes the sequence share: the target's mean attention over the sum of every image's mean.
   *
   * @param keyProfile attention per key position
   * @param spans where each image's tokens sit; every span inside the profile
   * @param target the 0-based index of the target image
   * @return the share, in [0, 1], or NaN if no image token has attention
   * @throws IllegalArgumentException if the target is not an image or a span exceeds the profile
   */
  public static double sequence(double[] keyProfile, ImageSpans spans, int target) {
    requireNonNull(keyProfile, "keyProfile");
    checkTarget(target, spans.size());
    double total = 0;
    double targetMean = 0;
    for (int i = 0; i < spans.size(); i++) {
      double mean = mean(keyProfile, spans.get(i));
      total += mean;
      if (i == target) {
        targetMean = mean;
      }
    }
    return total == 0 ? Double.NaN : targetMean / total;
  }

  /**
   * Computes the grid share: the target tile's block of the collage's token map over the whole map.
   *
   * @param keyProfile attention per key position
   * @param span the collage's tokens
   * @param layout the collage's layout
   * @param target the 0-based, row-major tile index
   * @param mapping how tiles map onto token cells
   * @return the share, in [0, 1], or NaN if the map has no attention
   * @throws IllegalArgumentException if the target is not a tile, the span exceeds the profile or
   *     the token grid has fewer rows or columns than the layout
   */
  public static double grid(
      double[] keyProfile, ImageSpan span, Layout.Grid layout, int target, TileMapping mapping) {
    checkTarget(target, layout.tiles().size());
    if (span.gridHeight() < layout.rows() || span.gridWidth() < layout.columns()) {
      throw new IllegalArgumentException(
          "a "
              + span.gridHeight()
              + "x"
              + span.gridWidth()
              + " token grid cannot hold a "
              + layout.rows()
              + "x"
              + layout.columns()
              + " collage");
    }
    double[] map = imageMap(keyProfile, span);
    Box box = layout.tiles().get(target);
    CellRegion region =
        mapping.tile(
            span.gridHeight(),
            span.gridWidth(),
            layout.rows(),
            layout.columns(),
            target,
            box,
            layout.width(),
            layout.height());
    return ratio(region.sum(map, span.gridWidth()), map);
  }

  /**
   * Computes the pic-in-pic share: the inner picture's region of the canvas's token map over the
   * whole map.
   *
   * @param keyProfile attention per key position
   * @param span the canvas's tokens
   * @param layout the canvas's layout
   * @param mapping how the inner box maps onto token cells
   * @return the share, in [0, 1], or NaN if the map has no attention
   * @throws IllegalArgumentException if the span exceeds the profile
   */
  public static double picInPic(
      double[] keyProfile, ImageSpan span, Layout.PicInPic layout, TileMapping mapping) {
    double[] map = imageMap(keyProfile, span);
    CellRegion region =
        mapping.inner(
            span.gridHeight(), span.gridWidth(), layout.inner(), layout.width(), layout.height());
    return ratio(region.sum(map, span.gridWidth()), map);
  }

  private static double ratio(double part, double[] map) {
    double total = 0;
    for (double v : map) {
      total += v;
    }
    return total == 0 ? Double.NaN : part / total;
  }

  private static double[] imageMap(double[] keyProfile, ImageSpan span) {
    checkSpan(keyProfile, span);
    double[] map = new double[span.length()];
    System.arraycopy(keyProfile, span.start(), map, 0, span.length());
    return map;
  }

  private static double mean(double[] keyProfile, ImageSpan span) {
    checkSpan(keyProfile, span);
    double sum = 0;
    for (int k = span.start(); k < span.end(); k++) {
      sum += keyProfile[k];
    }
    return sum / span.length();
  }

  private static void checkSpan(double[] keyProfile, ImageSpan span) {
    if (span.end() > keyProfile.length) {
      throw new IllegalArgumentException(
          "image span " + span + " exceeds the " + keyProfile.length + " key positions");
    }
  }

  private static void checkTarget(int target, int count) {
    if (target < 0 || target >= count) {
      throw new IllegalArgumentException("target must be in [0, " + count + "), but is: " + target);
    }
  }
}
