package dev.kdbsql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmented databases ({@code par.txt}): the q-written fixture's dates dealt over two segments,
 * and a generated database whose segments both hold one of the dates (the partition is the union
 * of its directories, in {@code par.txt} order). Rows, pruning and header counts are read across
 * the segments, one input partition per directory.
 */
class SegmentedSparkTest {
  @TempDir
  static Path dir;
  static Path db;
  static SparkSession spark;
  static final LocalDate SPLIT = LocalDate.of(2024, 3, 5);

  @BeforeAll
  static void start() throws IOException {
    db = dir.resolve("db");
    DatabaseWriter w = DatabaseWriter.open(db);
    w.defineSegments(List.of(dir.resolve("seg0"), dir.resolve("seg1")));
    for (int i = 0; i < 4; i++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 4).plusDays(i)), "t",
          AllTypes.table(300 + 10 * i, 40 + i), WriteOptions.DEFAULT);
    }
    // The same date in the other segment too: q reads the partition as both directories' rows.
    Path from = find(SPLIT.toString().replace('-', '.'));
    Path other = dir.resolve(from.getParent().getFileName().toString().equals("seg0") ? "seg1"
        : "seg0").resolve(from.getFileName());
    copy(from, other);
    spark = LocalSpark.start("SegmentedSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Path find(String partition) {
    for (String seg : List.of("seg0", "seg1")) {
      Path p = dir.resolve(seg).resolve(partition);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new AssertionError("no segment holds " + partition);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(f -> {
        try {
          Files.copy(f, to.resolve(from.relativize(f).toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  static Dataset<Row> read(Path root, String table) {
    return spark.read().format("kdb").option("table", table).option("timestampAs", "nanos")
        .load(root.toString());
  }

  @Test
  void aDateInTwoSegmentsReadsBothDirectories() throws SQLException {
    Dataset<Row> df = read(db, "t");
    assertEquals(5, df.rdd().getNumPartitions(), "one input partition per directory");
    SameAsJdbc.assertSame(df.collectAsList(), df.schema(), db, "t",
        KdbOptions.parse(Map.of("path", db.toString(), "timestampAs", "nanos")));

    Dataset<Row> split = read(db, "t").filter("date = DATE'2024-03-05'");
    String plan = split.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("partitions=1/4 [2024.03.05]"), plan);
    assertEquals(2 * 310, split.count());
    assertEquals(2 * 310, split.collectAsList().size());

    List<Row> counts = read(db, "t").groupBy("date").count().orderBy("date").collectAsList();
    assertEquals(List.of(300L, 620L, 320L, 330L), counts.stream().map(r -> r.getLong(1))
        .toList());
  }

  @Test
  void theQWrittenSegmentedFixtureReadsAcrossItsSegments() throws SQLException {
    Path fixture = Fixtures.path("derived/segmented-dailyhdb/db");
    Dataset<Row> df = read(fixture, "xdaily");
    SameAsJdbc.assertSame(df.collectAsList(), df.schema(), fixture, "xdaily",
        KdbOptions.parse(Map.of("path", fixture.toString(), "timestampAs", "nanos")));
    Dataset<Row> seg1 = read(fixture, "xdaily")
        .filter("date in (DATE'2000-01-02', DATE'2000-01-04')").select("date", "sym", "time");
    String plan = seg1.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("partitions=2/5 [2000.01.02, 2000.01.04]"), plan);
    assertEquals(60, seg1.collectAsList().size());
  }
}
