package dev.kdbsql.storage.column;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import java.time.Duration;
import java.time.LocalTime;

/** Turns raw kdb+ atoms into the boxed values {@link dev.kdbsql.storage.Column#getObject} promises. */
public final class Values {
  private Values() {}

  /** Boxes an int-like atom of {@code type}; null for the int null. */
  public static Object ofInt(KdbType type, int v) {
    if (v == Nulls.INT_NULL) {
      return null;
    }
    return switch (type) {
      case INT -> v;
      case MONTH -> Temporals.month(v);
      case DATE -> Temporals.date(v);
      case MINUTE -> timeOfDay(v * 60_000L);
      case SECOND -> timeOfDay(v * 1000L);
      case TIME -> timeOfDay(v);
      default -> throw new IllegalArgumentException("not an int-like type: " + type);
    };
  }

  private static Object timeOfDay(long millis) {
    LocalTime t = Temporals.timeOfDayMillis(millis);
    return t != null ? t : Duration.ofMillis(millis);
  }

  /** Boxes a long-like atom of {@code type}; null for the long null. */
  public static Object ofLong(KdbType type, long v) {
    if (v == Nulls.LONG_NULL) {
      return null;
    }
    return switch (type) {
      case LONG -> v;
      case TIMESTAMP -> Temporals.timestamp(v);
      case TIMESPAN -> Temporals.timespan(v);
      default -> throw new IllegalArgumentException("not a long-like type: " + type);
    };
  }

  /** Boxes a float or datetime atom; null for NaN. */
  public static Object ofDouble(KdbType type, double v) {
    if (Double.isNaN(v)) {
      return null;
    }
    return type == KdbType.DATETIME ? Temporals.datetime(v) : (Object) v;
  }

  /** Boxes a one-byte atom (boolean, byte, char); null for the char null (a space). */
  public static Object ofByte(KdbType type, byte v) {
    return switch (type) {
      case BOOLEAN -> v != 0;
      case BYTE -> v & 0xff;
      case CHAR -> v == Nulls.CHAR_NULL ? null : (char) (v & 0xff);
      default -> throw new IllegalArgumentException("not a byte-wide type: " + type);
    };
  }
}
