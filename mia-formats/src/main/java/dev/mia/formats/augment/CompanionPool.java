package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The images companions are drawn from, split into groups ({@link Grouping}): a sequence's other
 * images, a collage's other tiles, a pic-in-pic's background.
 *
 * <p>MIA-DPO draws companions uniformly, without replacement, from the target's own sub-dataset,
 * excluding the target image. The pool holds image ids ({@link SourceImage#idOf}: the path of a
 * file, {@code memory:<sha256>} of an image in memory), deduplicated and sorted within each group
 * (by their UTF-8 bytes, which is code point order), so it does not depend on the order it was
 * filled in. The ids are packed as UTF-8 bytes, without the group name they start with: its memory
 * is about the paths' length plus 6 bytes per image (some 25 MB for LLaVA-665k's 665k paths; as
 * {@code String}s in sorted sets, the builder needed over 70 MB), independent of the samples'
 * conversations, plus the pixels of in-memory images, which it keeps; a builder holds each path
 * added, duplicates included, until {@link Builder#build()}. Instances are immutable and
 * thread-safe.
 */
public final class CompanionPool {
  private final Grouping grouping;
  private final byte[][] chunks;
  private final Map<String, int[]> groups;
  private final Map<String, ImageRef.InMemory> inMemory;

  private CompanionPool(
      Grouping grouping,
      byte[][] chunks,
      Map<String, int[]> groups,
      Map<String, ImageRef.InMemory> inMemory) {
    this.grouping = grouping;
    this.chunks = chunks;
    this.groups = groups;
    this.inMemory = inMemory;
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
   * @param targetId the target image's id ({@link SourceImage#idOf}; its path for a file)
   * @return the number of available companions
   */
  public int available(String targetId) {
    return available(targetId, Set.of());
  }

  /**
   * Returns how many companions can be drawn for a target when some images are left out: the images
   * of its group other than the target and the excluded ones.
   *
   * @param targetId the target image's id
   * @param excluded ids of images not to draw (for example, found unreadable)
   * @return the number of available companions
   */
  public int available(String targetId, Set<String> excluded) {
    String name = grouping.groupOf(targetId);
    int[] group = groups.get(name);
    if (group == null) {
      return 0;
    }
    return group.length - removed(name, group, targetId, excluded).length;
  }

  /** Indices in the group of the target and the excluded ids, ascending, each once. */
  private int[] removed(String name, int[] group, String targetId, Set<String> excluded) {
    TreeSet<Integer> positions = new TreeSet<>();
    int target = indexOf(name, group, targetId);
    if (target >= 0) {
      positions.add(target);
    }
    for (String id : excluded) {
      if (!grouping.groupOf(id).equals(name)) {
        continue;
      }
      int at = indexOf(name, group, id);
      if (at >= 0) {
        positions.add(at);
      }
    }
    int[] out = new int[positions.size()];
    int i = 0;
    for (int position : positions) {
      out[i++] = position;
    }
    return out;
  }

  /**
   * Draws distinct companions for a target uniformly from its group, excluding the target; see
   * {@link #draw(String, int, Set, RandomGenerator)}.
   *
   * @param targetId the target image's id
   * @param count how many to draw, at least 0 and at most {@link #available(String)}
   * @param random the source of the draw
   * @return the companions
   * @throws IllegalArgumentException if {@code count} is negative or more than available
   */
  public List<ImageRef> draw(String targetId, int count, RandomGenerator random) {
    return draw(targetId, count, Set.of(), random);
  }

  /**
   * Draws distinct companions for a target uniformly from its group, excluding the target and the
   * given images (Robert Floyd's sampling without replacement over the sorted group, so the draw
   * depends only on the pool's content, the exclusions and the random source). The order of the
   * result is the draw's, not a uniform permutation; the formats shuffle it.
   *
   * @param targetId the target image's id
   * @param count how many to draw, at least 0 and at most {@link #available(String, Set)}
   * @param excluded ids of images not to draw
   * @param random the source of the draw
   * @return the companions: on-disk references without a hash for files, the pool's in-memory
   *     images for the others
   * @throws IllegalArgumentException if {@code count} is negative or more than available
   */
  public List<ImageRef> draw(
      String targetId, int count, Set<String> excluded, RandomGenerator random) {
    int available = available(targetId, excluded);
    if (count < 0 || count > available) {
      throw new IllegalArgumentException(
          "count must be in [0, "
              + available
              + "] (the other images of group '"
              + grouping.groupOf(targetId)
              + "'), but is: "
              + count);
    }
    List<ImageRef> out = new ArrayList<>(count);
    if (count == 0) {
      return out;
    }
    String name = grouping.groupOf(targetId);
    int[] group = groups.get(name);
    int[] removed = removed(name, group, targetId, excluded);
    String prefix = targetId.substring(0, prefixLength(name));
    TreeSet<Integer> chosen = new TreeSet<>();
    List<Integer> order = new ArrayList<>(count);
    for (int j = available - count; j < available; j++) {
      int t = random.nextInt(j + 1);
      int pick = chosen.contains(t) ? j : t;
      chosen.add(pick);
      order.add(pick);
    }
    for (int index : order) {
      int at = index;
      for (int position : removed) {
        if (at >= position) {
          at++;
        }
      }
      out.add(ref(prefix + PathTable.get(chunks, group[at])));
    }
    return out;
  }

  /**
   * Returns the reference of an image of the pool by its id.
   *
   * @param id the id
   * @return the in-memory image for a {@code memory:} id held by the pool, otherwise an on-disk
   *     reference to the path
   */
  public ImageRef ref(String id) {
    ImageRef.InMemory image = inMemory.get(id);
    return image != null ? image : ImageRef.OnDisk.of(id);
  }

  /** The index of an id among its group's sorted entries, or a negative number. */
  private int indexOf(String name, int[] group, String id) {
    String suffix = id.substring(prefixLength(name));
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

  /** Collects image paths and in-memory images for a {@link CompanionPool}; not thread-safe. */
  public static final class Builder {
    private final Grouping grouping;
    private final PathTable table = new PathTable();
    private final Map<String, Positions> groups = new HashMap<>();
    private final Map<String, ImageRef.InMemory> inMemory = new HashMap<>();

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
      addId(path);
      return this;
    }

    private void addId(String id) {
      String group = grouping.groupOf(id);
      int position = table.append(id.substring(prefixLength(group)));
      groups.computeIfAbsent(group, g -> new Positions()).add(position);
    }

    /**
     * Adds an image: a file by its path, an in-memory image by its content hash (kept with its
     * pixels); adding one twice keeps one.
     *
     * @param image the image
     * @return this builder
     */
    public Builder add(ImageRef image) {
      if (image instanceof ImageRef.InMemory pixels) {
        String id = SourceImage.idOf(pixels);
        if (inMemory.putIfAbsent(id, pixels) == null) {
          addId(id);
        }
        return this;
      }
      return add(((ImageRef.OnDisk) image).path());
    }

    /**
     * Adds the images of a sample, on disk or in memory.
     *
     * @param sample the sample
     * @return this builder
     */
    public Builder add(SftSample sample) {
      for (ImageRef image : sample.images()) {
        add(image);
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
      return new CompanionPool(grouping, chunks, Map.copyOf(frozen), Map.copyOf(inMemory));
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
