package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.data.SftSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Utf8CheckingInputStreamTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** A one-record LLaVA array whose answer holds the given raw bytes after "x". */
  private static byte[] arrayWithAnswerBytes(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("[\n{\"id\": \"ok\", \"conversations\": [{\"from\": \"human\", \"value\": \"Q\"},"
                + " {\"from\": \"gpt\", \"value\": \"A\"}]},\n"
                + "{\"id\": \"u\", \"conversations\": [{\"from\": \"human\", \"value\": \"Q\"},"
                + " {\"from\": \"gpt\", \"value\": \"x")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(raw);
    out.writeBytes("\"}]}\n]".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static long readAll(byte[] data) {
    try (Stream<SftSample> samples =
        DatasetReader.DEFAULT.readLlava(new ByteArrayInputStream(data), "data.json").stream()) {
      return samples.count();
    }
  }

  // Line 3 is {"id": "u", "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt",
  // "value": "x<bad>: the "x" is character 90 of the line, so the bad sequence starts at column 91.

  @Test
  void an_overlong_slash_that_jackson_accepts_is_rejected() {
    assertThatThrownBy(() -> readAll(arrayWithAnswerBytes(bytes(0xC0, 0xAF))))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("data.json: line 3, column 91 (record 1): invalid UTF-8 byte sequence 0xC0");
  }

  @Test
  void an_encoded_surrogate_is_rejected() {
    assertThatThrownBy(() -> readAll(arrayWithAnswerBytes(bytes(0xED, 0xA0, 0x80))))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "data.json: line 3, column 91 (record 1): invalid UTF-8 byte sequence 0xED 0xA0");
  }

  @Test
  void a_code_point_above_u10ffff_is_rejected() {
    assertThatThrownBy(() -> readAll(arrayWithAnswerBytes(bytes(0xF4, 0x90, 0x80, 0x80))))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "data.json: line 3, column 91 (record 1): invalid UTF-8 byte sequence 0xF4 0x90");
  }

  @Test
  void a_latin1_byte_is_rejected() {
    assertThatThrownBy(() -> readAll(arrayWithAnswerBytes(bytes(0xE9))))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "data.json: line 3, column 91 (record 1): invalid UTF-8 byte sequence 0xE9 0x22");
  }

  @Test
  void a_character_cut_by_the_end_of_the_input_is_rejected() {
    byte[] data = "[{\"id\": \"a\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(data, data.length - 1);
    assertThatThrownBy(() -> readAll(cut))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "data.json: line 1, column 11 (record 0): invalid UTF-8 byte sequence 0xC3 (the input"
                + " ends inside a character)");
  }

  @Test
  void valid_multibyte_text_reads_unchanged() {
    String answer = "caf\u00e9 \u4e2d\u6587 \ud83d\ude8c";
    assertThat(readAll(arrayWithAnswerBytes(answer.getBytes(StandardCharsets.UTF_8)))).isEqualTo(2);
  }

  @Test
  void agrees_with_the_jdk_strict_decoder_on_random_bytes() throws IOException {
    // The JDK's UTF-8 decoder with REPORT implements the same table 3-7 rules, independently.
    Random random = new Random(20240531L);
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] data = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < data.length; i++) {
        // bias towards the interesting lead and continuation bytes
        data[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
      }
      boolean jdk = jdkAccepts(data);
      assertThat(checks(data)).as("bytes %s", java.util.Arrays.toString(data)).isEqualTo(jdk);
    }
  }

  private static boolean checks(byte[] data) throws IOException {
    try (InputStream in = new Utf8CheckingInputStream(new ByteArrayInputStream(data))) {
      byte[] buffer = new byte[3]; // small reads to cross sequences between calls
      while (in.read(buffer, 0, buffer.length) >= 0) {
        // drain
      }
      return true;
    } catch (MalformedUtf8Exception e) {
      return false;
    }
  }

  private static boolean jdkAccepts(byte[] data) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
