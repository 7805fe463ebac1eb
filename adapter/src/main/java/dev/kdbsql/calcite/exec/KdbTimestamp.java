package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Temporals;
import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * A kdb+ timestamp as it travels through Calcite's generated code: the stored nanoseconds since
 * 2000-01-01T00:00, a wall clock without a zone.
 *
 * <p>Calcite's own TIMESTAMP is a {@code long} of milliseconds; its sorts, hash tables, MIN/MAX
 * and window comparators work on any {@link Comparable} object, and its scalar operators are
 * rewritten to {@code TemporalFunctions} ({@code ExactTemporals}, in {@code calcite.temporal}), so a value of this class is
 * compared, grouped and joined on all its nanoseconds, in every JVM zone (no instant is ever
 * computed: a wall clock inside a daylight-saving gap is an ordinary value). The JDBC driver turns
 * it into {@code java.sql.Timestamp}, {@code LocalDateTime} or text at the result set.
 */
public final class KdbTimestamp implements Comparable<KdbTimestamp>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final long nanos;

  private KdbTimestamp(long nanos) {
    this.nanos = nanos;
  }

  /** The timestamp of stored value {@code nanos} (not the null sentinel). */
  public static KdbTimestamp of(long nanos) {
    return new KdbTimestamp(nanos);
  }

  /** The timestamp of wall clock {@code t}; throws ArithmeticException outside kdb+'s range. */
  public static KdbTimestamp of(LocalDateTime t) {
    return new KdbTimestamp(Temporals.timestampValue(t));
  }

  /**
   * The timestamp of Calcite's TIMESTAMP value {@code millis} (the wall clock read as UTC epoch
   * milliseconds); exact. Throws ArithmeticException outside kdb+'s range.
   */
  public static KdbTimestamp ofCalciteMillis(long millis) {
    return new KdbTimestamp(Math.multiplyExact(
        Math.subtractExact(millis, Temporals.EPOCH_MILLIS_2000), NANOS_PER_MILLI));
  }

  /** The stored value: nanoseconds since 2000-01-01T00:00. */
  public long nanos() {
    return nanos;
  }

  /** The wall clock, exact to the nanosecond. */
  public LocalDateTime toLocalDateTime() {
    return Temporals.timestamp(nanos);
  }

  /**
   * Calcite's TIMESTAMP value: the wall clock read as UTC epoch milliseconds, floored (the
   * nanoseconds below the millisecond are dropped, as Calcite's runtime cannot hold them).
   */
  public long calciteMillis() {
    return Math.floorDiv(nanos, NANOS_PER_MILLI) + Temporals.EPOCH_MILLIS_2000;
  }

  @Override
  public int compareTo(KdbTimestamp o) {
    return Long.compare(nanos, o.nanos);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KdbTimestamp t && t.nanos == nanos;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanos);
  }

  /** SQL's timestamp text with all nine digits: {@code yyyy-MM-dd HH:mm:ss.fffffffff}. */
  @Override
  public String toString() {
    return TemporalText.timestamp(toLocalDateTime());
  }
}
