package dev.mia.loss.cache;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.ImageRef;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The key of one entry of the {@link ReferenceLogProbCache}: a SHA-256, as 64 lower-case hex
 * characters, of everything that determines a reference model's per-token log-probabilities of an
 * answer: the model id, the tokenizer/processor configuration, the prompt text, the answer text and
 * the content hashes of the images, in prompt order.
 *
 * <pre>{@code
 * CacheKey key = CacheKey.builder(model.id(), processorConfigJson)
 *     .prompt(renderedPrompt)
 *     .answer(chosenAnswer)
 *     .images(sample.images())   // each ImageRef must carry its content hash
 *     .build();
 * }</pre>
 *
 * <h2>Hashed bytes</h2>
 *
 * The digest covers exactly this byte sequence, so any implementation can reproduce a key. A
 * <em>field</em> is the 4-byte big-endian length of a string's UTF-8 bytes followed by those bytes.
 *
 * <ol>
 *   <li>field {@value #DOMAIN} (separates these keys from other SHA-256 uses and versions the
 *       layout);
 *   <li>field model id, field processor configuration, field prompt, field answer;
 *   <li>the number of images as a 4-byte big-endian int, then one field per image content hash (64
 *       lower-case hex characters, {@link dev.mia.core.image.ContentHash}), in prompt order.
 * </ol>
 *
 * Length prefixes make the encoding unambiguous: no two different inputs give the same bytes (e.g.
 * prompt {@code "ab"} + answer {@code "c"} differs from {@code "a"} + {@code "bc"}). Strings must
 * be well-formed UTF-16 (no unpaired surrogates), since those have no UTF-8 encoding and would
 * otherwise collide.
 *
 * <p>Everything else that changes the values belongs in the processor configuration string: the
 * chat template, the image preprocessing (resolution, normalisation), the dtype of the reference
 * pass, and any image masking or blurring applied in that pass (or hash the transformed image).
 *
 * @param hex the SHA-256 as 64 lower-case hex characters
 */
public record CacheKey(String hex) {
  /** The domain string hashed first, {@value}. */
  public static final String DOMAIN = "mia/reference-logprobs/key/v1";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * Validates the hex form.
   *
   * @param hex the SHA-256 as 64 lower-case hex characters
   * @throws IllegalArgumentException if hex is not 64 lower-case hex characters
   */
  public CacheKey {
    requireNonNull(hex, "hex");
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "hex must be 64 lower-case hex characters, but is: \"" + hex + "\"");
    }
  }

  /**
   * Starts a key for a reference model and its tokenizer/processor.
   *
   * @param modelId the reference model's stable id (e.g. {@code VisionLanguageModel.id()}), not
   *     blank
   * @param processorConfig the tokenizer/processor configuration as a canonical string (e.g. its
   *     JSON, or a hash of its files), not blank
   * @return a builder with an empty prompt, an empty answer and no images
   * @throws IllegalArgumentException if an argument is blank
   */
  public static Builder builder(String modelId, String processorConfig) {
    return new Builder(modelId, processorConfig);
  }

  @Override
  public String toString() {
    return "CacheKey(" + hex + ")";
  }

  /** Collects the inputs of a {@link CacheKey}; not thread-safe, {@link #build()} any times. */
  public static final class Builder {
    private final String modelId;
    private final String processorConfig;
    private String prompt = "";
    private String answer = "";
    private final List<String> imageHashes = new ArrayList<>();

    private Builder(String modelId, String processorConfig) {
      this.modelId = requireNonBlank(modelId, "modelId");
      this.processorConfig = requireNonBlank(processorConfig, "processorConfig");
    }

    /**
     * Sets the prompt text, exactly as the model sees it (after the chat template, with the image
     * placeholders). Default: empty.
     *
     * @param prompt the prompt
     * @return this builder
     */
    public Builder prompt(String prompt) {
      this.prompt = requireNonNull(prompt, "prompt");
      return this;
    }

    /**
     * Sets the answer whose per-token log-probabilities are cached. Default: empty.
     *
     * @param answer the answer
     * @return this builder
     */
    public Builder answer(String answer) {
      this.answer = requireNonNull(answer, "answer");
      return this;
    }

    /**
     * Appends the content hash of the next image in prompt order. Default: no images.
     *
     * @param sha256 64 lower-case hex characters, as {@link dev.mia.core.image.ContentHash} gives
     * @return this builder
     * @throws IllegalArgumentException if the hash is not 64 lower-case hex characters
     */
    public Builder imageHash(String sha256) {
      requireNonNull(sha256, "sha256");
      if (!SHA256_HEX.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "image hash must be 64 lower-case hex characters, but is: \"" + sha256 + "\"");
      }
      imageHashes.add(sha256);
      return this;
    }

    /**
     * Appends the content hashes of images in prompt order.
     *
     * @param images the images, each with a {@linkplain ImageRef#contentHash() content hash}
     * @return this builder
     * @throws IllegalArgumentException if an image has no content hash (for a file, call {@link
     *     ImageRef.OnDisk#withContentHash} first)
     */
    public Builder images(List<? extends ImageRef> images) {
      requireNonNull(images, "images");
      for (ImageRef image : images) {
        requireNonNull(image, "image");
        imageHash(
            image
                .contentHash()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "image has no content hash (hash the file with"
                                + " OnDisk.withContentHash first): "
                                + image)));
      }
      return this;
    }

    /**
     * Hashes the inputs into a key as the {@link CacheKey} documentation lays out.
     *
     * @return the key
     * @throws IllegalArgumentException if a string holds an unpaired surrogate
     */
    public CacheKey build() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      field(bytes, DOMAIN, "domain");
      field(bytes, modelId, "modelId");
      field(bytes, processorConfig, "processorConfig");
      field(bytes, prompt, "prompt");
      field(bytes, answer, "answer");
      bytes.writeBytes(ByteBuffer.allocate(4).putInt(imageHashes.size()).array());
      for (String hash : imageHashes) {
        field(bytes, hash, "image hash");
      }
      return new CacheKey(HexFormat.of().formatHex(sha256().digest(bytes.toByteArray())));
    }

    private static void field(ByteArrayOutputStream out, String value, String name) {
      ByteBuffer utf8;
      try {
        utf8 =
            StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(value));
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(
            name + " must be well-formed UTF-16, but holds an unpaired surrogate", e);
      }
      out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.remaining()).array());
      byte[] b = new byte[utf8.remaining()];
      utf8.get(b);
      out.writeBytes(b);
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        // Every Java platform must provide SHA-256 (MessageDigest javadoc).
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    private static String requireNonBlank(String value, String name) {
      requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, but is: \"" + value + "\"");
      }
      return value;
    }

    @Override
    public String toString() {
      return "CacheKey.Builder(modelId="
          + modelId
          + ", processorConfig="
          + processorConfig
          + ", prompt="
          + prompt
          + ", answer="
          + answer
          + ", imageHashes="
          + imageHashes
          + ")";
    }
  }
}
