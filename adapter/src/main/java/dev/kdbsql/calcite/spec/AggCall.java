package dev.kdbsql.calcite.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One aggregate the scan computes over mapped columns: its function, its arguments (none for
 * {@code COUNT(*)} and {@code COUNT(DISTINCT x)}, two for {@code wavg}, else one), the boxed Java
 * class Calcite holds the result in ({@code JavaTypeFactory.getJavaClass} of its type: Integer
 * for DATE and TIME, Long for TIMESTAMP, String for CHAR, {@code java.sql.Timestamp} for the MIN
 * or MAX of a kdb+ timestamp, which keeps the column's Java type), which decides the value handed
 * to Calcite, and for {@code COUNT(DISTINCT x)} the key {@code x} (null for the others): the
 * scan groups by it too, then counts the groups of each key ({@code DistinctCounts}).
 */
public record AggCall(Function function, List<Expr> args, Class<?> resultClass,
    GroupKey distinct) {
  /**
   * The functions the scan computes. Integer results are exactly Calcite's (sums of integers
   * are BIGINT and wrap at 64 bits, as Java's arithmetic in Enumerable code does);
   * floating-point sums are summed per
   * slice and the slices' sums added in slice order, which can differ from Calcite's
   * row-at-a-time order in the last bits.
   */
  public enum Function {
    /** {@code COUNT(*)}: rows, from headers when there is no filter and no key. */
    COUNT_STAR("COUNT"),
    /** {@code COUNT(x)}: non-null values. */
    COUNT("COUNT"),
    /** {@code SUM(x)}: NULL when all are null. */
    SUM("SUM"),
    /** {@code $SUM0(x)} (what AVG reduces to): as SUM, but 0 when all are null. */
    SUM0("$SUM0"),
    /** {@code MIN(x)}; of floats and reals, as Calcite computes it. */
    MIN("MIN"),
    /** {@code MAX(x)}; of floats and reals, as Calcite computes it. */
    MAX("MAX"),
    /** q's {@code first}: the first non-null value. */
    FIRST("first"),
    /** q's {@code last}: the last non-null value. */
    LAST("last"),
    /** q's {@code wavg(w, x)}, over doubles. */
    WAVG("wavg"),
    /** {@code COUNT(DISTINCT x)} of a key: the distinct non-null values. */
    COUNT_DISTINCT("COUNT");

    private final String label;

    Function(String label) {
      this.label = label;
    }
  }

  /** Creates a call; {@code args} is copied. */
  public AggCall {
    args = List.copyOf(args);
    if ((function == Function.COUNT_DISTINCT) != (distinct != null)) {
      throw new IllegalArgumentException(function + " with distinct key " + distinct);
    }
  }

  /** Creates a call that is not {@code COUNT(DISTINCT)}. */
  public AggCall(Function function, List<Expr> args, Class<?> resultClass) {
    this(function, args, resultClass, null);
  }

  /**
   * Whether the scan computes {@code calls} together: calls without DISTINCT, or
   * {@code COUNT(DISTINCT x)} of one key {@code x} beside {@code COUNT(*)} and {@code COUNT(y)}
   * only, whose counts per key and {@code x} add up to the counts per key.
   */
  public static boolean computable(List<AggCall> calls) {
    GroupKey distinct = null;
    boolean others = false;
    for (AggCall c : calls) {
      if (c.distinct != null) {
        if (distinct != null && !distinct.equals(c.distinct)) {
          return false;
        }
        distinct = c.distinct;
      } else {
        others |= c.function != Function.COUNT_STAR && c.function != Function.COUNT;
      }
    }
    return distinct == null || !others;
  }

  @Override
  public String toString() {
    return function.label + "(" + (distinct != null ? "DISTINCT " + distinct
        : args.isEmpty() ? "*"
        : args.stream().map(Object::toString).collect(Collectors.joining(", "))) + ")";
  }
}
