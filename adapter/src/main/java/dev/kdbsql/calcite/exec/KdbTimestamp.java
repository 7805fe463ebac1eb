package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Temporals;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
   * The error for {@code what} (a value, or the operation that gave it) not being a kdb+
   * timestamp, naming the range; {@code cause} is the overflow found.
   */
  public static ArithmeticException outOfRange(String what, ArithmeticException cause) {
    ArithmeticException e = new ArithmeticException(what + " is outside the range of kdb+"
        + " timestamps (-0Wp to 0Wp: 1707-09-22 00:12:43.145224193 to"
        + " 2292-04-10 23:47:16.854775807)");
    e.initCause(cause);
    return e;
  }

  /**
   * The timestamp of Calcite's TIMESTAMP value {@code millis} (the wall clock read as UTC epoch
   * milliseconds); exact. Throws ArithmeticException outside kdb+'s range.
   */
  public static KdbTimestamp ofCalciteMillis(long millis) {
    try {
      return new KdbTimestamp(Math.multiplyExact(
          Math.subtractExact(millis, Temporals.EPOCH_MILLIS_2000), NANOS_PER_MILLI));
    } catch (ArithmeticException e) {
      throw outOfRange("timestamp " + TemporalText.timestamp(LocalDateTime.ofEpochSecond(
          Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000,
          ZoneOffset.UTC)), e);
    }
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
