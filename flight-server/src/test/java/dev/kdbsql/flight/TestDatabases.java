package dev.kdbsql.flight;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The databases the tests serve: a generated sample (the TAQ-like trade, quote, ref and daily
 * tables, plus {@code ticks}: nanosecond timestamps, symbols, floats, longs, ints and timespans
 * with nanoseconds), written once per JVM into a temporary folder; and real q-written fixtures.
 */
final class TestDatabases {
  private static Path sample;
  private static Path large;

  private TestDatabases() {}

  /** The generated sample database (2,000 trades over 3 days, 5,000 ticks). */
  static synchronized Path sample() {
    if (sample == null) {
      try {
        Path dir = temporary("kdbsql-flight-sample");
        SampleDatabase.of(2_000, 3, 7).writeTo(dir);
        DatabaseWriter.open(dir).writeSplayed("ticks", ticks(5_000, 11), WriteOptions.DEFAULT);
        sample = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sample;
  }

  /** A database of one splayed {@code ticks} table of a million rows (about 44 MB). */
  static synchronized Path large() {
    if (large == null) {
      try {
        Path dir = temporary("kdbsql-flight-large");
        DatabaseWriter.open(dir).writeSplayed("ticks", ticks(1_000_000, 13),
            WriteOptions.DEFAULT);
        large = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return large;
  }

  /**
   * A new temporary folder, deleted when the JVM exits (the databases live as long as the test
   * JVM; left behind, each run's would fill the disk: 45 MB a run).
   */
  private static Path temporary(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // The folder stays; nothing else to do while the JVM exits.
      }
    }, "delete " + dir));
    return dir;
  }

  /** The all-types fixture (a splayed and a flat table of every simple kdb+ type). */
  static Path allTypes() {
    return Fixtures.path("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
  }

  /** TorQ's compressed, date-partitioned trade and quote HDB (microsecond timestamps). */
  static Path torqFinance() {
    return Fixtures.path("DataIntellectTech__TorQ-Finance-Starter-Pack/hdb");
  }

  /**
   * {@code rows} ticks from {@code seed}: {@code time} timestamps one 2.34 ms step apart plus
   * random nanoseconds, {@code sym} one of 500 symbols, {@code price} floats, {@code size}
   * longs, {@code venue} ints (0..15), and {@code age} timespans with nanoseconds.
   */
  static TableData ticks(int rows, long seed) {
    Random r = new Random(seed);
    long[] time = new long[rows];
    String[] sym = new String[rows];
    double[] price = new double[rows];
    long[] size = new long[rows];
    int[] venue = new int[rows];
    long[] age = new long[rows];
    String[] names = new String[500];
    for (int i = 0; i < names.length; i++) {
      names[i] = "SYM" + i;
    }
    long start = Temporals.timestampValue(LocalDateTime.of(2024, 1, 2, 9, 30));
    for (int i = 0; i < rows; i++) {
      time[i] = start + i * 2_340_000L + r.nextInt(1_000_000);
      sym[i] = names[r.nextInt(names.length)];
      price[i] = 100 + r.nextGaussian();
      size[i] = 100L * (1 + r.nextInt(50));
      venue[i] = r.nextInt(16);
      age[i] = r.nextLong(86_400_000_000_000L);
    }
    return TableData.builder()
        .add("time", ColumnData.longs(KdbType.TIMESTAMP, time))
        .add("sym", ColumnData.symbols(sym))
        .add("price", ColumnData.doubles(KdbType.FLOAT, price))
        .add("size", ColumnData.longs(KdbType.LONG, size))
        .add("venue", ColumnData.ints(KdbType.INT, venue))
        .add("age", ColumnData.longs(KdbType.TIMESPAN, age))
        .build();
  }
}
