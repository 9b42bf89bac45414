package dev.mia.core.eval;

import dev.mia.core.DataFormatException;
import dev.mia.core.io.Utf8LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object categories CHAIR counts and the words and phrases that name them, in the format of
 * Rohrbach et al.'s {@code synonyms.txt}: one category per line, entries separated by commas, the
 * first entry the canonical category name. Lines starting with {@code #} and blank lines are
 * ignored. Entries are matched case-insensitively as whole words; punctuation inside an entry acts
 * as a word break ({@code "t-shirt"} is {@code "t shirt"}).
 *
 * <p>{@link #coco()} is mia's list of the 80 COCO categories (written for mia, not copied); a
 * replacement, such as the synthetic world's, is loaded with {@link #load(Path)} or {@link
 * #read(InputStream, String)}.
 *
 * <h2>Finding mentions</h2>
 *
 * <p>{@link #mentions(String)} lower-cases the text, splits it into words (runs of letters and
 * digits), singularises each word ({@code Singularizer}: irregulars such as people, men, women,
 * children, mice, geese, knives, then "-ies", "-ves", "-es", "-s" rules, guided by the vocabulary's
 * own words), and then, left to right, takes the longest entry that starts at each word. Longest
 * match is what makes the special cases data rather than code: {@code "hot dog"} is a hot dog and
 * not a dog, {@code "toilet seat"} a toilet and not a chair, {@code "baby elephant"} an elephant
 * and not a person, {@code "passenger jet"} an airplane. Rohrbach's script singularises with {@code
 * pattern.en} and OPERA's with WordNet, so rare words can differ.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ChairVocabulary {
  private static final String COCO_RESOURCE = "coco-synonyms.txt";
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final String source;
  private final List<String> categories;
  private final Map<String, String> categoryOfEntry;
  private final int longestEntryWords;
  private final Singularizer singularizer;

  private ChairVocabulary(String source, List<String> categories, Map<String, String> entries) {
    this.source = source;
    this.categories = List.copyOf(categories);
    this.categoryOfEntry = Map.copyOf(entries);
    Set<String> words = new HashSet<>();
    int longest = 1;
    for (String entry : entries.keySet()) {
      List<String> parts = List.of(entry.split(" "));
      words.addAll(parts);
      longest = Math.max(longest, parts.size());
    }
    this.longestEntryWords = longest;
    this.singularizer = new Singularizer(words);
  }

  /**
   * Returns mia's vocabulary of the 80 COCO categories, read from the bundled resource {@code
   * dev/mia/core/eval/coco-synonyms.txt}.
   *
   * @return the COCO vocabulary
   */
  public static ChairVocabulary coco() {
    return CocoHolder.COCO;
  }

  private static final class CocoHolder {
    static final ChairVocabulary COCO = loadCoco();

    private static ChairVocabulary loadCoco() {
      try (InputStream in = ChairVocabulary.class.getResourceAsStream(COCO_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + COCO_RESOURCE);
        }
        return read(in, COCO_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Loads a vocabulary file.
   *
   * @param file a UTF-8 file in the format above
   * @return the vocabulary
   * @throws DataFormatException if the file is not UTF-8, holds an empty entry, an entry in two
   *     categories, or no category
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ChairVocabulary load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a vocabulary from a stream, which is read to its end and not closed.
   *
   * @param in UTF-8 bytes in the format above
   * @param source the name of the input in error messages
   * @return the vocabulary
   * @throws DataFormatException if the input is not UTF-8, holds an empty entry, an entry in two
   *     categories, or no category
   * @throws UncheckedIOException if the stream cannot be read
   */
  public static ChairVocabulary read(InputStream in, String source) {
    List<String> categories = new ArrayList<>();
    Map<String, String> entries = new HashMap<>();
    Map<String, Long> lineOfEntry = new HashMap<>();
    Utf8LineReader lines = new Utf8LineReader(in, source);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        addLine(source, lines.lineNumber(), trimmed, categories, entries, lineOfEntry);
      }
    }
    if (categories.isEmpty()) {
      throw new DataFormatException(source, -1, -1, -1, "no category", null);
    }
    return new ChairVocabulary(source, categories, entries);
  }

  private static void addLine(
      String source,
      long lineNumber,
      String line,
      List<String> categories,
      Map<String, String> entries,
      Map<String, Long> lineOfEntry) {
    String category = null;
    for (String raw : line.split(",", -1)) {
      String entry = String.join(" ", words(raw));
      if (entry.isEmpty()) {
        throw new DataFormatException(source, lineNumber, -1, -1, "empty entry in: " + line, null);
      }
      if (category == null) {
        category = entry;
        categories.add(category);
      }
      String previous = entries.putIfAbsent(entry, category);
      if (previous != null && !previous.equals(category)) {
        throw new DataFormatException(
            source,
            lineNumber,
            -1,
            -1,
            "entry '"
                + entry
                + "' of category '"
                + category
                + "' already names category '"
                + previous
                + "' (line "
                + lineOfEntry.get(entry)
                + ")",
            null);
      }
      lineOfEntry.putIfAbsent(entry, lineNumber);
    }
  }

  /**
   * Returns the canonical category names in file order.
   *
   * @return the categories
   */
  public List<String> categories() {
    return categories;
  }

  /**
   * Returns the category that an entry names exactly (after lower-casing and word splitting, with
   * no singularising).
   *
   * @param entry a word or phrase such as {@code "Traffic Light"}
   * @return the canonical category, or empty if the entry is unknown
   */
  public Optional<String> categoryOf(String entry) {
    return Optional.ofNullable(categoryOfEntry.get(String.join(" ", words(entry))));
  }

  /**
   * Returns the categories mentioned in a text, one per mention, in text order (duplicates kept).
   *
   * @param text a caption or answer
   * @return the canonical categories of its mentions
   */
  public List<String> mentions(String text) {
    List<String> words = words(text);
    for (int i = 0; i < words.size(); i++) {
      words.set(i, singularizer.singular(words.get(i)));
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      int matched = 0;
      for (int n = Math.min(longestEntryWords, words.size() - i); n >= 1 && matched == 0; n--) {
        String category = categoryOfEntry.get(String.join(" ", words.subList(i, i + n)));
        if (category != null) {
          out.add(category);
          matched = n;
        }
      }
      i += Math.max(matched, 1);
    }
    return out;
  }

  /**
   * Returns the unique categories mentioned in a text, in order of first mention.
   *
   * @param text a caption or answer
   * @return the set of categories
   */
  public Set<String> categoriesIn(String text) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(mentions(text)));
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Override
  public String toString() {
    return "ChairVocabulary(source="
        + source
        + ", categories="
        + categories.size()
        + ", entries="
        + categoryOfEntry.size()
        + ")";
  }
}
