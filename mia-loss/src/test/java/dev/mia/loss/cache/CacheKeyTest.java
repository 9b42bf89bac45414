package dev.mia.loss.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.ImageRef;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static final String IMAGE_A = "a".repeat(64);
  private static final String IMAGE_B = "0123456789abcdef".repeat(4);

  private static CacheKey.Builder base() {
    return CacheKey.builder("llava-1.5-7b", "{\"template\":\"vicuna\"}")
        .prompt("USER: <image>\nWhat is this?")
        .answer("A cat.");
  }

  @Test
  void hashes_the_documented_length_prefixed_bytes() throws Exception {
    // Independent re-encoding of the layout in CacheKey's javadoc, digested with the JDK.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String s :
        List.of(
            "mia/reference-logprobs/key/v1",
            "llava-1.5-7b",
            "{\"template\":\"vicuna\"}",
            "USER: <image>\nWhat is this?",
            "A cat.")) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
      bytes.writeBytes(utf8);
    }
    bytes.writeBytes(new byte[] {0, 0, 0, 1});
    bytes.writeBytes(new byte[] {0, 0, 0, 64});
    bytes.writeBytes(IMAGE_A.getBytes(StandardCharsets.US_ASCII));
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));

    assertThat(base().imageHash(IMAGE_A).build().hex()).isEqualTo(expected);
  }

  @Test
  void every_input_changes_the_key() {
    CacheKey key = base().imageHash(IMAGE_A).build();

    assertThat(
            List.of(
                CacheKey.builder("llava-1.5-13b", "{\"template\":\"vicuna\"}")
                    .prompt("USER: <image>\nWhat is this?")
                    .answer("A cat.")
                    .imageHash(IMAGE_A)
                    .build(),
                CacheKey.builder("llava-1.5-7b", "{\"template\":\"chatml\"}")
                    .prompt("USER: <image>\nWhat is this?")
                    .answer("A cat.")
                    .imageHash(IMAGE_A)
                    .build(),
                base().prompt("USER: <image>\nWhat is that?").imageHash(IMAGE_A).build(),
                base().answer("A dog.").imageHash(IMAGE_A).build(),
                base().imageHash(IMAGE_B).build(),
                base().build(),
                base().imageHash(IMAGE_A).imageHash(IMAGE_B).build(),
                base().imageHash(IMAGE_B).imageHash(IMAGE_A).build()))
        .doesNotContain(key)
        .doesNotHaveDuplicates();
    assertThat(base().imageHash(IMAGE_A).build()).isEqualTo(key);
  }

  @Test
  void length_prefixes_keep_field_boundaries_apart() {
    CacheKey ab = CacheKey.builder("m", "p").prompt("ab").answer("c").build();
    CacheKey bc = CacheKey.builder("m", "p").prompt("a").answer("bc").build();

    assertThat(ab).isNotEqualTo(bc);
  }

  @Test
  void image_refs_contribute_their_content_hashes() {
    CacheKey fromRefs =
        base()
            .images(
                List.of(
                    new ImageRef.OnDisk("x.jpg", IMAGE_A), new ImageRef.OnDisk("y.png", IMAGE_B)))
            .build();

    assertThat(fromRefs).isEqualTo(base().imageHash(IMAGE_A).imageHash(IMAGE_B).build());
  }

  @Test
  void rejects_an_image_without_content_hash() {
    assertThatThrownBy(() -> base().images(List.of(ImageRef.OnDisk.of("x.jpg"))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "image has no content hash (hash the file with OnDisk.withContentHash first):"
                + " OnDisk[path=x.jpg, sha256=null]");
  }

  @Test
  void rejects_a_malformed_image_hash() {
    assertThatThrownBy(() -> base().imageHash("ABC"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("image hash must be 64 lower-case hex characters, but is: \"ABC\"");
  }

  @Test
  void rejects_a_blank_model_id() {
    assertThatThrownBy(() -> CacheKey.builder(" ", "p"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("modelId must not be blank, but is: \" \"");
  }

  @Test
  void rejects_an_unpaired_surrogate() {
    assertThatThrownBy(() -> base().answer("x\uD800").build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("answer must be well-formed UTF-16, but holds an unpaired surrogate");
  }

  @Test
  void rejects_a_malformed_hex() {
    assertThatThrownBy(() -> new CacheKey("abc"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("hex must be 64 lower-case hex characters, but is: \"abc\"");
  }
}
