package dev.mia.selection.attention;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.selection.Comparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attention-share thresholds of {@link AttentionSelector}, one per format and source-image
 * count, held as data: a generated answer is selected as a rejected answer when its target share
 * compares to the threshold as the entry's {@link Comparison} says.
 *
 * <p>{@link #MIA_DPO} holds the released values (arXiv 2410.17637, {@code make_data_*.py}):
 *
 * <table>
 *   <caption>MIA-DPO thresholds</caption>
 *   <tr><th>format</th><th>images</th><th>keep when share</th></tr>
 *   <tr><td>sequence</td><td>2 / 3 / 4 / 5</td><td>{@code <=} 0.8 / 0.7 / 0.6 / 0.6</td></tr>
 *   <tr><td>grid</td><td>2 / 3 / 4 / 6 / 9</td><td>{@code <} 0.7 / 0.6 / 0.5 / 0.4 / 0.3</td></tr>
 *   <tr><td>pic-in-pic</td><td>2 (background and inner)</td><td>{@code <} 0.8</td></tr>
 * </table>
 *
 * <p>The sequence script compares with {@code <=}, the grid and pic-in-pic scripts with {@code <};
 * both are kept as released. Immutable and thread-safe.
 */
public final class ShareThresholds {
  /** MIA-DPO's released thresholds. */
  public static final ShareThresholds MIA_DPO =
      builder()
          .put(MultiImageFormat.SEQUENCE, 2, 0.8, Comparison.AT_MOST)
          .put(MultiImageFormat.SEQUENCE, 3, 0.7, Comparison.AT_MOST)
          .put(MultiImageFormat.SEQUENCE, 4, 0.6, Comparison.AT_MOST)
          .put(MultiImageFormat.SEQUENCE, 5, 0.6, Comparison.AT_MOST)
          .put(MultiImageFormat.GRID, 2, 0.7, Comparison.BELOW)
          .put(MultiImageFormat.GRID, 3, 0.6, Comparison.BELOW)
          .put(MultiImageFormat.GRID, 4, 0.5, Comparison.BELOW)
          .put(MultiImageFormat.GRID, 6, 0.4, Comparison.BELOW)
          .put(MultiImageFormat.GRID, 9, 0.3, Comparison.BELOW)
          .put(MultiImageFormat.PIC_IN_PIC, 2, 0.8, Comparison.BELOW)
          .build();

  private final List<Entry> entries;

  private ShareThresholds(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Starts an empty builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these entries, to change some.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    for (Entry entry : entries) {
      builder.put(entry.format(), entry.imageCount(), entry.threshold(), entry.keepWhen());
    }
    return builder;
  }

  /**
   * Finds the threshold of a format and image count.
   *
   * @param format the format
   * @param imageCount the number of source images
   * @return the entry, or empty if there is none
   */
  public Optional<Entry> lookup(MultiImageFormat format, int imageCount) {
    for (Entry entry : entries) {
      if (entry.format() == format && entry.imageCount() == imageCount) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every entry, sorted by format and image count.
   *
   * @return the entries
   */
  public List<Entry> entries() {
    return entries;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("ShareThresholds(");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      out.append(i == 0 ? "" : ", ")
          .append(e.format())
          .append('/')
          .append(e.imageCount())
          .append(' ')
          .append(e.keepWhen().symbol())
          .append(' ')
          .append(e.threshold());
    }
    return out.append(')').toString();
  }

  /**
   * One threshold.
   *
   * @param format the format
   * @param imageCount the number of source images, at least 1
   * @param threshold the threshold, in [0, 1]
   * @param keepWhen how the share must compare with the threshold for the answer to be selected
   */
  public record Entry(
      MultiImageFormat format, int imageCount, double threshold, Comparison keepWhen) {
    /**
     * Validates the entry.
     *
     * @param format the format
     * @param imageCount the number of source images, at least 1
     * @param threshold the threshold, in [0, 1]
     * @param keepWhen how the share must compare with the threshold for the answer to be selected
     */
    public Entry {
      requireNonNull(format, "format");
      requireNonNull(keepWhen, "keepWhen");
      if (imageCount < 1) {
        throw new IllegalArgumentException("imageCount must be >= 1, but is: " + imageCount);
      }
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], but is: " + threshold);
      }
    }
  }

  /** Builds {@link ShareThresholds}; a later entry for the same key replaces an earlier one. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the threshold of a format and image count.
     *
     * @param format the format
     * @param imageCount the number of source images
     * @param threshold the threshold, in [0, 1]
     * @param keepWhen how the share must compare with it to select the answer
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder put(
        MultiImageFormat format, int imageCount, double threshold, Comparison keepWhen) {
      Entry entry = new Entry(format, imageCount, threshold, keepWhen);
      entries.put(format + "/" + imageCount, entry);
      return this;
    }

    /**
     * Builds the table.
     *
     * @return the thresholds
     */
    public ShareThresholds build() {
      List<Entry> sorted = new ArrayList<>(entries.values());
      sorted.sort(Comparator.comparing(Entry::format).thenComparingInt(Entry::imageCount));
      return new ShareThresholds(sorted);
    }
  }
}
