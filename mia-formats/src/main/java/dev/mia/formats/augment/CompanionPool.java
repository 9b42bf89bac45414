package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The images companions are drawn from, split into groups ({@link Grouping}): a sequence's other
 * images, a collage's other tiles, a pic-in-pic's background.
 *
 * <p>MIA-DPO draws companions uniformly, without replacement, from the target's own sub-dataset,
 * excluding the target image. The pool holds image paths only, deduplicated and sorted within each
 * group (by their UTF-8 bytes, which is code point order), so it does not depend on the order it
 * was filled in. The paths are packed as UTF-8 bytes, without the group name they start with: its
 * memory is about the paths' length plus 6 bytes per image (some 25 MB for LLaVA-665k's 665k paths;
 * as {@code String}s in sorted sets, the builder needed over 70 MB), independent of the samples'
 * conversations; a builder holds each path added, duplicates included, until {@link
 * Builder#build()}. Instances are immutable and thread-safe.
 */
public final class CompanionPool {
  private final Grouping grouping;
  private final byte[][] chunks;
  private final Map<String, int[]> groups;

  private CompanionPool(Grouping grouping, byte[][] chunks, Map<String, int[]> groups) {
    this.grouping = grouping;
    this.chunks = chunks;
    this.groups = groups;
  }

  /**
   * Starts an empty pool.
   *
   * @param grouping how images are split into groups
   * @return a builder
   */
  public static Builder builder(Grouping grouping) {
    return new Builder(grouping);
  }

  /**
   * Makes a pool of image paths.
   *
   * @param grouping how images are split into groups
   * @param paths the image paths, as in the data
   * @return the pool
   */
  public static CompanionPool of(Grouping grouping, Iterable<String> paths) {
    Builder builder = builder(grouping);
    for (String path : paths) {
      builder.add(path);
    }
    return builder.build();
  }

  /**
   * Returns how images are grouped.
   *
   * @return the grouping
   */
  public Grouping grouping() {
    return grouping;
  }

  /**
   * Returns the number of distinct images in the pool.
   *
   * @return the size
   */
  public int size() {
    int size = 0;
    for (int[] group : groups.values()) {
      size += group.length;
    }
    return size;
  }

  /**
   * Returns how many companions can be drawn for a target: the images of its group other than the
   * target itself.
   *
   * @param targetPath the target image's path
   * @return the number of available companions
   */
  public int available(String targetPath) {
    int[] group = groups.get(grouping.groupOf(targetPath));
    if (group == null) {
      return 0;
    }
    return indexOf(group, targetPath) >= 0 ? group.length - 1 : group.length;
  }

  /**
   * Draws distinct companions for a target uniformly from its group, excluding the target (Robert
   * Floyd's sampling without replacement over the sorted group, so the draw depends only on the
   * pool's content and the random source). The order of the result is the draw's, not a uniform
   * permutation; the formats shuffle it.
   *
   * @param targetPath the target image's path
   * @param count how many to draw, at least 0 and at most {@link #available}
   * @param random the source of the draw
   * @return the companions, each an on-disk reference without a hash
   * @throws IllegalArgumentException if {@code count} is negative or more than {@link #available}
   */
  public List<ImageRef.OnDisk> draw(String targetPath, int count, RandomGenerator random) {
    int available = available(targetPath);
    if (count < 0 || count > available) {
      throw new IllegalArgumentException(
          "count must be in [0, "
              + available
              + "] (the other images of group '"
              + grouping.groupOf(targetPath)
              + "'), but is: "
              + count);
    }
    List<ImageRef.OnDisk> out = new ArrayList<>(count);
    if (count == 0) {
      return out;
    }
    String name = grouping.groupOf(targetPath);
    int[] group = groups.get(name);
    int excluded = indexOf(group, targetPath);
    String prefix = targetPath.substring(0, prefixLength(name));
    TreeSet<Integer> chosen = new TreeSet<>();
    List<Integer> order = new ArrayList<>(count);
    for (int j = available - count; j < available; j++) {
      int t = random.nextInt(j + 1);
      int pick = chosen.contains(t) ? j : t;
      chosen.add(pick);
      order.add(pick);
    }
    for (int index : order) {
      int at = excluded >= 0 && index >= excluded ? index + 1 : index;
      out.add(ImageRef.OnDisk.of(prefix + PathTable.get(chunks, group[at])));
    }
    return out;
  }

  private int indexOf(int[] group, String path) {
    String suffix = path.substring(prefixLength(grouping.groupOf(path)));
    return PathTable.binarySearch(chunks, group, suffix.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * How much of a path its group name already says: {@code "coco/"} of {@code coco/x.jpg} in group
   * {@code coco}, nothing in group {@code ""}. The table stores the rest only.
   */
  private static int prefixLength(String group) {
    return group.isEmpty() ? 0 : group.length() + 1;
  }

  /** {@return the grouping and each group's size} */
  @Override
  public String toString() {
    Map<String, Integer> sizes = new TreeMap<>();
    groups.forEach((name, group) -> sizes.put(name, group.length));
    return "CompanionPool[grouping=" + grouping + ", groups=" + sizes + "]";
  }

  /** Collects image paths for a {@link CompanionPool}; not thread-safe. */
  public static final class Builder {
    private final Grouping grouping;
    private final PathTable table = new PathTable();
    private final Map<String, Positions> groups = new HashMap<>();

    private Builder(Grouping grouping) {
      this.grouping = requireNonNull(grouping, "grouping");
    }

    /**
     * Adds an image path; adding one twice keeps one.
     *
     * @param path the path as in the data, not blank
     * @return this builder
     * @throws IllegalArgumentException if the path is blank or longer than 65535 UTF-8 bytes
     */
    public Builder add(String path) {
      if (path.isBlank()) {
        throw new IllegalArgumentException("path must not be blank");
      }
      String group = grouping.groupOf(path);
      int position = table.append(path.substring(prefixLength(group)));
      groups.computeIfAbsent(group, g -> new Positions()).add(position);
      return this;
    }

    /**
     * Adds the on-disk images of a sample; in-memory images are ignored.
     *
     * @param sample the sample
     * @return this builder
     */
    public Builder add(SftSample sample) {
      for (ImageRef image : sample.images()) {
        if (image instanceof ImageRef.OnDisk onDisk) {
          add(onDisk.path());
        }
      }
      return this;
    }

    /**
     * Builds the pool.
     *
     * @return the pool
     */
    public CompanionPool build() {
      byte[][] chunks = table.snapshot();
      Map<String, int[]> frozen = new HashMap<>();
      groups.forEach(
          (name, positions) ->
              frozen.put(
                  name, PathTable.sortedDistinct(chunks, positions.values, positions.count)));
      return new CompanionPool(grouping, chunks, Map.copyOf(frozen));
    }
  }

  /** A growable list of positions in the builder's table. */
  private static final class Positions {
    int[] values = new int[16];
    int count;

    void add(int position) {
      if (count == values.length) {
        values = Arrays.copyOf(values, values.length + (values.length >> 1));
      }
      values[count++] = position;
    }
  }
}
