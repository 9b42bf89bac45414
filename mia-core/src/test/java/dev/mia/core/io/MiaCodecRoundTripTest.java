package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.data.Box;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.data.Turn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiaCodecRoundTripTest {
  @TempDir Path dir;

  private <T> List<T> roundTrip(
      RecordEncoder<T> encoder, Function<Path, RecordStream<T>> reader, List<T> records) {
    Path target = dir.resolve("records.jsonl");
    try (JsonlWriter<T> out = JsonlWriter.open(target, encoder, WriteMode.REPLACE)) {
      records.forEach(out::write);
      out.commit();
    }
    try (Stream<T> back = reader.apply(target).stream()) {
      return back.toList();
    }
  }

  @Test
  void pairs_read_back_equal_with_weights_and_provenance() throws IOException {
    List<PreferencePair> pairs =
        List.of(
            Fixtures.pair("p1"),
            Fixtures.fullPair("p2"),
            Fixtures.pair("p3").toBuilder()
                .provenance(
                    Provenance.from("s")
                        .with(
                            Provenance.Stage.of(
                                "odd",
                                "non-finite scores",
                                Map.of(
                                    "nan",
                                    Double.NaN,
                                    "inf",
                                    Double.POSITIVE_INFINITY,
                                    "-inf",
                                    Double.NEGATIVE_INFINITY,
                                    "tiny",
                                    Double.MIN_VALUE))))
                .build());

    assertThat(roundTrip(MiaPairCodec.INSTANCE, DatasetReader.DEFAULT::readMiaPairs, pairs))
        .isEqualTo(pairs);
    assertThat(Files.readAllLines(dir.resolve("records.jsonl"), StandardCharsets.UTF_8).get(0))
        .isEqualTo(
            "{\"id\":\"p1\",\"images\":[{\"path\":\"coco/1.jpg\"}],\"prompt\":[{\"from\":\"human\","
                + "\"value\":\"<image>\\nWhat colour is the bus?\"}],\"chosen\":\"Red.\","
                + "\"rejected\":\"Blue.\",\"token_weights\":null,\"weight\":1.0,"
                + "\"provenance\":{\"source_ids\":[],\"stages\":[]}}");
  }

  @Test
  void every_float_and_double_round_trips_bit_for_bit() {
    // Random bit patterns cover every exponent; Jackson prints the shortest decimal that names
    // the value and the reader rounds that decimal once.
    Random random = new Random(7L);
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      float[] chosen = new float[20];
      for (int j = 0; j < chosen.length; j++) {
        float f;
        do {
          f = Math.abs(Float.intBitsToFloat(random.nextInt()));
        } while (!Float.isFinite(f));
        chosen[j] = f;
      }
      double weight;
      do {
        weight = Math.abs(Double.longBitsToDouble(random.nextLong()));
      } while (!Double.isFinite(weight));
      pairs.add(
          Fixtures.pair("r" + i).toBuilder()
              .tokenWeights(TokenWeights.of(chosen, new float[] {Float.MIN_VALUE, Float.MAX_VALUE}))
              .weight(weight)
              .provenance(
                  Provenance.from()
                      .with(
                          Provenance.Stage.of(
                              "s", "", Map.of("x", Double.longBitsToDouble(random.nextLong())))))
              .build());
    }

    List<PreferencePair> back =
        roundTrip(MiaPairCodec.INSTANCE, DatasetReader.DEFAULT::readMiaPairs, pairs);

    assertThat(back).isEqualTo(pairs);
    for (int i = 0; i < pairs.size(); i++) {
      assertThat(Double.doubleToRawLongBits(back.get(i).weight()))
          .isEqualTo(Double.doubleToRawLongBits(pairs.get(i).weight()));
    }
  }

  @Test
  void sft_samples_read_back_equal_with_content_hashes() {
    List<SftSample> samples =
        List.of(
            SftSample.singleImage(
                "s1", new ImageRef.OnDisk("coco/1.jpg", "ab".repeat(32)), "What?", "That."),
            new SftSample("s2", List.of(), Conversation.singleRound("Hi", "Hello")),
            // a lone surrogate is written as its escape and read back unchanged
            new SftSample(
                "s3", List.of(), Conversation.singleRound("a\ud83dz", "\ude8c\ud83d\ude8c")));

    assertThat(roundTrip(MiaSftCodec.INSTANCE, DatasetReader.DEFAULT::readMiaSft, samples))
        .isEqualTo(samples);
  }

  @Test
  void multi_image_samples_of_every_layout_read_back_equal() {
    Conversation one = Conversation.singleRound("<image>\nIn Image2, what is it?", "A cat.");
    List<MultiImageSample> samples =
        List.of(
            new MultiImageSample(
                "seq",
                List.of(ImageRef.OnDisk.of("a.jpg"), ImageRef.OnDisk.of("b.jpg")),
                1,
                new Layout.Sequence(2),
                Conversation.singleRound(
                    "Image1:<image>\nImage2:<image>\nIn Image2, what is it?", "A cat."),
                Provenance.from("a", "b")),
            new MultiImageSample(
                "seq-sources",
                List.of(ImageRef.OnDisk.of("a.jpg"), ImageRef.OnDisk.of("b.jpg")),
                0,
                new Layout.Sequence(
                    2,
                    List.of(
                        new SourceImage("a.jpg", "ab".repeat(32)), new SourceImage("b.jpg", null))),
                Conversation.singleRound(
                    "Image1:<image>\nImage2:<image>\nIn Image1, what is it?", "A cat."),
                Provenance.from("a").withCompanions(List.of("b.jpg"))),
            new MultiImageSample(
                "grid",
                List.of(ImageRef.OnDisk.of("grid.png")),
                2,
                new Layout.Grid(
                    1,
                    3,
                    1464,
                    528,
                    List.of(
                        new Box(40, 80, 448, 448),
                        new Box(528, 80, 448, 448),
                        new Box(1016, 80, 448, 448))),
                one,
                Provenance.from("x", "y", "z")
                    .with(Provenance.Stage.of("grid-format", "tile=448", Map.of()))),
            new MultiImageSample(
                "pip",
                List.of(ImageRef.OnDisk.of("pip.png")),
                1,
                new Layout.PicInPic(640, 480, new Box(96, 72, 448, 336)),
                one,
                Provenance.EMPTY),
            new MultiImageSample(
                "pip-sources",
                List.of(ImageRef.OnDisk.of("pip.png")),
                1,
                new Layout.PicInPic(640, 480, new Box(96, 72, 448, 336))
                    .withSources(
                        new SourceImage("gqa/bg.jpg", "cd".repeat(32)),
                        new SourceImage("coco/t.jpg", "ef".repeat(32))),
                one,
                Provenance.from("t").withCompanions(List.of("gqa/bg.jpg"))));

    assertThat(
            roundTrip(
                MiaMultiImageCodec.INSTANCE, DatasetReader.DEFAULT::readMiaMultiImage, samples))
        .isEqualTo(samples);
    assertThat(readLine(1))
        .contains(
            "\"layout\":{\"type\":\"sequence\",\"image_count\":2,\"sources\":[{\"id\":\"a.jpg\","
                + "\"sha256\":\""
                + "ab".repeat(32)
                + "\"},{\"id\":\"b.jpg\"}]}")
        .endsWith("\"stages\":[],\"companions\":[\"b.jpg\"]}}");
    String grid = readLine(2);
    assertThat(grid)
        .contains(
            "\"layout\":{\"type\":\"grid\",\"rows\":1,\"columns\":3,\"width\":1464,"
                + "\"height\":528,\"tiles\":[{\"x\":40,\"y\":80,\"width\":448,\"height\":448},");
  }

  private String readLine(int index) {
    try {
      return Files.readAllLines(dir.resolve("records.jsonl"), StandardCharsets.UTF_8).get(index);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void a_bad_layout_is_a_format_error_naming_the_line() throws IOException {
    Path data =
        Files.writeString(
            dir.resolve("m.jsonl"),
            "{\"id\":\"m\",\"images\":[{\"path\":\"a.jpg\"}],\"target_index\":0,"
                + "\"layout\":{\"type\":\"spiral\"},\"conversations\":[],"
                + "\"provenance\":{\"source_ids\":[],\"stages\":[]}}\n");
    assertThatThrownBy(() -> DatasetReader.DEFAULT.readMiaMultiImage(data).next())
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "m.jsonl: line 1: field 'layout.type' must be one of sequence, grid, pic_in_pic, but"
                + " is: spiral");
  }

  @Test
  void a_value_rejected_by_a_record_constructor_is_a_format_error() throws IOException {
    Path data =
        Files.writeString(
            dir.resolve("p.jsonl"),
            "{\"id\":\"p\",\"images\":[],\"prompt\":[{\"from\":\"human\",\"value\":\"Q\"}],"
                + "\"chosen\":\"A\",\"rejected\":\"B\",\"token_weights\":"
                + "{\"chosen\":[1.0,-2.0],\"rejected\":[]},\"weight\":1.0,"
                + "\"provenance\":{\"source_ids\":[],\"stages\":[]}}\n");
    assertThatThrownBy(() -> DatasetReader.DEFAULT.readMiaPairs(data).next())
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("p.jsonl: line 1: chosen weight 1 must be finite and >= 0, but is: -2.0");
  }

  @Test
  void unknown_fields_are_ignored() throws IOException {
    Path data =
        Files.writeString(
            dir.resolve("s.jsonl"),
            "{\"id\":\"s\",\"future\":{\"a\":[1]},\"images\":[],\"conversations\":"
                + "[{\"from\":\"human\",\"value\":\"Q\",\"lang\":\"en\"},"
                + "{\"from\":\"gpt\",\"value\":\"A\"}]}\n");
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readMiaSft(data)) {
      assertThat(samples.next())
          .isEqualTo(
              new SftSample("s", List.of(), Conversation.of(Turn.human("Q"), Turn.assistant("A"))));
    }
  }
}
