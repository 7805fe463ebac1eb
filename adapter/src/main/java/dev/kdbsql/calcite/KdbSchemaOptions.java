package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.storage.DatabaseOptions;
import java.util.Map;

/**
 * The options of one kdb+ schema, read from model operands or connection properties.
 *
 * @param strictPartitions fail on a table missing from a partition (q's behaviour) instead of
 *     reading it as empty there
 * @param strictColumns fail on a column missing from an older partition instead of reading nulls
 * @param timespan how timespan columns are typed
 * @param threads the most threads one query uses to scan partitions (1: the calling thread only)
 * @param pushdown whether the planner pushes work (filters, projections, aggregates, top-N,
 *     limits, as-of joins) into the kdb+ scan; false plans every query with Calcite's own
 *     operators over whole-table scans, the reference the pushed plans are tested against
 * @param directScan whether a statement the kdb+ scan answers whole (rows, aggregates, top-N)
 *     runs without generated code ({@link DirectScan}); false compiles every statement, as
 *     Calcite does, the reference the direct path is tested against
 */
public record KdbSchemaOptions(boolean strictPartitions, boolean strictColumns,
    TimespanMode timespan, int threads, boolean pushdown, boolean directScan) {
  /** The most threads a query may be given: more than any machine this runs on has cores. */
  static final int MAX_THREADS = 256;

  /** Forgiving storage, timespans as TIME, one scan thread per core. */
  public static final KdbSchemaOptions DEFAULT =
      new KdbSchemaOptions(false, false, TimespanMode.TIME, defaultThreads(), true, true);

  /** Checks the thread count. */
  public KdbSchemaOptions {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS
          + ", not " + threads);
    }
  }

  /** The default thread cap: the JVM's available processors. */
  public static int defaultThreads() {
    return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads {@code strictPartitions}, {@code strictColumns}, {@code timespan}, {@code threads},
   * {@code pushdown} and {@code directScan}; absent keys keep defaults.
   */
  public static KdbSchemaOptions from(Map<String, ?> values) {
    return new KdbSchemaOptions(flag(values, "strictPartitions", false),
        flag(values, "strictColumns", false), TimespanMode.parse(string(values.get("timespan"))),
        threads(values.get("threads")), flag(values, "pushdown", true),
        flag(values, "directScan", true));
  }

  private static int threads(Object o) {
    String v = string(o);
    if (v == null || v.isBlank()) {
      return defaultThreads();
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("threads must be a whole number, not '" + v + "'");
    }
  }

  private static boolean flag(Map<String, ?> values, String key, boolean absent) {
    String v = string(values.get(key));
    if (v == null || v.isBlank()) {
      return absent;
    }
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  /** The storage options these map to. */
  public DatabaseOptions storage() {
    return new DatabaseOptions(strictPartitions, strictColumns);
  }
}
