package dev.mia.examples.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run's merged outputs, from the committed slices: JSONL files concatenated in slice order (so
 * in input order, as one machine writes them), and the pairs as Parquet.
 */
final class Outputs {
  /**
   * The Parquet schema: TRL's columns ({@code prompt}, {@code chosen}, {@code rejected}, {@code
   * images}), the pair's id, and its whole record in mia's lossless form ({@code record}).
   */
  static final StructType PAIR_SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("prompt", DataTypes.StringType, false)
          .add("chosen", DataTypes.StringType, false)
          .add("rejected", DataTypes.StringType, false)
          .add("images", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("record", DataTypes.StringType, false);

  private Outputs() {}

  /**
   * Concatenates one file of every slice into {@code target}, atomically (a temporary file beside
   * it, renamed).
   */
  static void concatenate(Path out, int partitions, String name, Path target) {
    try {
      Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".merge", ".tmp");
      try (OutputStream sink = Files.newOutputStream(temp)) {
        for (int p = 0; p < partitions; p++) {
          try (InputStream in = Files.newInputStream(PartitionTask.partDir(out, p).resolve(name))) {
            in.transferTo(sink);
          }
        }
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot merge " + name + " into " + target, e);
    }
  }

  /** Writes the pairs of every slice as Parquet, one Spark task per slice. */
  static void writeParquet(SparkSession spark, Path out, int partitions, Path target) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> slices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      slices.add(p);
    }
    JavaRDD<Row> rows = jsc.parallelize(slices, partitions).flatMap(new PairRows(out.toString()));
    spark
        .createDataFrame(rows, PAIR_SCHEMA)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(target.toAbsolutePath().toString());
  }

  /** The Parquet rows of a slice: its lossless and TRL lines side by side. */
  private static final class PairRows implements FlatMapFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;
    private final String out;

    PairRows(String out) {
      this.out = out;
    }

    @Override
    public Iterator<Row> call(Integer partition) throws IOException {
      Path dir = PartitionTask.partDir(Path.of(out), partition);
      List<Row> rows = new ArrayList<>();
      try (BufferedReader mia =
              Files.newBufferedReader(dir.resolve(PartitionTask.PAIRS), StandardCharsets.UTF_8);
          BufferedReader trl =
              Files.newBufferedReader(
                  dir.resolve(PartitionTask.TRL_PAIRS), StandardCharsets.UTF_8)) {
        String record;
        while ((record = mia.readLine()) != null) {
          String line = trl.readLine();
          if (line == null) {
            throw new IOException(dir + ": fewer TRL pairs than pairs");
          }
          JsonNode t = PartitionSummary.JSON.readTree(line);
          List<String> images = new ArrayList<>();
          for (JsonNode image : t.path("images")) {
            images.add(image.asText());
          }
          rows.add(
              RowFactory.create(
                  PartitionSummary.JSON.readTree(record).path("id").asText(),
                  text(t.path("prompt")),
                  text(t.path("chosen")),
                  text(t.path("rejected")),
                  images.toArray(new String[0]),
                  record));
        }
      }
      return rows.iterator();
    }

    /** A TRL field as text: a string as it is, a conversational list as its JSON. */
    private static String text(JsonNode node) {
      return node.isTextual() ? node.asText() : node.toString();
    }
  }
}
