package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Nulls;
import org.apache.spark.sql.types.DataType;

/**
 * kdb+ values Spark holds as longs (and shorts, read widened): shorts, longs, timestamps,
 * datetimes, timespans, minutes, seconds and times, each converted as its {@link Kind} says.
 */
public final class LongVector extends KdbColumnVector {
  /** What the source holds and how it becomes Spark's value. */
  public enum Kind {
    /** ShortType. */
    SHORT,
    /** LongType. */
    LONG,
    /** TimestampNTZType microseconds, floored. */
    TIMESTAMP_MICROS,
    /** LongType nanoseconds since 1970, exact. */
    TIMESTAMP_NANOS,
    /** LongType nanoseconds, as stored. */
    TIMESPAN_NANOS,
    /** DayTimeIntervalType microseconds, floored. */
    TIMESPAN_MICROS,
    /** DayTimeIntervalType microseconds of a minute count. */
    MINUTE,
    /** DayTimeIntervalType microseconds of a second count. */
    SECOND,
    /** DayTimeIntervalType microseconds of a millisecond count. */
    TIME,
    /** TimestampNTZType microseconds of fractional days, rounded to the millisecond. */
    DATETIME
  }

  private final Kind kind;
  private final long[] values;
  private int[] ints;
  private double[] doubles;

  public LongVector(Kind kind, DataType type, int capacity) {
    super(type, capacity);
    this.kind = kind;
    values = new long[capacity];
  }

  @Override
  public void fill(Column c, long from, int n) {
    switch (kind) {
      case SHORT -> longs(c, from, n, Nulls.SHORT_NULL);
      case LONG, TIMESPAN_NANOS -> longs(c, from, n, Nulls.LONG_NULL);
      case TIMESTAMP_MICROS -> {
        longs(c, from, n, Nulls.LONG_NULL);
        long[] v = values;
        for (int i = 0; i < n; i++) {
          v[i] = SparkValues.timestampMicros(v[i]);
        }
      }
      case TIMESTAMP_NANOS -> {
        longs(c, from, n, Nulls.LONG_NULL);
        int i = 0;
        try {
          for (; i < n; i++) {
            if (values[i] != Nulls.LONG_NULL) {
              values[i] = SparkValues.timestampNanos(values[i]);
            }
          }
        } catch (ArithmeticException e) {
          throw SparkValues.outOfRange(c, from + i, e);
        }
      }
      case TIMESPAN_MICROS -> {
        longs(c, from, n, Nulls.LONG_NULL);
        long[] v = values;
        for (int i = 0; i < n; i++) {
          v[i] = Math.floorDiv(v[i], 1000L);
        }
      }
      case MINUTE -> scaledInts(c, from, n, 60_000_000L);
      case SECOND -> scaledInts(c, from, n, 1_000_000L);
      case TIME -> scaledInts(c, from, n, 1_000L);
      case DATETIME -> datetimes(c, from, n);
    }
  }

  /**
   * Copies raw longs (shorts widened) and marks {@code sentinel} as null: counted first in a
   * read-only pass, so a batch without nulls writes no flags.
   */
  private void longs(Column c, long from, int n, long sentinel) {
    long[] v = values;
    c.getLongs(from, v, 0, n);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      nn += v[i] == sentinel ? 1 : 0;
    }
    nulls = nn;
    if (nn > 0) {
      for (int i = 0; i < n; i++) {
        isNull[i] = v[i] == sentinel;
      }
    }
  }

  /** Int counts times {@code unit} microseconds: at most 2^31 * 6e7, which fits a long. */
  private void scaledInts(Column c, long from, int n, long unit) {
    if (ints == null) {
      ints = new int[capacity];
    }
    int[] src = ints;
    long[] v = values;
    c.getInts(from, src, 0, n);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      boolean isNullValue = src[i] == Nulls.INT_NULL;
      isNull[i] = isNullValue;
      nn += isNullValue ? 1 : 0;
      v[i] = src[i] * unit;
    }
    nulls = nn;
  }

  private void datetimes(Column c, long from, int n) {
    if (doubles == null) {
      doubles = new double[capacity];
    }
    double[] src = doubles;
    c.getDoubles(from, src, 0, n);
    int nn = 0;
    int i = 0;
    try {
      for (; i < n; i++) {
        double d = src[i];
        boolean nan = d != d;
        isNull[i] = nan;
        nn += nan ? 1 : 0;
        values[i] = nan ? 0 : SparkValues.datetimeMicros(d);
      }
    } catch (ArithmeticException e) {
      throw SparkValues.outOfRange(c, from + i, e);
    }
    nulls = nn;
  }

  @Override
  public short getShort(int rowId) {
    return (short) values[rowId];
  }

  @Override
  public long getLong(int rowId) {
    return values[rowId];
  }
}
