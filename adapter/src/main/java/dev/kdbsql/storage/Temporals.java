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
  /**
   * The least epoch milliseconds a datetime reads as: 0000-12-31T23:59:59.999, just below SQL's
   * TIMESTAMP range (which starts at 0001-01-01), so -0Wz and any datetime before it stay below
   * every SQL timestamp instead of wrapping around.
   */
  public static final long DATETIME_MIN_MILLIS = -62_135_596_800_001L;
  /**
   * The greatest epoch milliseconds a datetime reads as: 10000-01-01T00:00, just above SQL's
   * TIMESTAMP range (which ends in 9999), for 0Wz and any datetime after it.
   */
  public static final long DATETIME_MAX_MILLIS = 253_402_300_800_000L;
  private static final YearMonth MONTH_EPOCH = YearMonth.of(2000, 1);
  private static final int MONTHS_PER_400_YEARS = 4800;
  private static final long DAYS_PER_400_YEARS = 146_097;
  /** Days from 2000-01-01 to the first day of month {@code 2000-01 + i}, {@code i < 4800}. */
  private static final int[] CYCLE_FIRST_DAYS = new int[MONTHS_PER_400_YEARS];

  static {
    for (int i = 0; i < MONTHS_PER_400_YEARS; i++) {
      CYCLE_FIRST_DAYS[i] = (int) (MONTH_EPOCH.plusMonths(i).atDay(1).toEpochDay()
          - EPOCH_DAYS_2000);
    }
  }

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

  /**
   * The epoch day (days since 1970-01-01) of the first day of kdb+ month {@code month}, as
   * {@code month(month).atDay(1).toEpochDay()} gives it for every int, computed without
   * allocating: the proleptic Gregorian calendar repeats every 400 years, 4800 months of exactly
   * {@link #DAYS_PER_400_YEARS} days, so a month is a whole number of cycles plus an offset into
   * {@link #CYCLE_FIRST_DAYS}.
   */
  public static long monthFirstEpochDay(int month) {
    long cycles = Math.floorDiv(month, MONTHS_PER_400_YEARS);
    int inCycle = Math.floorMod(month, MONTHS_PER_400_YEARS);
    return EPOCH_DAYS_2000 + cycles * DAYS_PER_400_YEARS + CYCLE_FIRST_DAYS[inCycle];
  }

  /**
   * The kdb+ month (months since 2000-01) holding epoch day {@code epochDay} (days since
   * 1970-01-01), for any long day whose year fits a long (H. Hinnant's civil-from-days).
   */
  public static long epochDayMonth(long epochDay) {
    long z = epochDay + 719_468L;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return (y - 2000) * 12 + m - 1;
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

  /**
   * The kdb+ timestamp of {@code t}, for the whole range including {@code -0Wp}; throws
   * ArithmeticException outside kdb+'s range. Before 2000 the day count is stepped up by one
   * first, so the product cannot overflow on the way to a value that fits.
   */
  public static long timestampValue(LocalDateTime t) {
    long days = t.toLocalDate().toEpochDay() - EPOCH_DAYS_2000;
    long nanoOfDay = t.toLocalTime().toNanoOfDay();
    return days < 0
        ? Math.addExact(Math.multiplyExact(days + 1, NANOS_PER_DAY), nanoOfDay - NANOS_PER_DAY)
        : Math.addExact(Math.multiplyExact(days, NANOS_PER_DAY), nanoOfDay);
  }

  /** A kdb+ datetime (fractional days since 2000-01-01), rounded to milliseconds as q shows it. */
  public static LocalDateTime datetime(double days) {
    long epochMillis = datetimeEpochMillis(days);
    return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC)
        .withNano((int) Math.floorMod(epochMillis, 1000) * 1_000_000);
  }

  /**
   * A non-NaN kdb+ datetime as milliseconds since 1970-01-01, rounded to the millisecond (half
   * up) as q shows it; the infinities (0Wz, -0Wz) and anything beyond SQL's TIMESTAMP range are
   * {@link #DATETIME_MAX_MILLIS} or {@link #DATETIME_MIN_MILLIS}, which keep their order and
   * never wrap around.
   */
  public static long datetimeEpochMillis(double days) {
    double ms = days * MILLIS_PER_DAY;
    if (ms >= DATETIME_MAX_MILLIS - EPOCH_MILLIS_2000) {
      return DATETIME_MAX_MILLIS;
    }
    if (ms <= DATETIME_MIN_MILLIS - EPOCH_MILLIS_2000) {
      return DATETIME_MIN_MILLIS;
    }
    return EPOCH_MILLIS_2000 + Math.round(ms);
  }

  /**
   * {@code x} rounded down to a multiple of {@code unit > 0} ({@code xbar}); where that multiple
   * is below the long range (only within one unit of {@code -0W}), {@code -0W} itself, the least
   * non-null long, so that no bucket wraps around to a large positive value or to the null.
   */
  public static long floorToMultiple(long x, long unit) {
    long q = Math.floorDiv(x, unit);
    // (MIN + 1) / unit truncates toward zero: the least quotient whose multiple is >= -0W.
    return q < (Long.MIN_VALUE + 1) / unit ? Long.MIN_VALUE + 1 : q * unit;
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
