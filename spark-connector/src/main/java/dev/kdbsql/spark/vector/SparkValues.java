package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.Temporals;

/**
 * kdb+ values (counts since 2000-01-01) to Spark's internal values (counts since 1970-01-01, in
 * days or microseconds), and the nanosecond option's values. Timestamps floor to the microsecond
 * (as the JDBC driver's values truncate), datetimes round to the millisecond as q shows them.
 * Date and month infinities (0W, -0W) stay the largest and smallest values of their type, as in
 * the Arrow export; a finite value with no Spark representation raises
 * {@link ArithmeticException}, which the vectors turn into an error naming the file and row.
 */
public final class SparkValues {
  /** Microseconds from 1970-01-01T00:00 to 2000-01-01T00:00. */
  public static final long EPOCH_MICROS_2000 = Temporals.EPOCH_NANOS_2000 / 1000;
  private static final int MONTHS_PER_400_YEARS = 4800;
  private static final long DAYS_PER_400_YEARS = 146_097;
  /** Days from 1970-01-01 to the first day of month {@code 2000-01 + i}, {@code i < 4800}. */
  private static final long[] CYCLE_FIRST_DAYS = new long[MONTHS_PER_400_YEARS];

  static {
    for (int i = 0; i < MONTHS_PER_400_YEARS; i++) {
      CYCLE_FIRST_DAYS[i] = Temporals.month(i).atDay(1).toEpochDay();
    }
  }

  private SparkValues() {}

  /** A non-null kdb+ date as Spark's epoch day. */
  public static int date(int date) {
    if (date == Nulls.INT_INF || date == -Nulls.INT_INF) {
      return date;
    }
    return fitDays((long) date + Temporals.EPOCH_DAYS_2000);
  }

  /**
   * A non-null kdb+ month as Spark's epoch day of its first day: a whole number of 400-year
   * cycles (each exactly {@link #DAYS_PER_400_YEARS} days) plus a month within the cycle, so no
   * date object is made per value.
   */
  public static int month(int month) {
    if (month == Nulls.INT_INF || month == -Nulls.INT_INF) {
      return month;
    }
    long cycles = Math.floorDiv(month, MONTHS_PER_400_YEARS);
    return fitDays(cycles * DAYS_PER_400_YEARS
        + CYCLE_FIRST_DAYS[Math.floorMod(month, MONTHS_PER_400_YEARS)]);
  }

  /** A non-null kdb+ timestamp as Spark's TimestampNTZ microseconds (nanoseconds floored). */
  public static long timestampMicros(long nanos) {
    return Math.floorDiv(nanos, 1000) + EPOCH_MICROS_2000;
  }

  /** A non-null kdb+ timestamp as nanoseconds since 1970, exact; 0W and -0W stay. */
  public static long timestampNanos(long nanos) {
    if (nanos == Nulls.LONG_INF || nanos == -Nulls.LONG_INF) {
      return nanos;
    }
    long r = Math.addExact(nanos, Temporals.EPOCH_NANOS_2000);
    if (r == Nulls.LONG_INF || r == -Nulls.LONG_INF) {
      throw new ArithmeticException("timestamp " + nanos + " lands on an infinity after 1970");
    }
    return r;
  }

  /**
   * A non-NaN kdb+ datetime (fractional days) as TimestampNTZ microseconds, rounded to the
   * millisecond as q shows it; 0w and -0w are 0Wp's and -0Wp's, as q casts them.
   */
  public static long datetimeMicros(double days) {
    if (Double.isInfinite(days)) {
      return timestampMicros(days > 0 ? Nulls.LONG_INF : -Nulls.LONG_INF);
    }
    double millis = days * Temporals.MILLIS_PER_DAY;
    if (Math.abs(millis) >= 0x1p53) {
      throw new ArithmeticException("datetime " + days + " is outside Spark's timestamp range");
    }
    return Math.multiplyExact(Math.round(millis) + Temporals.EPOCH_MILLIS_2000, 1000L);
  }

  /** A non-null kdb+ timespan as DayTimeInterval microseconds (nanoseconds floored). */
  public static long timespanMicros(long nanos) {
    return Math.floorDiv(nanos, 1000);
  }

  /** The partition column's value of a partition: epoch day for dates and months, else itself. */
  public static long partition(PartitionKind kind, long value) {
    return switch (kind) {
      case DATE -> date(Math.toIntExact(value));
      case MONTH -> month(Math.toIntExact(value));
      case YEAR, INT -> value;
    };
  }

  /** The error for a value of {@code c} at {@code row} with no Spark representation. */
  static StorageException outOfRange(Column c, long row, ArithmeticException e) {
    return new StorageException(c.file(), -1, "row " + row + " of a " + c.type()
        + " column does not fit its Spark type (" + e.getMessage() + ")", e);
  }

  private static int fitDays(long days) {
    if (days >= Nulls.INT_INF || days <= -Nulls.INT_INF) {
      throw new ArithmeticException("day " + days + " is outside Spark's date range");
    }
    return (int) days;
  }
}
