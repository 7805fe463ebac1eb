package dev.kdbsql.spark.vector;

import dev.kdbsql.spark.KdbOptions;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The items of a {@link ListVector}'s lists, grown as rows are appended. Items arrive decoded
 * (as {@link dev.kdbsql.storage.Column#getObject} gives them) and each temporal is turned back into
 * its exact kdb+ value before the same conversion atoms get ({@link SparkValues}), so lists and
 * atoms agree to the last digit.
 */
final class ElementVector extends KdbColumnVector {
  private final KdbType element;
  private final boolean nanos;
  private final boolean timespanNanos;
  private long[] longs = new long[64];
  private double[] doubles = new double[64];
  private UTF8String[] strings = new UTF8String[64];
  private boolean[] nullItems = new boolean[64];
  private int size;

  ElementVector(KdbType element, DataType type, KdbOptions options) {
    super(type, 0);
    this.element = element;
    this.nanos = options.timestamps() == KdbOptions.TimestampMode.NANOS;
    this.timespanNanos = options.timespans() == KdbOptions.TimespanMode.NANOS;
  }

  @Override
  public void fill(dev.kdbsql.storage.Column c, BatchRows rows) {
    throw new UnsupportedOperationException("list items are appended, not filled");
  }

  void clear() {
    size = 0;
    nulls = 0;
  }

  int size() {
    return size;
  }

  /** Appends one decoded item (null for a kdb+ null). */
  void add(Object item) {
    if (size == longs.length) {
      int grown = size * 2;
      longs = Arrays.copyOf(longs, grown);
      doubles = Arrays.copyOf(doubles, grown);
      strings = Arrays.copyOf(strings, grown);
      nullItems = Arrays.copyOf(nullItems, grown);
    }
    if (element == KdbType.SYMBOL && "".equals(item)) {
      item = null;
    }
    nullItems[size] = item == null;
    if (item == null) {
      nulls++;
    } else {
      switch (element) {
        case REAL, FLOAT -> doubles[size] = ((Number) item).doubleValue();
        case GUID, SYMBOL, CHAR -> strings[size] = UTF8String.fromString(item.toString());
        default -> longs[size] = value(item);
      }
    }
    size++;
  }

  private long value(Object item) {
    return switch (element) {
      case BOOLEAN -> (Boolean) item ? 1 : 0;
      case BYTE, SHORT, INT, LONG -> ((Number) item).longValue();
      case TIMESTAMP -> {
        long raw = Temporals.timestampValue((LocalDateTime) item);
        yield nanos ? SparkValues.timestampNanos(raw) : SparkValues.timestampMicros(raw);
      }
      case DATETIME -> {
        LocalDateTime t = (LocalDateTime) item;
        long millis = t.toEpochSecond(ZoneOffset.UTC) * 1000 + t.getNano() / 1_000_000;
        // Storage saturates 0w and -0w at the ends of its range: read them as a datetime column
        // reads them (SparkValues#datetimeMicros), not as the year 10000 or 0.
        if (millis >= Temporals.DATETIME_MAX_MILLIS || millis <= Temporals.DATETIME_MIN_MILLIS) {
          yield SparkValues.datetimeMicros(millis > 0 ? Double.POSITIVE_INFINITY
              : Double.NEGATIVE_INFINITY);
        }
        yield Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
            t.getNano() / 1000);
      }
      case DATE -> SparkValues.date(Math.toIntExact(((LocalDate) item).toEpochDay()
          - Temporals.EPOCH_DAYS_2000));
      case MONTH -> SparkValues.month(Temporals.monthValue((YearMonth) item));
      case TIMESPAN -> {
        long ns = ((Duration) item).toNanos();
        yield timespanNanos ? ns : SparkValues.timespanMicros(ns);
      }
      case MINUTE -> item instanceof LocalTime t ? t.toSecondOfDay() / 60 * 60_000_000L
          : ((Duration) item).toMinutes() * 60_000_000L;
      case SECOND -> item instanceof LocalTime t ? t.toSecondOfDay() * 1_000_000L
          : ((Duration) item).getSeconds() * 1_000_000L;
      case TIME -> item instanceof LocalTime t ? t.toNanoOfDay() / 1_000
          : ((Duration) item).toMillis() * 1_000L;
      default -> throw new IllegalStateException("no list items of type " + element);
    };
  }

  @Override
  public boolean getBoolean(int rowId) {
    return longs[rowId] != 0;
  }

  @Override
  public short getShort(int rowId) {
    return (short) longs[rowId];
  }

  @Override
  public int getInt(int rowId) {
    return (int) longs[rowId];
  }

  @Override
  public long getLong(int rowId) {
    return longs[rowId];
  }

  @Override
  public float getFloat(int rowId) {
    return (float) doubles[rowId];
  }

  @Override
  public double getDouble(int rowId) {
    return doubles[rowId];
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return strings[rowId];
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    throw new UnsupportedOperationException("list items have no children");
  }

  /** Items are null where {@link #add} was given null (the base class's flags are unused). */
  @Override
  public boolean isNullAt(int rowId) {
    return nullItems[rowId];
  }
}
