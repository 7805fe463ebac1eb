package dev.kdbsql.storage;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Exact conversions between kdb+ temporal encodings (counts since 2000-01-01) and
 * {@code java.time} values. No time zone is ever applied: kdb+ values are wall-clock values.
 */
public final class Temporals {
  /** Days from 1970-01-01 to 2000-01-01. */
  public static final int EPOCH_DAYS_2000 = 10957;
  /** Nanoseconds from 1970-01-01T00:00 to 2000-01-01T00:00. */
  public static final long EPOCH_NANOS_2000 = 946_684_800_000_000_000L;
  /** Milliseconds from 1970-01-01T00:00 to 2000-01-01T00:00. */
  public static final long EPOCH_MILLIS_2000 = 946_684_800_000L;
  public static final long NANOS_PER_DAY = 86_400_000_000_000L;
  public static final long MILLIS_PER_DAY = 86_400_000L;
  private static final YearMonth MONTH_EPOCH = YearMonth.of(2000, 1);

  private Temporals() {}

  /** A kdb+ date (days since 2000-01-01). */
  public static LocalDate date(int days) {
    return LocalDate.ofEpochDay(EPOCH_DAYS_2000 + (long) days);
  }

  /** The kdb+ date of {@code d}. */
  public static int dateValue(LocalDate d) {
    return Math.toIntExact(d.toEpochDay() - EPOCH_DAYS_2000);
  }

  /** A kdb+ month (months since 2000-01). */
  public static YearMonth month(int months) {
    return MONTH_EPOCH.plusMonths(months);
  }

  /** The kdb+ month of {@code m}. */
  public static int monthValue(YearMonth m) {
    return Math.toIntExact((m.getYear() - 2000L) * 12 + m.getMonthValue() - 1);
  }

  /** A kdb+ timestamp (nanoseconds since 2000-01-01T00:00), exact to the nanosecond. */
  public static LocalDateTime timestamp(long nanos) {
    long days = Math.floorDiv(nanos, NANOS_PER_DAY);
    long nanoOfDay = Math.floorMod(nanos, NANOS_PER_DAY);
    return LocalDateTime.of(date(Math.toIntExact(days)), LocalTime.ofNanoOfDay(nanoOfDay));
  }

  /** The kdb+ timestamp of {@code t}; throws ArithmeticException outside kdb+'s range. */
  public static long timestampValue(LocalDateTime t) {
    long days = t.toLocalDate().toEpochDay() - EPOCH_DAYS_2000;
    return Math.addExact(Math.multiplyExact(days, NANOS_PER_DAY), t.toLocalTime().toNanoOfDay());
  }

  /** A kdb+ datetime (fractional days since 2000-01-01), rounded to milliseconds as q shows it. */
  public static LocalDateTime datetime(double days) {
    long millis = Math.round(days * MILLIS_PER_DAY);
    return LocalDateTime.ofEpochSecond(Math.floorDiv(EPOCH_MILLIS_2000 + millis, 1000), 0,
        ZoneOffset.UTC).withNano((int) Math.floorMod(EPOCH_MILLIS_2000 + millis, 1000) * 1_000_000);
  }

  /** The kdb+ datetime of {@code t} (millisecond precision). */
  public static double datetimeValue(LocalDateTime t) {
    long millis = t.toInstant(ZoneOffset.UTC).toEpochMilli() - EPOCH_MILLIS_2000;
    return millis / (double) MILLIS_PER_DAY;
  }

  /** A kdb+ timespan (nanoseconds, may be negative or longer than a day). */
  public static Duration timespan(long nanos) {
    return Duration.ofNanos(nanos);
  }

  /**
   * A time of day from milliseconds, or null when the value is outside one day (kdb+ allows
   * negative and over-24h minutes, seconds and times; callers needing those use the raw int).
   */
  public static LocalTime timeOfDayMillis(long millis) {
    return millis >= 0 && millis < MILLIS_PER_DAY ? LocalTime.ofNanoOfDay(millis * 1_000_000) : null;
  }
}
