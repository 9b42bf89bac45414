package dev.mia.loss.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceLogProbCacheTest {
  private static final float[] VALUES = {-0.25f, -1.5f, Float.NEGATIVE_INFINITY, -7.125f};

  @TempDir Path dir;
  private ReferenceLogProbCache cache;

  @BeforeEach
  void openCache() {
    cache = ReferenceLogProbCache.open(dir);
  }

  /** Stores {@link #VALUES} under the key and returns the entry's file. */
  private Path stored(CacheKey key) {
    cache.put(key, VALUES);
    return cache.entryFile(key);
  }

  private static CacheKey key(String answer) {
    return CacheKey.builder("tiny-vlm", "tokenizer-v1")
        .prompt("<image>\nWhat?")
        .answer(answer)
        .build();
  }

  @Test
  void round_trips_values_and_counts_hits_and_misses() {
    ReferenceLogProbCache nested = ReferenceLogProbCache.open(dir.resolve("nested"));
    CacheKey key = key("A red cube.");

    assertThat(nested.get(key)).isEmpty();
    nested.put(key, VALUES);

    assertThat(nested.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(VALUES));
    assertThat(nested.entryFile(key))
        .isEqualTo(dir.resolve("nested").resolve(key.hex().substring(0, 2)).resolve(key.hex()))
        .hasSize(80 + 4L * VALUES.length);
    assertThat(nested.stats()).isEqualTo(new CacheStats(1, 1, 0, 1));
  }

  @Test
  void writes_the_documented_layout() throws IOException {
    // Independent decoding of the layout in the class javadoc.
    CacheKey key = key("x");
    cache.put(key, new float[] {-1f, -2f});
    byte[] bytes = Files.readAllBytes(cache.entryFile(key));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("MIAR");
    assertThat(b.getInt(4)).isEqualTo(1);
    assertThat(new String(bytes, 8, 64, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo(key.hex());
    assertThat(b.getInt(72)).isEqualTo(2);
    assertThat(b.getFloat(76)).isEqualTo(-1f);
    assertThat(b.getFloat(80)).isEqualTo(-2f);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, 84);
    assertThat(b.getInt(84)).isEqualTo((int) crc.getValue());
  }

  @Test
  void a_truncated_entry_at_every_length_is_a_corrupt_miss_and_is_recomputed() throws IOException {
    CacheKey key = key("truncated");
    byte[] full = Files.readAllBytes(stored(key));
    AtomicInteger computed = new AtomicInteger();

    for (int length = 0; length < full.length; length++) {
      Files.write(cache.entryFile(key), Arrays.copyOf(full, length));
      assertThat(cache.get(key)).as("length %d", length).isEmpty();
      float[] values = cache.computeIfAbsent(key, countingValues(computed));
      assertThat(values).containsExactly(VALUES);
      assertThat(Files.readAllBytes(cache.entryFile(key))).isEqualTo(full);
    }
    assertThat(computed).hasValue(full.length);
    assertThat(cache.stats().corrupt()).isEqualTo(2L * full.length);
  }

  @Test
  void every_flipped_byte_is_a_corrupt_miss() throws IOException {
    CacheKey key = key("flipped");
    byte[] full = Files.readAllBytes(stored(key));

    for (int i = 0; i < full.length; i++) {
      byte[] damaged = full.clone();
      damaged[i] ^= 0x10;
      Files.write(cache.entryFile(key), damaged);
      assertThat(cache.get(key)).as("byte %d", i).isEmpty();
    }
    assertThat(cache.stats()).isEqualTo(new CacheStats(0, full.length, full.length, 1));
  }

  @Test
  void an_entry_path_that_is_a_directory_is_a_corrupt_miss() throws IOException {
    CacheKey key = key("directory");
    Files.createDirectories(cache.entryFile(key));

    assertThat(cache.get(key)).isEmpty();
    assertThat(cache.stats()).isEqualTo(new CacheStats(0, 1, 1, 0));
    // put cannot replace a directory, and says which entry is in the way.
    assertThatThrownBy(() -> cache.put(key, VALUES))
        .isExactlyInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot write cache entry " + cache.entryFile(key));
  }

  @Test
  void a_fifo_entry_is_a_corrupt_miss_without_blocking_and_is_replaced() throws Exception {
    CacheKey key = key("fifo");
    Path entry = cache.entryFile(key);
    Files.createDirectories(entry.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", entry.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");

    Optional<float[]> found =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> cache.get(key));

    assertThat(found).isEmpty();
    assertThat(cache.stats().corrupt()).isEqualTo(1);
    assertThat(cache.computeIfAbsent(key, () -> VALUES)).containsExactly(VALUES);
    assertThat(cache.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(VALUES));
  }

  @Test
  void a_link_to_an_endless_device_or_to_nothing_is_a_corrupt_miss() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "/dev/zero exists");
    CacheKey endless = key("endless");
    CacheKey dangling = key("dangling");
    Files.createDirectories(cache.entryFile(endless).getParent());
    Files.createSymbolicLink(cache.entryFile(endless), zero);
    Files.createDirectories(cache.entryFile(dangling).getParent());
    Files.createSymbolicLink(cache.entryFile(dangling), dir.resolve("nothing-here"));

    assertThat(cache.get(endless)).isEmpty();
    assertThat(cache.get(dangling)).isEmpty();
    assertThat(cache.stats()).isEqualTo(new CacheStats(0, 2, 2, 0));
  }

  @Test
  void a_link_to_a_valid_entry_is_followed() throws IOException {
    CacheKey key = key("linked");
    Path real = stored(key);
    Path moved = Files.move(real, dir.resolve("elsewhere"));
    Files.createSymbolicLink(real, moved);

    assertThat(cache.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(VALUES));
  }

  @Test
  void a_file_longer_than_its_header_declares_is_a_corrupt_miss() throws IOException {
    CacheKey key = key("longer");
    byte[] full = Files.readAllBytes(stored(key));
    Files.write(cache.entryFile(key), Arrays.copyOf(full, full.length + 1000));

    assertThat(cache.get(key)).isEmpty();
    assertThat(cache.stats().corrupt()).isEqualTo(1);
  }

  @Test
  void an_entry_of_another_key_is_a_corrupt_miss() throws IOException {
    CacheKey mine = key("mine");
    CacheKey other = key("other");
    cache.put(other, VALUES);
    Files.createDirectories(cache.entryFile(mine).getParent());
    Files.copy(cache.entryFile(other), cache.entryFile(mine));

    assertThat(cache.get(mine)).isEmpty();
    assertThat(cache.stats().corrupt()).isEqualTo(1);

    cache.put(mine, new float[] {-3f});
    assertThat(cache.get(mine)).hasValueSatisfying(v -> assertThat(v).containsExactly(-3f));
  }

  @Test
  void a_nan_stored_with_a_valid_checksum_is_a_corrupt_miss() throws IOException {
    // A writer that skipped validation: rebuild the entry with NaN and a correct CRC32.
    CacheKey key = key("nan");
    cache.put(key, new float[] {-1f});
    Path file = cache.entryFile(key);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(76, Float.NaN);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, 80);
    b.putInt(80, (int) crc.getValue());
    Files.write(file, b.array());

    assertThat(cache.get(key)).isEmpty();
  }

  @Test
  void compute_if_absent_calls_the_supplier_once_per_key() {
    CacheKey key = key("once");
    AtomicInteger calls = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      float[] values = cache.computeIfAbsent(key, countingValues(calls));
      assertThat(values).containsExactly(VALUES);
    }
    assertThat(calls).hasValue(1);
    assertThat(ReferenceLogProbCache.open(dir).get(key)).isPresent();
  }

  @Test
  void concurrent_writers_of_the_same_keys_leave_complete_entries() throws Exception {
    List<CacheKey> keys = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      keys.add(key("answer " + k));
    }
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int writer = t;
        // One instance per writer, as separate processes sharing the folder would have.
        ReferenceLogProbCache own = ReferenceLogProbCache.open(dir);
        Callable<Void> task =
            () -> {
              start.await();
              for (int round = 0; round < 25; round++) {
                for (int k = 0; k < keys.size(); k++) {
                  // Writers disagree on the length, so an interleaved file could not pass.
                  own.put(keys.get(k), valuesOf(k, writer));
                  assertThat(own.get(keys.get(k))).isPresent();
                }
              }
              return null;
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    ReferenceLogProbCache reader = ReferenceLogProbCache.open(dir);
    for (int k = 0; k < keys.size(); k++) {
      Optional<float[]> values = reader.get(keys.get(k));
      assertThat(values).isPresent();
      int writer = values.get().length - 1 - k;
      assertThat(values.get()).containsExactly(valuesOf(k, writer));
    }
    assertThat(reader.stats().corrupt()).isZero();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }
  }

  /** Returns a copy of {@link #VALUES}, counting the calls. */
  private static Supplier<float[]> countingValues(AtomicInteger calls) {
    return () -> {
      calls.incrementAndGet();
      return VALUES.clone();
    };
  }

  private static float[] valuesOf(int key, int writer) {
    float[] v = new float[1 + key + writer];
    Arrays.fill(v, -(key + 1) - writer / 100f);
    return v;
  }

  @Test
  void ndarray_round_trip_converts_to_float32() {
    CacheKey key = key("nd");
    try (NDManager manager = NDManager.newBaseManager()) {
      cache.put(key, manager.create(new double[] {-0.5, -2.0}));
      Optional<NDArray> back = cache.get(key, manager);

      assertThat(back).isPresent();
      assertThat(back.get().toFloatArray()).containsExactly(-0.5f, -2.0f);
      assertThat(back.get().getManager()).isSameAs(manager);
    }
  }

  @Test
  void rejects_nan_naming_the_key() {
    CacheKey key = key("bad");

    assertThatThrownBy(() -> cache.put(key, new float[] {-1f, Float.NaN}))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "perTokenLogProbs[1] of CacheKey("
                + key.hex()
                + ") must not be NaN or +Infinity, but is: NaN");
    assertThat(cache.entryFile(key)).doesNotExist();
  }

  @Test
  void rejects_a_two_dimensional_array() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray matrix = manager.zeros(new ai.djl.ndarray.types.Shape(2, 2));

      assertThatThrownBy(() -> cache.put(key("m"), matrix))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("perTokenLogProbs must be [n], but has shape: (2, 2)");
    }
  }
}
