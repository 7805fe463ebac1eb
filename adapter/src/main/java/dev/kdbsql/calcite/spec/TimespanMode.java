package dev.kdbsql.calcite.spec;

import java.util.Locale;

/**
 * How kdb+ timespans ({@code n}) appear in SQL: as times of day or as numbers. Both are exact.
 */
public enum TimespanMode {
  /**
   * TIME(9), exact to the nanosecond (the exact kdb+ type, {@code KdbTemporalType}); timespans
   * outside one day, which are durations rather than times of day, read as NULL.
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
