package dev.kdbsql.spark;

import dev.kdbsql.storage.DatabaseOptions;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code spark.read.format("kdb")}, parsed once on the driver and shipped to the
 * executors with each scan. Keys are case-insensitive (Spark hands them over in a
 * {@code CaseInsensitiveStringMap}); a bad value fails the read at once with a message naming the
 * option.
 *
 * @param path the database root: a directory of tables, partitions or {@code par.txt}, a splayed
 *     table directory, or a flat table file (the argument of {@code load})
 * @param table the table to read; may be null when the database holds exactly one table
 * @param timestamps how kdb+ timestamps are typed
 * @param timespans how kdb+ timespans are typed
 * @param strictPartitions fail when the table is missing from a partition instead of reading it
 *     as empty there ({@link DatabaseOptions#strictPartitions()})
 * @param strictColumns fail when a column is missing from an older partition instead of reading
 *     it as nulls there ({@link DatabaseOptions#strictColumns()})
 * @param splitRows rows per input partition; a kdb+ partition with more rows is read as several
 *     row ranges. 0 derives it from {@code spark.sql.files.maxPartitionBytes} and the width of the
 *     columns read
 * @param batchSize rows per columnar batch
 */
public record KdbOptions(String path, String table, TimestampMode timestamps,
    TimespanMode timespans, boolean strictPartitions, boolean strictColumns, long splitRows,
    int batchSize) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String PATH = "path";
  public static final String TABLE = "table";
  public static final String TIMESTAMP_AS = "timestampAs";
  public static final String TIMESPAN_AS = "timespanAs";
  public static final String STRICT_PARTITIONS = "strictPartitions";
  public static final String STRICT_COLUMNS = "strictColumns";
  public static final String SPLIT_ROWS = "splitRows";
  public static final String BATCH_SIZE = "batchSize";
  /** Rows per columnar batch unless {@value #BATCH_SIZE} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 8192;

  /** How kdb+ timestamps ({@code p}, nanoseconds since 2000) appear in Spark. */
  public enum TimestampMode {
    /** TimestampNTZType: Spark's microseconds, the nanoseconds truncated (floored). */
    TIMESTAMP,
    /** LongType nanoseconds since 1970-01-01 (wall clock), exact. */
    NANOS
  }

  /** How kdb+ timespans ({@code n}, nanoseconds) appear in Spark. */
  public enum TimespanMode {
    /** LongType nanoseconds, exact, for any timespan (negative and multi-day ones too). */
    NANOS,
    /** DayTimeIntervalType (DAY TO SECOND): Spark's microseconds, the nanoseconds floored. */
    INTERVAL
  }

  public KdbOptions {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("no database path: use spark.read.format(\"kdb\")"
          + ".load(\"/path/to/db\") or option(\"path\", ...)");
    }
    if (splitRows < 0) {
      throw new IllegalArgumentException(SPLIT_ROWS + " must be positive, not " + splitRows);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException(BATCH_SIZE + " must be positive, not " + batchSize);
    }
  }

  /** Parses Spark's options (keys in any case). */
  public static KdbOptions parse(Map<String, String> options) {
    return new KdbOptions(get(options, PATH), get(options, TABLE),
        choice(options, TIMESTAMP_AS, TimestampMode.TIMESTAMP),
        choice(options, TIMESPAN_AS, TimespanMode.NANOS),
        bool(options, STRICT_PARTITIONS), bool(options, STRICT_COLUMNS),
        number(options, SPLIT_ROWS, 0), (int) Math.min(Integer.MAX_VALUE,
            number(options, BATCH_SIZE, DEFAULT_BATCH_SIZE)));
  }

  /** The storage layer's options. */
  public DatabaseOptions storage() {
    return new DatabaseOptions(strictPartitions, strictColumns);
  }

  /** This with {@code table} as the table. */
  public KdbOptions withTable(String name) {
    return new KdbOptions(path, name, timestamps, timespans, strictPartitions, strictColumns,
        splitRows, batchSize);
  }

  private static String get(Map<String, String> options, String key) {
    String v = options.get(key);
    if (v == null) {
      for (Map.Entry<String, String> e : options.entrySet()) {
        if (e.getKey().equalsIgnoreCase(key)) {
          return e.getValue();
        }
      }
    }
    return v;
  }

  private static <E extends Enum<E>> E choice(Map<String, String> options, String key, E dflt) {
    String v = get(options, key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : dflt.getDeclaringClass().getEnumConstants()) {
      String name = e.name().toLowerCase(Locale.ROOT);
      if (name.equals(v.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
      allowed.append(allowed.length() == 0 ? "" : " or ").append('\'').append(name).append('\'');
    }
    throw new IllegalArgumentException("option " + key + " must be " + allowed + ", not '" + v
        + "'");
  }

  private static boolean bool(Map<String, String> options, String key) {
    String v = get(options, key);
    if (v == null || v.isBlank()) {
      return false;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("option " + key
          + " must be 'true' or 'false', not '" + v + "'");
    };
  }

  private static long number(Map<String, String> options, String key, long dflt) {
    String v = get(options, key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a whole number, not '" + v
          + "'", e);
    }
  }
}
