package dev.mia.examples.formats;

import dev.mia.core.data.PathPolicy;
import dev.mia.core.io.OnBadRecord;
import dev.mia.examples.CommandLines;
import dev.mia.formats.GridFormat;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The command-line options of every program that turns LLaVA instruction data into MIA-DPO
 * multi-image data ({@link BuildMultiImageCommand}, {@code SparkPairs}): the input, the output
 * folder, the seed, how bad records and image paths are handled, and the formats' settings. A
 * picocli mixin: a program's options class declares {@code @Mixin AugmentOptions augment;}, so the
 * names, meanings and defaults are the same in each.
 */
public final class AugmentOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "LLaVA-style JSON array or JSON lines. Required.")
  private Path data = Path.of("");

  @Option(
      names = "--images",
      required = true,
      paramLabel = "DIR",
      description = "The folder the data's image paths are relative to. Required.")
  private Path images = Path.of("");

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder. Required.")
  private Path out = Path.of("");

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  private long seed = 42;

  @Option(
      names = "--refusal-rate",
      paramLabel = "R",
      description =
          "Share of sequence samples that ask about a missing image. Default: ${DEFAULT-VALUE}.")
  private double refusalRate = 0.0;

  @Option(
      names = "--tile-size",
      paramLabel = "N",
      description = "Grid collage tile side in pixels. Default: ${DEFAULT-VALUE}.")
  private int tileSize = GridFormat.miaDpo().tileSize();

  @Option(
      names = "--margin",
      paramLabel = "N",
      description = "Grid collage margin in pixels. Default: ${DEFAULT-VALUE}.")
  private int margin = GridFormat.miaDpo().margin();

  @Option(
      names = "--bad-records",
      paramLabel = "skip|fail",
      converter = BadRecordsConverter.class,
      description = "Skip and report bad records, or stop at the first. Default: skip.")
  private OnBadRecord onBadRecord = OnBadRecord.SKIP;

  @Option(
      names = "--image-paths",
      paramLabel = "inside-root|allow-absolute|anywhere",
      converter = PathPolicyConverter.class,
      description = "Which image paths of the data may be opened. Default: inside-root.")
  private PathPolicy pathPolicy = PathPolicy.INSIDE_ROOT;

  /** Creates the options with their defaults; picocli fills them from the command line. */
  public AugmentOptions() {}

  /**
   * The LLaVA data file ({@code --data}).
   *
   * @return the path
   */
  public Path data() {
    return data;
  }

  /**
   * The folder the data's image paths are relative to ({@code --images}).
   *
   * @return the folder
   */
  public Path images() {
    return images;
  }

  /**
   * The output folder ({@code --out}).
   *
   * @return the folder
   */
  public Path out() {
    return out;
  }

  /**
   * The random seed ({@code --seed}, default 42).
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The share of sequence samples that ask about a missing image ({@code --refusal-rate}, default
   * 0).
   *
   * @return the rate
   */
  public double refusalRate() {
    return refusalRate;
  }

  /**
   * The grid collage's tile side in pixels ({@code --tile-size}, default MIA-DPO's 448).
   *
   * @return the side
   */
  public int tileSize() {
    return tileSize;
  }

  /**
   * The grid collage's margin in pixels ({@code --margin}, default MIA-DPO's 40).
   *
   * @return the margin
   */
  public int margin() {
    return margin;
  }

  /**
   * What a bad record does ({@code --bad-records}, default skip).
   *
   * @return the policy
   */
  public OnBadRecord onBadRecord() {
    return onBadRecord;
  }

  /**
   * Which image paths of the data may be opened ({@code --image-paths}, default inside-root).
   *
   * @return the policy
   */
  public PathPolicy pathPolicy() {
    return pathPolicy;
  }

  /** The path policy whose name, lower case with '-' for '_', is {@code value}. */
  private static PathPolicy pathPolicy(String value) {
    for (PathPolicy policy : PathPolicy.values()) {
      if (policy.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "must be inside-root, allow-absolute or anywhere, but is: " + value);
  }

  /** The policy whose lower-case name is {@code value}. */
  private static OnBadRecord badRecords(String value) {
    for (OnBadRecord policy : OnBadRecord.values()) {
      if (policy.name().toLowerCase(Locale.ROOT).equals(value)) {
        return policy;
      }
    }
    throw new IllegalArgumentException("must be skip or fail, but is: " + value);
  }

  /** Parses {@code --image-paths}. */
  static final class PathPolicyConverter implements CommandLine.ITypeConverter<PathPolicy> {
    @Override
    public PathPolicy convert(String value) {
      return CommandLines.convert(value, AugmentOptions::pathPolicy);
    }
  }

  /** Parses {@code --bad-records}. */
  static final class BadRecordsConverter implements CommandLine.ITypeConverter<OnBadRecord> {
    @Override
    public OnBadRecord convert(String value) {
      return CommandLines.convert(value, AugmentOptions::badRecords);
    }
  }
}
