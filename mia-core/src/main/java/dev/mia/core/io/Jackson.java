package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of this package: duplicate keys are an error (a record with two
 * {@code id}s is ambiguous), a JSONL line must hold one value only, and decimals are read as {@link
 * java.math.BigDecimal} so that doubles and floats written by Jackson read back bit for bit
 * (converting from the exact decimal rounds once).
 *
 * <p>Characters beyond the Basic Multilingual Plane are written as escaped surrogate pairs ({@code
 * \uD83D\uDE8C}), valid JSON that every reader decodes, and a lone surrogate as its escape, so any
 * Java string round-trips. Jackson 2.18's {@code COMBINE_UNICODE_SURROGATES_IN_UTF8} would write
 * four UTF-8 bytes instead, but it merges a lone high surrogate with the next character into a
 * wrong code point, so it stays off.
 */
final class Jackson {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /** Reads one value of a larger document, such as an element of an array, from a parser. */
  static final ObjectReader IN_STREAM =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static final JsonFactory FACTORY = MAPPER.getFactory();

  private Jackson() {}
}
