package dev.mia.benchmarks.streaming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one streaming conversion did and needed.
 *
 * @param records the records read
 * @param converted the multi-image samples written
 * @param skipped the records not converted: text-only or multi-image sources, and any whose text
 *     holds a bounding box (the augmenter's default policy)
 * @param inputBytes the size of the LLaVA JSON file
 * @param outputBytes the size of the JSONL file written
 * @param seconds the wall time of reading, converting and writing (generation excluded)
 * @param maxHeapAfterGcByQuarter the largest heap in use right after a garbage collection, in
 *     bytes, in each quarter of the records (0 for a quarter without a collection); copied
 * @param collections the garbage collections during the conversion
 * @param heapLimit the JVM's maximum heap ({@code -Xmx}) in bytes
 */
public record ConversionReport(
    long records,
    long converted,
    long skipped,
    long inputBytes,
    long outputBytes,
    double seconds,
    List<Long> maxHeapAfterGcByQuarter,
    long collections,
    long heapLimit) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param records the records read
   * @param converted the multi-image samples written
   * @param skipped the records not converted
   * @param inputBytes the size of the LLaVA JSON file
   * @param outputBytes the size of the JSONL file written
   * @param seconds the wall time of reading, converting and writing
   * @param maxHeapAfterGcByQuarter the largest heap in use after a collection, per quarter; copied
   * @param collections the garbage collections during the conversion
   * @param heapLimit the JVM's maximum heap in bytes
   */
  public ConversionReport {
    maxHeapAfterGcByQuarter = List.copyOf(requireNonNull(maxHeapAfterGcByQuarter, "quarters"));
    if (maxHeapAfterGcByQuarter.size() != 4) {
      throw new IllegalArgumentException(
          "maxHeapAfterGcByQuarter must hold 4 values, but holds: "
              + maxHeapAfterGcByQuarter.size());
    }
    if (converted + skipped != records) {
      throw new IllegalArgumentException(
          "converted + skipped must equal records, but are: "
              + converted
              + " + "
              + skipped
              + " vs "
              + records);
    }
  }

  /**
   * Returns the records read per second.
   *
   * @return {@code records / seconds}
   */
  public double recordsPerSecond() {
    return records / seconds;
  }

  /**
   * Returns the largest heap in use after a collection over the whole conversion.
   *
   * @return bytes
   */
  public long maxHeapAfterGc() {
    long max = 0;
    for (long value : maxHeapAfterGcByQuarter) {
      max = Math.max(max, value);
    }
    return max;
  }

  /**
   * Renders the report as a Markdown table and a line on the heap per quarter.
   *
   * @return the Markdown, ending with a line break
   */
  public String toMarkdown() {
    List<String> quarters = new ArrayList<>(4);
    for (long value : maxHeapAfterGcByQuarter) {
      quarters.add(megabytes(value));
    }
    return "| records | converted | input | output | time | records/s | max heap after GC |"
        + " heap limit (-Xmx) | GCs |\n"
        + "|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
        + String.format(
            Locale.ROOT,
            "| %,d | %,d | %s | %s | %.1f s | %,.0f | %s | %s | %,d |%n",
            records,
            converted,
            megabytes(inputBytes),
            megabytes(outputBytes),
            seconds,
            recordsPerSecond(),
            megabytes(maxHeapAfterGc()),
            megabytes(heapLimit),
            collections)
        + "\nLargest heap after GC in each quarter of the records: "
        + String.join(", ", quarters)
        + ".\n";
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
