package dev.mia.formats.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Box;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import dev.mia.core.image.ContentHash;
import dev.mia.core.image.ImageLoader;
import dev.mia.core.image.Resize;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaMultiImageCodec;
import dev.mia.core.io.WriteMode;
import dev.mia.formats.SequenceFormat;
import dev.mia.formats.store.ImageStore;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiImageAugmenterTest {
  @TempDir Path dir;

  private MultiImageAugmenter.Builder allFormats() {
    return MultiImageAugmenter.builder()
        .sequence(SequenceFormat.withRefusalRate(0.2))
        .grid(Fixtures.SMALL_GRID)
        .picInPic()
        .seed(42);
  }

  private List<SftSample> samples(List<String> paths, int count) {
    List<SftSample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      samples.add(Fixtures.sample("s" + i, paths.get(i % paths.size())));
    }
    return samples;
  }

  /** A workspace whose store is the folder {@code out} inside the image root. */
  private Workspace workspace(Path root, List<String> paths, String out) {
    return new Workspace(
        root,
        CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, paths),
        ImageStore.builder(root.resolve(out)).build());
  }

  @Test
  void same_seed_gives_byte_identical_output_and_images_with_1_and_4_threads() throws IOException {
    // Two separate trees with the same images: each run writes its JSONL and its composed images
    // under its own root, and the two trees must be the same, byte for byte.
    Map<Integer, AugmentSummary> summaries = new TreeMap<>();
    List<MultiImageSample> one = new ArrayList<>();
    for (int threads : new int[] {1, 4}) {
      Path root = dir.resolve("t" + threads).resolve("images");
      List<String> paths = Fixtures.writeImages(root, "coco", 12);
      List<MultiImageSample> out = threads == 1 ? one : new ArrayList<>();
      Path jsonl = dir.resolve("t" + threads).resolve("multi.jsonl");
      try (JsonlWriter<MultiImageSample> writer =
          JsonlWriter.open(jsonl, MiaMultiImageCodec.INSTANCE, WriteMode.REPLACE)) {
        summaries.put(
            threads,
            allFormats()
                .threads(threads)
                .inFlight(threads == 1 ? 1 : 3)
                .build()
                .run(
                    samples(paths, 40).stream(),
                    workspace(root, paths, "composed"),
                    s -> {
                      out.add(s);
                      writer.write(s);
                    }));
        writer.commit();
      }
    }

    assertThat(files(dir.resolve("t4"))).isEqualTo(files(dir.resolve("t1")));
    assertThat(Files.mismatch(dir.resolve("t1/multi.jsonl"), dir.resolve("t4/multi.jsonl")))
        .isEqualTo(-1L);
    assertThat(summaries.get(4)).isEqualTo(summaries.get(1));
    // Output in input order, every format used with this seed.
    assertThat(one.get(0).provenance().sourceIds()).containsExactly("s0");
    assertThat(one.stream().map(MultiImageSample::format).distinct())
        .containsExactlyInAnyOrder(MultiImageFormat.values());
    assertThat(summaries.get(1).inputs()).isEqualTo(40);
    assertThat(summaries.get(1).built()).isEqualTo(one.size());
  }

  @Test
  void slices_run_apart_from_their_first_index_build_what_one_run_builds() throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 12);
    List<SftSample> all = samples(paths, 30);
    MultiImageAugmenter augmenter = allFormats().threads(2).build();
    List<MultiImageSample> whole = new ArrayList<>();
    AugmentSummary wholeSummary =
        augmenter.run(all.stream(), workspace(root, paths, "composed"), whole::add);

    List<MultiImageSample> sliced = new ArrayList<>();
    long inputs = 0;
    for (int[] slice : new int[][] {{0, 7}, {7, 8}, {8, 30}}) {
      inputs +=
          augmenter
              .run(
                  all.subList(slice[0], slice[1]).stream(),
                  slice[0],
                  workspace(root, paths, "composed"),
                  sliced::add,
                  AugmentListener.NONE)
              .inputs();
    }

    assertThat(sliced).isEqualTo(whole);
    assertThat(inputs).isEqualTo(wholeSummary.inputs());
    // the slice from 0 is the plain run; a slice from 8 alone differs from a run from 0
    List<MultiImageSample> fromZero = new ArrayList<>();
    augmenter.run(all.subList(8, 30).stream(), workspace(root, paths, "composed"), fromZero::add);
    assertThat(fromZero).isNotEqualTo(whole.subList(whole.size() - fromZero.size(), whole.size()));
  }

  @Test
  void rejects_a_negative_first_index() {
    MultiImageAugmenter augmenter = allFormats().build();
    assertThatThrownBy(
            () ->
                augmenter.run(
                    Stream.<SftSample>empty(),
                    -1,
                    Workspace.inMemory(CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, List.of())),
                    s -> {},
                    AugmentListener.NONE))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstIndex must be >= 0, but is: -1");
  }

  @Test
  void every_output_path_opens_from_the_one_image_root_and_sources_match_by_pixels()
      throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 12);
    List<MultiImageSample> out = new ArrayList<>();
    allFormats()
        .threads(2)
        .build()
        .run(samples(paths, 30).stream(), workspace(root, paths, "composed"), out::add);

    Map<MultiImageFormat, Integer> checked = new TreeMap<>();
    for (MultiImageSample sample : out) {
      checked.merge(sample.format(), 1, Integer::sum);
      List<SourceImage> sources = sample.layout().sources();
      assertThat(sources).hasSize(sample.layout().sourceImageCount());
      // Provenance: the companions are every source but the target, each once.
      List<String> others = new ArrayList<>();
      for (int k = 0; k < sources.size(); k++) {
        if (k != sample.targetIndex()) {
          others.add(sources.get(k).id());
        }
      }
      assertThat(sample.provenance().companions()).containsExactlyInAnyOrderElementsOf(others);
      for (SourceImage source : sources) {
        assertThat(ContentHash.ofFile(root.resolve(source.id()))).isEqualTo(source.sha256());
      }
      List<BufferedImage> images = new ArrayList<>();
      for (ImageRef ref : sample.images()) {
        images.add(ImageLoader.read(((ImageRef.OnDisk) ref).resolve(root)));
      }
      if (sample.layout() instanceof Layout.Sequence) {
        for (int k = 0; k < sources.size(); k++) {
          assertThat(((ImageRef.OnDisk) sample.images().get(k)).path())
              .isEqualTo(sources.get(k).id());
        }
      } else if (sample.layout() instanceof Layout.Grid grid) {
        for (int k = 0; k < sources.size(); k++) {
          BufferedImage expected =
              Resize.toFit(
                  ImageLoader.read(root.resolve(sources.get(k).id())),
                  Fixtures.SMALL_GRID.tileSize(),
                  Fixtures.SMALL_GRID.tileSize());
          Box tile = grid.tiles().get(k);
          assertThat(
                  pixels(
                      images.get(0), tile.x(), tile.y(), expected.getWidth(), expected.getHeight()))
              .as("tile %d of %s", k, sample.id())
              .containsExactly(pixels(expected, 0, 0, expected.getWidth(), expected.getHeight()));
        }
      } else {
        Layout.PicInPic pip = (Layout.PicInPic) sample.layout();
        BufferedImage background = ImageLoader.read(root.resolve(sources.get(0).id()));
        BufferedImage inner =
            Resize.toSize(
                ImageLoader.read(root.resolve(sources.get(1).id())),
                pip.inner().width(),
                pip.inner().height());
        Box box = pip.inner();
        assertThat(pixels(images.get(0), box.x(), box.y(), box.width(), box.height()))
            .containsExactly(pixels(inner, 0, 0, box.width(), box.height()));
        // Outside the inner box, the canvas is the background.
        assertThat(images.get(0).getRGB(0, 0)).isEqualTo(background.getRGB(0, 0));
        assertThat(images.get(0).getRGB(pip.width() - 1, pip.height() - 1))
            .isEqualTo(background.getRGB(pip.width() - 1, pip.height() - 1));
      }
    }
    assertThat(checked).containsOnlyKeys(MultiImageFormat.values());
  }

  @Test
  void a_bad_image_among_100_good_ones_costs_exactly_its_own_sample_for_every_seed()
      throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = new ArrayList<>(Fixtures.writeImages(root, "coco", 100));
    Files.write(root.resolve("coco/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
    paths.add(50, "coco/broken.png");
    List<SftSample> input = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      input.add(Fixtures.sample(i == 50 ? "bad" : "s" + i, paths.get(i)));
    }
    for (long seed = 0; seed < 12; seed++) {
      List<SkippedSample> skipped = new ArrayList<>();
      List<MultiImageSample> out = new ArrayList<>();
      AugmentSummary summary =
          allFormats()
              .seed(seed)
              .threads(2)
              .mix(FormatMix.miaDpo().withGridImageCounts(Map.of(9, 1.0)))
              .build()
              .run(
                  input.stream(),
                  workspace(root, paths, "composed-" + seed),
                  out::add,
                  new AugmentListener() {
                    @Override
                    public void skipped(SkippedSample s) {
                      skipped.add(s);
                    }
                  });

      assertThat(skipped).as("seed %d", seed).hasSize(1);
      assertThat(skipped.get(0).sampleId()).isEqualTo("bad");
      assertThat(skipped.get(0).reason()).isEqualTo(SkipReason.UNREADABLE_IMAGE);
      assertThat(skipped.get(0).imagePath()).isEqualTo(root.resolve("coco/broken.png").toString());
      assertThat(summary.inputs()).isEqualTo(101);
      assertThat(summary.skippedCount()).isEqualTo(1);
      for (MultiImageSample sample : out) {
        assertThat(sample.layout().sources())
            .extracting(SourceImage::id)
            .doesNotContain("coco/broken.png");
      }
      assertThat(out.stream().map(m -> m.provenance().sourceIds().get(0)).distinct().count())
          .isEqualTo(100);
    }
  }

  @Test
  void in_memory_samples_and_pool_compose_without_files() {
    List<BufferedImage> scenes = new ArrayList<>();
    CompanionPool.Builder pool = CompanionPool.builder(Grouping.WHOLE_POOL);
    List<SftSample> input = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      BufferedImage image = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
      image.setRGB(0, 0, 0x010101 * (i + 1));
      scenes.add(image);
      SftSample sample =
          SftSample.singleImage("m" + i, ImageRef.InMemory.of(image), "What is it?", "A dot.");
      pool.add(sample);
      input.add(sample);
    }
    List<MultiImageSample> out = new ArrayList<>();

    AugmentSummary summary =
        allFormats()
            .mix(FormatMix.miaDpo().withGridImageCounts(Map.of(4, 1.0)))
            .threads(2)
            .build()
            .run(input.stream(), Workspace.inMemory(pool.build()), out::add);

    assertThat(summary.skipped()).isEmpty();
    assertThat(out).isNotEmpty();
    for (MultiImageSample sample : out) {
      assertThat(sample.images()).allMatch(ImageRef.InMemory.class::isInstance);
      assertThat(sample.layout().sources())
          .allMatch(source -> source.id().equals("memory:" + source.sha256()));
    }
  }

  @Test
  void composed_images_are_on_disk_and_match_their_layout() throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 12);
    Workspace ws = workspace(root, paths, "out");
    List<MultiImageSample> out = new ArrayList<>();
    allFormats().threads(2).build().run(samples(paths, 20).stream(), ws, out::add);

    for (MultiImageSample sample : out) {
      for (ImageRef ref : sample.images()) {
        ImageRef.OnDisk file = (ImageRef.OnDisk) ref;
        BufferedImage image = ImageLoader.read(file.resolve(root));
        if (sample.layout() instanceof Layout.Grid grid) {
          assertThat(image.getWidth()).isEqualTo(grid.width());
          assertThat(image.getHeight()).isEqualTo(grid.height());
        } else if (sample.layout() instanceof Layout.PicInPic pip) {
          assertThat(image.getWidth()).isEqualTo(pip.width());
        }
      }
    }
  }

  @Test
  void an_unreadable_image_skips_its_sample_and_the_others_go_on() throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 3);
    Files.createDirectories(root.resolve("solo"));
    Files.write(root.resolve("solo/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    Files.copy(root.resolve(paths.get(0)), root.resolve("solo/good.png"));
    List<String> all = new ArrayList<>(paths);
    all.add("solo/broken.png");
    all.add("solo/good.png");
    List<SftSample> input =
        List.of(
            Fixtures.sample("a", paths.get(0)),
            Fixtures.sample("bad", "solo/broken.png"),
            Fixtures.sample("c", paths.get(1)));
    List<SkippedSample> skipped = new ArrayList<>();
    List<MultiImageSample> out = new ArrayList<>();

    AugmentSummary summary =
        MultiImageAugmenter.builder()
            .picInPic()
            .seed(1)
            .threads(2)
            .build()
            .run(
                input.stream(),
                workspace(root, all, "out"),
                out::add,
                new AugmentListener() {
                  @Override
                  public void skipped(SkippedSample s) {
                    skipped.add(s);
                  }
                });

    assertThat(out).extracting(MultiImageSample::id).containsExactly("a-pip", "c-pip");
    assertThat(skipped).hasSize(1);
    SkippedSample bad = skipped.get(0);
    assertThat(bad.index()).isEqualTo(1);
    assertThat(bad.sampleId()).isEqualTo("bad");
    assertThat(bad.reason()).isEqualTo(SkipReason.UNREADABLE_IMAGE);
    assertThat(bad.imagePath()).isEqualTo(root.resolve("solo/broken.png").toString());
    assertThat(bad.message())
        .startsWith("sample 'bad': image '" + root.resolve("solo/broken.png") + "': ");
    assertThat(summary.skipped()).containsExactly(Map.entry(SkipReason.UNREADABLE_IMAGE, 1L));
  }

  @Test
  void a_group_left_without_readable_companions_says_how_many_were_unreadable() throws IOException {
    Path root = dir.resolve("images");
    List<String> coco = Fixtures.writeImages(root, "coco", 1);
    Files.write(root.resolve("coco/broken.png"), new byte[] {1, 2, 3});
    List<String> all = List.of(coco.get(0), "coco/broken.png");
    List<SkippedSample> skipped = new ArrayList<>();

    MultiImageAugmenter.builder()
        .picInPic()
        .build()
        .run(
            Stream.of(Fixtures.sample("x", coco.get(0))),
            workspace(root, all, "out"),
            s -> {},
            new AugmentListener() {
              @Override
              public void skipped(SkippedSample s) {
                skipped.add(s);
              }
            });

    assertThat(skipped)
        .extracting(SkippedSample::reason, SkippedSample::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SkipReason.TOO_FEW_COMPANIONS,
                "sample 'x': a PIC_IN_PIC of 2 images needs 1 companion images from group 'coco',"
                    + " but the pool has 0 other readable images there (1 unreadable left out)"));
  }

  @Test
  void a_path_leaving_the_image_root_skips_its_sample_and_the_others_go_on() throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 3);
    // The escaping file exists and is a valid image: only the containment check keeps it out.
    Files.createDirectories(dir.resolve("outside"));
    Files.copy(root.resolve(paths.get(0)), dir.resolve("outside/x.png"));
    String escaping = "coco/../../outside/x.png";
    List<SftSample> input =
        List.of(
            Fixtures.sample("a", paths.get(0)),
            Fixtures.sample("escape", escaping),
            Fixtures.sample("c", paths.get(1)));
    List<SkippedSample> skipped = new ArrayList<>();
    List<MultiImageSample> out = new ArrayList<>();

    MultiImageAugmenter.builder()
        .picInPic()
        .seed(1)
        .build()
        .run(
            input.stream(),
            workspace(root, paths, "out"),
            out::add,
            new AugmentListener() {
              @Override
              public void skipped(SkippedSample s) {
                skipped.add(s);
              }
            });

    assertThat(out).extracting(MultiImageSample::id).containsExactly("a-pip", "c-pip");
    assertThat(skipped).hasSize(1);
    SkippedSample bad = skipped.get(0);
    assertThat(bad.sampleId()).isEqualTo("escape");
    assertThat(bad.reason()).isEqualTo(SkipReason.UNREADABLE_IMAGE);
    assertThat(bad.imagePath()).isEqualTo(escaping);
    assertThat(bad.message())
        .isEqualTo(
            "sample 'escape': image 'coco/../../outside/x.png': path leaves the image root after"
                + " normalisation, and such paths are refused unless allowed"
                + " (PathPolicy.ANYWHERE)");
  }

  @Test
  void a_decompression_bomb_skips_its_sample_and_the_others_go_on() throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 3);
    byte[] png = Files.readAllBytes(root.resolve(paths.get(0)));
    // Declare 30000 x 30000 pixels in IHDR (width, height at bytes 16 and 20; CRC at 29).
    ByteBuffer header = ByteBuffer.wrap(png);
    header.putInt(16, 30000).putInt(20, 30000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    header.putInt(29, (int) crc.getValue());
    Files.write(root.resolve("coco/bomb.png"), png);
    List<SftSample> input =
        List.of(
            Fixtures.sample("a", paths.get(0)),
            Fixtures.sample("bomb", "coco/bomb.png"),
            Fixtures.sample("c", paths.get(1)));
    List<SkippedSample> skipped = new ArrayList<>();
    List<MultiImageSample> out = new ArrayList<>();

    MultiImageAugmenter.builder()
        .picInPic()
        .seed(1)
        .build()
        .run(
            input.stream(),
            workspace(root, paths, "out"),
            out::add,
            new AugmentListener() {
              @Override
              public void skipped(SkippedSample s) {
                skipped.add(s);
              }
            });

    assertThat(out).extracting(MultiImageSample::id).containsExactly("a-pip", "c-pip");
    assertThat(skipped)
        .extracting(SkippedSample::message)
        .containsExactly(
            "sample 'bomb': image '"
                + root.resolve("coco/bomb.png")
                + "': declares 30000 x 30000 = 900000000 pixels, more than the limit of 89478485"
                + " (ImageLimits.maxPixels)");
  }

  @Test
  void a_refused_path_or_a_bomb_among_the_companions_is_left_out_and_drawn_again()
      throws IOException {
    Path root = dir.resolve("images");
    List<String> paths = Fixtures.writeImages(root, "coco", 3);
    Files.createDirectories(dir.resolve("outside"));
    Files.copy(root.resolve(paths.get(0)), dir.resolve("outside/x.png"));
    String escaping = "coco/../../outside/x.png";
    byte[] png = Files.readAllBytes(root.resolve(paths.get(0)));
    ByteBuffer header = ByteBuffer.wrap(png);
    header.putInt(16, 30000).putInt(20, 30000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    header.putInt(29, (int) crc.getValue());
    Files.write(root.resolve("coco/bomb.png"), png);
    List<String> pool = new ArrayList<>(paths);
    pool.add(escaping);
    pool.add("coco/bomb.png");
    List<SkippedSample> skipped = new ArrayList<>();
    List<MultiImageSample> out = new ArrayList<>();

    for (long seed = 0; seed < 6; seed++) {
      MultiImageAugmenter.builder()
          .picInPic()
          .seed(seed)
          .threads(2)
          .build()
          .run(
              samples(paths, 3).stream(),
              workspace(root, pool, "out-" + seed),
              out::add,
              new AugmentListener() {
                @Override
                public void skipped(SkippedSample s) {
                  skipped.add(s);
                }
              });
    }

    assertThat(skipped).isEmpty();
    assertThat(out).hasSize(18);
    for (MultiImageSample sample : out) {
      assertThat(sample.layout().sources())
          .extracting(SourceImage::id)
          .doesNotContain(escaping, "coco/bomb.png");
    }
  }

  @Test
  void too_few_companions_in_the_group_skips_the_sample() throws IOException {
    Path root = dir.resolve("images");
    List<String> coco = Fixtures.writeImages(root, "coco", 3);
    List<SkippedSample> skipped = new ArrayList<>();
    MultiImageAugmenter augmenter =
        MultiImageAugmenter.builder()
            .grid(Fixtures.SMALL_GRID)
            .mix(FormatMix.miaDpo().withGridImageCounts(Map.of(9, 1.0)))
            .build();

    AugmentSummary summary =
        augmenter.run(
            Stream.of(Fixtures.sample("x", coco.get(0))),
            workspace(root, coco, "out"),
            s -> {},
            new AugmentListener() {
              @Override
              public void skipped(SkippedSample s) {
                skipped.add(s);
              }
            });

    assertThat(skipped)
        .extracting(SkippedSample::message)
        .containsExactly(
            "sample 'x': a GRID of 9 images needs 8 companion images from group 'coco', but the"
                + " pool has 2 other images there");
    assertThat(summary.built()).isZero();
    assertThat(summary.skippedCount()).isEqualTo(1);
  }

  @Test
  void samples_with_bounding_boxes_are_excluded_by_default() throws IOException {
    Path root = dir.resolve("images");
    List<String> coco = Fixtures.writeImages(root, "coco", 3);
    SftSample boxed =
        SftSample.singleImage(
            "box",
            ImageRef.OnDisk.of(coco.get(0)),
            "Where is the dog?",
            "At [0.1, 0.2, 0.5, 0.9].");
    MultiImageAugmenter.Builder builder = MultiImageAugmenter.builder().sequence().threads(1);

    AugmentSummary excluded =
        builder.build().run(Stream.of(boxed), workspace(root, coco, "out"), s -> {});
    AugmentSummary kept =
        builder
            .boxPolicy(BoxPolicy.KEEP)
            .build()
            .run(Stream.of(boxed), workspace(root, coco, "out"), s -> {});

    assertThat(excluded.skipped()).containsExactly(Map.entry(SkipReason.HAS_BOUNDING_BOX, 1L));
    assertThat(kept.built()).isEqualTo(1);
  }

  @Test
  void grey_alpha_16_bit_and_cmyk_inputs_become_rgb_tiles() throws IOException {
    Path root = dir.resolve("images");
    Files.createDirectories(root.resolve("mix"));
    BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        grey.getRaster().setSample(x, y, 0, 128); // stored grey 128, read back as (128, 128, 128)
      }
    }
    ImageIO.write(grey, "png", root.resolve("mix/grey.png").toFile());
    BufferedImage alpha = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
    ImageIO.write(alpha, "png", root.resolve("mix/alpha.png").toFile()); // fully transparent
    ComponentColorModel cm16 =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, 1, DataBuffer.TYPE_USHORT);
    WritableRaster r16 = cm16.createCompatibleWritableRaster(8, 8);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        r16.setPixel(x, y, new int[] {65535, 0, 0});
      }
    }
    ImageIO.write(
        new BufferedImage(cm16, r16, false, null), "png", root.resolve("mix/rgb16.png").toFile());
    Files.write(root.resolve("mix/cmyk.jpg"), CmykJpeg.white8x8());
    List<String> paths = List.of("mix/alpha.png", "mix/cmyk.jpg", "mix/grey.png", "mix/rgb16.png");
    List<MultiImageSample> out = new ArrayList<>();

    AugmentSummary summary =
        MultiImageAugmenter.builder()
            .grid(Fixtures.SMALL_GRID)
            .mix(FormatMix.miaDpo().withGridImageCounts(Map.of(4, 1.0)))
            .threads(1)
            .build()
            .run(
                Stream.of(Fixtures.sample("m", "mix/grey.png")),
                workspace(root, paths, "out"),
                out::add);

    assertThat(summary.skipped()).isEmpty();
    assertThat(out).hasSize(1);
    BufferedImage collage =
        ImageLoader.read(((ImageRef.OnDisk) out.get(0).images().get(0)).resolve(root));
    Layout.Grid grid = (Layout.Grid) out.get(0).layout();
    List<Integer> centres = new ArrayList<>();
    for (var tile : grid.tiles()) {
      centres.add(collage.getRGB(tile.x() + 20, tile.y() + 20) & 0xFFFFFF);
    }
    // Grey 0x80 stays grey, transparent becomes white, 16-bit red becomes 8-bit red, the CMYK
    // JPEG storing no ink becomes (near) white; the order is the sample's shuffle.
    assertThat(centres).contains(0x808080, 0xFF0000);
    assertThat(centres.stream().filter(c -> c == 0xFFFFFF || isNearWhite(c)).count()).isEqualTo(2);
  }

  @Test
  void rejects_a_mix_that_draws_a_grid_of_five() {
    assertThatThrownBy(
            () ->
                MultiImageAugmenter.builder()
                    .grid()
                    .mix(FormatMix.miaDpo().withGridImageCounts(Map.of(5, 1.0)))
                    .build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid image count must be one of [2, 3, 4, 6, 9], but the mix draws: 5");
  }

  @Test
  void rejects_a_builder_without_formats() {
    assertThatThrownBy(() -> MultiImageAugmenter.builder().build())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("no format added: call sequence(), grid() or picInPic() before build()");
  }

  @Test
  void formats_not_added_get_weight_zero() {
    MultiImageAugmenter augmenter = MultiImageAugmenter.builder().picInPic().build();
    assertThat(augmenter.mix().formats())
        .containsExactly(
            Map.entry(MultiImageFormat.SEQUENCE, 0.0),
            Map.entry(MultiImageFormat.GRID, 0.0),
            Map.entry(MultiImageFormat.PIC_IN_PIC, 4.5));
  }

  @Test
  void skips_text_only_samples() throws IOException {
    Path root = dir.resolve("images");
    List<String> coco = Fixtures.writeImages(root, "coco", 2);
    SftSample text = new SftSample("t", List.of(), Conversation.singleRound("Hi?", "Hello."));
    AugmentSummary summary =
        MultiImageAugmenter.builder()
            .sequence()
            .build()
            .run(Stream.of(text), workspace(root, coco, "out"), s -> {});
    assertThat(summary.skipped()).containsExactly(Map.entry(SkipReason.NOT_ONE_IMAGE_FILE, 1L));
  }

  private static int[] pixels(BufferedImage image, int x, int y, int w, int h) {
    return image.getRGB(x, y, w, h, null, 0, w);
  }

  private static boolean isNearWhite(int rgb) {
    return ((rgb >> 16) & 0xFF) > 240 && ((rgb >> 8) & 0xFF) > 240 && (rgb & 0xFF) > 240;
  }

  private static Map<String, String> files(Path folder) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              p -> {
                try {
                  out.put(
                      folder.relativize(p).toString(),
                      com.google.common.hash.Hashing.sha256()
                          .hashBytes(Files.readAllBytes(p))
                          .toString());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return out;
  }
}
