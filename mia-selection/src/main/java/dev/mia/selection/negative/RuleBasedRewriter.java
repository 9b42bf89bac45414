package dev.mia.selection.negative;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.model.TextRewriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TextRewriter} that injects errors by swapping words, so that BPO-style negatives (arXiv
 * 2403.08730, section 3.2) can be made offline with no text model.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Find every word that belongs to an enabled {@link ErrorKind}, case-insensitively; an object
 *       noun also matches its plural with a final {@code s}.
 *   <li>Draw up to {@code maxEdits} of them uniformly without replacement, with a {@link
 *       SplittableRandom} seeded by the call's seed.
 *   <li>Replace each: with its opposite for spatial and size words, otherwise with another word of
 *       the same kind drawn uniformly among those the text does not already hold (so two colours
 *       never collapse into one), keeping the plural {@code s} and a leading capital.
 * </ol>
 *
 * <p>The same text and seed always give the same result. A text with no matching word comes back
 * unchanged; callers that need a different answer check for that. The rewriter is immutable and
 * thread-safe.
 */
public final class RuleBasedRewriter implements TextRewriter {
  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

  private final int maxEdits;
  private final Set<ErrorKind> kinds;

  private RuleBasedRewriter(Builder builder) {
    this.maxEdits = builder.maxEdits;
    this.kinds = Set.copyOf(builder.kinds);
  }

  /**
   * Starts a builder: at most 2 edits, every {@link ErrorKind} enabled.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a rewriter with the defaults of {@link #builder()}.
   *
   * @return the rewriter
   */
  public static RuleBasedRewriter defaults() {
    return builder().build();
  }

  @Override
  public String rewrite(String text, long seed) {
    requireNonNull(text, "text");
    List<Candidate> candidates = new ArrayList<>();
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) {
      Candidate candidate = match(matcher.group(), matcher.start(), matcher.end());
      if (candidate != null) {
        candidates.add(candidate);
      }
    }
    if (candidates.isEmpty()) {
      return text;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int edits = Math.min(maxEdits, candidates.size());
    // Partial Fisher-Yates: the first `edits` entries become a uniform sample without replacement.
    for (int i = 0; i < edits; i++) {
      int j = i + random.nextInt(candidates.size() - i);
      Candidate swap = candidates.get(i);
      candidates.set(i, candidates.get(j));
      candidates.set(j, swap);
    }
    List<Candidate> chosen = new ArrayList<>(candidates.subList(0, edits));
    chosen.sort((a, b) -> Integer.compare(a.start, b.start));
    Set<String> taken = new HashSet<>();
    Matcher words = WORD.matcher(text);
    while (words.find()) {
      taken.add(words.group().toLowerCase(Locale.ROOT));
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int at = 0;
    for (Candidate candidate : chosen) {
      out.append(text, at, candidate.start);
      out.append(replacement(candidate, random, taken));
      at = candidate.end;
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  private @Nullable Candidate match(String word, int start, int end) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (ErrorKind kind : ErrorKind.values()) {
      if (!kinds.contains(kind)) {
        continue;
      }
      if (kind.opposites().containsKey(lower) || kind.interchangeable().contains(lower)) {
        return new Candidate(kind, word, lower, false, start, end);
      }
      if (kind == ErrorKind.OBJECT
          && lower.endsWith("s")
          && kind.interchangeable().contains(lower.substring(0, lower.length() - 1))) {
        return new Candidate(kind, word, lower.substring(0, lower.length() - 1), true, start, end);
      }
    }
    return null;
  }

  private static String replacement(
      Candidate candidate, SplittableRandom random, Set<String> taken) {
    String base;
    String opposite = candidate.kind.opposites().get(candidate.lower);
    if (opposite != null) {
      base = opposite;
    } else {
      // Another word of the kind that the text does not hold yet, so "white and red" never
      // becomes "gray and gray"; if every word is taken, any word but the original.
      List<String> pool = new ArrayList<>();
      for (String word : candidate.kind.interchangeable()) {
        if (!word.equals(candidate.lower) && !taken.contains(word)) {
          pool.add(word);
        }
      }
      if (pool.isEmpty()) {
        for (String word : candidate.kind.interchangeable()) {
          if (!word.equals(candidate.lower)) {
            pool.add(word);
          }
        }
      }
      base = pool.get(random.nextInt(pool.size()));
      taken.add(base);
    }
    if (candidate.plural) {
      base = base + "s";
    }
    if (Character.isUpperCase(candidate.original.charAt(0))) {
      base = Character.toUpperCase(base.charAt(0)) + base.substring(1);
    }
    return base;
  }

  @Override
  public String toString() {
    return "RuleBasedRewriter(maxEdits=" + maxEdits + ", kinds=" + EnumSet.copyOf(kinds) + ")";
  }

  private record Candidate(
      ErrorKind kind, String original, String lower, boolean plural, int start, int end) {}

  /** Builds a {@link RuleBasedRewriter}. */
  public static final class Builder {
    private int maxEdits = 2;
    private EnumSet<ErrorKind> kinds = EnumSet.allOf(ErrorKind.class);

    private Builder() {}

    /**
     * Sets the most words replaced per rewrite. Default: 2.
     *
     * @param maxEdits at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxEdits(int maxEdits) {
      if (maxEdits < 1) {
        throw new IllegalArgumentException("maxEdits must be >= 1, but is: " + maxEdits);
      }
      this.maxEdits = maxEdits;
      return this;
    }

    /**
     * Sets the kinds of error to inject. Default: all of them.
     *
     * @param first a kind
     * @param rest more kinds
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder kinds(ErrorKind first, ErrorKind... rest) {
      this.kinds = EnumSet.of(first, rest);
      return this;
    }

    /**
     * Builds the rewriter.
     *
     * @return the rewriter
     */
    public RuleBasedRewriter build() {
      return new RuleBasedRewriter(this);
    }
  }
}
