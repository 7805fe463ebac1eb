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
  public void fill(Column c, BatchRows rows) {
    int n = rows.size();
    switch (kind) {
      case SHORT -> longs(c, rows, Nulls.SHORT_NULL);
      case LONG, TIMESPAN_NANOS -> longs(c, rows, Nulls.LONG_NULL);
      case TIMESTAMP_MICROS -> {
        longs(c, rows, Nulls.LONG_NULL);
        long[] v = values;
        for (int i = 0; i < n; i++) {
          v[i] = SparkValues.timestampMicros(v[i]);
        }
      }
      case TIMESTAMP_NANOS -> {
        longs(c, rows, Nulls.LONG_NULL);
        int i = 0;
        try {
          for (; i < n; i++) {
            if (values[i] != Nulls.LONG_NULL) {
              values[i] = SparkValues.timestampNanos(values[i]);
            }
          }
        } catch (ArithmeticException e) {
          throw SparkValues.outOfRange(c, rows.row(i), e);
        }
      }
      case TIMESPAN_MICROS -> {
        longs(c, rows, Nulls.LONG_NULL);
        long[] v = values;
        for (int i = 0; i < n; i++) {
          v[i] = Math.floorDiv(v[i], 1000L);
        }
      }
      case MINUTE -> scaledInts(c, rows, 60_000_000L);
      case SECOND -> scaledInts(c, rows, 1_000_000L);
      case TIME -> scaledInts(c, rows, 1_000L);
      case DATETIME -> datetimes(c, rows);
    }
  }

  /**
   * Copies raw longs (shorts widened) and marks {@code sentinel} as null: counted first in a
   * read-only pass, so a batch without nulls writes no flags.
   */
  private void longs(Column c, BatchRows rows, long sentinel) {
    int n = rows.size();
    long[] v = values;
    rows.longs(c::getLongs, v);
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
  private void scaledInts(Column c, BatchRows rows, long unit) {
    int n = rows.size();
    if (ints == null) {
      ints = new int[capacity];
    }
    int[] src = ints;
    long[] v = values;
    rows.ints(c::getInts, src);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      boolean isNullValue = src[i] == Nulls.INT_NULL;
      isNull[i] = isNullValue;
      nn += isNullValue ? 1 : 0;
      v[i] = src[i] * unit;
    }
    nulls = nn;
  }

  private void datetimes(Column c, BatchRows rows) {
    int n = rows.size();
    if (doubles == null) {
      doubles = new double[capacity];
    }
    double[] src = doubles;
    rows.doubles(c::getDoubles, src);
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
      throw SparkValues.outOfRange(c, rows.row(i), e);
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
