package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Temporals;
import java.io.Serializable;
import java.time.LocalTime;

/**
 * A kdb+ timespan within one day, as it travels through Calcite's generated code when timespans
 * are typed as times of day: the stored nanoseconds, {@code 0 <= nanos < 24h} (a timespan
 * outside one day is a duration, not a time of day, and reads as NULL).
 *
 * <p>Calcite's own TIME is an {@code int} of milliseconds; like {@link KdbTimestamp}, this class
 * keeps every nanosecond through sorts, hashes, MIN/MAX and windows, and its scalar operators are
 * rewritten to {@code TemporalFunctions}. The JDBC driver turns it into {@code java.sql.Time},
 * {@code LocalTime}, {@code Duration} or text at the result set.
 */
public final class KdbTimespan implements Comparable<KdbTimespan>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final long nanos;

  private KdbTimespan(long nanos) {
    this.nanos = nanos;
  }

  /** The time of day of stored value {@code nanos}, or null outside one day. */
  public static KdbTimespan ofDay(long nanos) {
    return nanos >= 0 && nanos < Temporals.NANOS_PER_DAY ? new KdbTimespan(nanos) : null;
  }

  /** The time of day {@code t}. */
  public static KdbTimespan of(LocalTime t) {
    return new KdbTimespan(t.toNanoOfDay());
  }

  /** The time of day of Calcite's TIME value {@code millis} (milliseconds of the day); exact. */
  public static KdbTimespan ofCalciteMillis(int millis) {
    return ofDay(millis * NANOS_PER_MILLI);
  }

  /** The stored value: nanoseconds since midnight. */
  public long nanos() {
    return nanos;
  }

  /** The time of day, exact to the nanosecond. */
  public LocalTime toLocalTime() {
    return LocalTime.ofNanoOfDay(nanos);
  }

  /** Calcite's TIME value: milliseconds of the day, floored. */
  public int calciteMillis() {
    return (int) (nanos / NANOS_PER_MILLI);
  }

  @Override
  public int compareTo(KdbTimespan o) {
    return Long.compare(nanos, o.nanos);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KdbTimespan t && t.nanos == nanos;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanos);
  }

  /** SQL's time text with all nine digits: {@code HH:mm:ss.fffffffff}. */
  @Override
  public String toString() {
    return TemporalText.time(nanos);
  }
}
