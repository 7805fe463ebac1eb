package dev.kdbsql.calcite.spec;

import java.util.Locale;

/**
 * How kdb+ timespans ({@code n}) appear in SQL. Calcite 1.42 keeps TIME as milliseconds, so no
 * SQL time type can carry a timespan's nanoseconds; the user picks between natural time-of-day
 * SQL and exactness.
 */
public enum TimespanMode {
  /**
   * TIME(3), millisecond-precise (nanoseconds are truncated); timespans outside one day, which
   * are durations rather than times of day, read as NULL.
   */
  TIME,
  /** BIGINT nanoseconds, exact, for any timespan including negative and multi-day ones. */
  NANOS;

  /** Parses the {@code timespan} option ({@code time} or {@code nanos}, any case). */
  public static TimespanMode parse(String value) {
    if (value == null || value.isBlank()) {
      return TIME;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("timespan must be 'time' or 'nanos', not '" + value + "'", e);
    }
  }
}
