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
 * @param joinMemory the most heap, in bytes (estimated), the build side of one hash join may
 *     take before the query fails with an error saying so; 0 for the default, a quarter of the
 *     JVM's maximum heap
 * @param directScan whether a statement the kdb+ scan answers whole (rows, aggregates, top-N)
 *     is planned without the cost-based planner ({@link SingleScanProgram}) and runs without
 *     generated code ({@link DirectScan}); false plans and compiles every statement as Calcite
 *     does, the reference the direct path is tested against
 */
public record KdbSchemaOptions(boolean strictPartitions, boolean strictColumns,
    TimespanMode timespan, int threads, boolean pushdown, long joinMemory,
    boolean directScan) {
  /** The most threads a query may be given: more than any machine this runs on has cores. */
  static final int MAX_THREADS = 256;

  /** Forgiving storage, timespans as TIME, one scan thread per core. */
  public static final KdbSchemaOptions DEFAULT =
      new KdbSchemaOptions(false, false, TimespanMode.TIME, defaultThreads(), true, 0, true);

  /** Checks the thread count. */
  public KdbSchemaOptions {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS
          + ", not " + threads);
    }
    if (joinMemory < 0) {
      throw new IllegalArgumentException("joinMemory must not be negative, not " + joinMemory);
    }
  }

  /** The build-side limit of a hash join in bytes: {@link #joinMemory}, or its default. */
  public long joinMemoryLimit() {
    return joinMemory > 0 ? joinMemory : Runtime.getRuntime().maxMemory() / 4;
  }

  /** The default thread cap: the JVM's available processors. */
  public static int defaultThreads() {
    return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads {@code strictPartitions}, {@code strictColumns}, {@code timespan}, {@code threads},
   * {@code pushdown}, {@code joinMemory} (bytes, with an optional {@code k}, {@code m} or
   * {@code g} suffix) and {@code directScan}; absent keys keep defaults.
   */
  public static KdbSchemaOptions from(Map<String, ?> values) {
    return new KdbSchemaOptions(flag(values, "strictPartitions", false),
        flag(values, "strictColumns", false), TimespanMode.parse(string(values.get("timespan"))),
        threads(values.get("threads")), flag(values, "pushdown", true),
        bytes(values.get("joinMemory")), flag(values, "directScan", true));
  }

  private static long bytes(Object o) {
    String v = string(o);
    if (v == null || v.isBlank()) {
      return 0;
    }
    String t = v.trim().toLowerCase(java.util.Locale.ROOT);
    int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
    try {
      long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
      if (n < 0 || n > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("joinMemory must be a byte count such as 536870912,"
          + " 512m or 2g, not '" + v + "'");
    }
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
