package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Seeded operations and resizing give the same pixels however many threads run them at once. */
class DeterminismTest {
  private static final GaussianNoise NOISE =
      GaussianNoise.of(GaussianNoise.MIA_DPO_PIC_IN_PIC_SIGMA);
  private static final GaussianNoise CELL_NOISE =
      GaussianNoise.of(GaussianNoise.MIA_DPO_GRID_SIGMA).inRegion(new Rectangle(8, 8, 24, 16));
  private static final DiffusionNoise DIFFUSION = DiffusionNoise.of(DiffusionNoise.BPO_STEP);
  private static final GaussianBlur BLUR = GaussianBlur.of(1.7);

  @Test
  void four_threads_reproduce_the_single_threaded_pixels() throws Exception {
    BufferedImage img = ImageLoaderTest.noisyImage(48, 40);
    int tasks = 16;
    List<int[][]> expected = new ArrayList<>();
    for (int seed = 0; seed < tasks; seed++) {
      expected.add(run(img, seed));
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<int[][]>> futures = new ArrayList<>();
      for (int seed = 0; seed < tasks; seed++) {
        long s = seed;
        Callable<int[][]> task =
            () -> {
              start.await();
              return run(img, s);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (int seed = 0; seed < tasks; seed++) {
        int[][] actual = futures.get(seed).get(60, TimeUnit.SECONDS);
        for (int op = 0; op < actual.length; op++) {
          assertThat(actual[op]).as("seed %d, op %d", seed, op).isEqualTo(expected.get(seed)[op]);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int[][] run(BufferedImage img, long seed) {
    return new int[][] {
      Pixels.rgb(NOISE.apply(img, seed)),
      Pixels.rgb(CELL_NOISE.apply(img, seed)),
      Pixels.rgb(DIFFUSION.apply(img, seed)),
      Pixels.rgb(BLUR.apply(NOISE.apply(img, seed))),
      Pixels.rgb(Resize.toSize(NOISE.apply(img, seed), 29, 23)),
      Pixels.rgb(Resize.toSize(NOISE.apply(img, seed), 70, 31)),
    };
  }
}
