package dev.kdbsql.arrow;

import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;

/**
 * Value conversions between kdb+ temporal encodings (counts since 2000-01-01) and Arrow's (counts
 * since 1970-01-01), in both directions. Infinities (0W, -0W) are fixed points, so they stay
 * infinities whichever way a value goes; a finite value that does not fit after the shift raises
 * {@link ArithmeticException}, which callers turn into an error naming the column.
 */
public final class Epochs {
  private static final long NEG_LONG_INF = -Nulls.LONG_INF;
  private static final int NEG_INT_INF = -Nulls.INT_INF;

  private Epochs() {}

  /** {@code v + offset}, keeping 0W and -0W. */
  public static long shift(long v, long offset) {
    if (v == Nulls.LONG_INF || v == NEG_LONG_INF) {
      return v;
    }
    long r = Math.addExact(v, offset);
    if (r == Nulls.LONG_INF || r == NEG_LONG_INF || r == Nulls.LONG_NULL) {
      throw new ArithmeticException("value " + v + " shifted by " + offset + " lands on a sentinel");
    }
    return r;
  }

  /** {@code v + offset}, keeping 0W and -0W. */
  public static int shift(int v, int offset) {
    return Math.toIntExact(shift(v, (long) offset, Nulls.INT_INF));
  }

  /** {@code v * factor}, keeping 0W and -0W. */
  public static int scale(int v, int factor) {
    if (v == Nulls.INT_INF || v == NEG_INT_INF) {
      return v;
    }
    return checkedInt(Math.multiplyExact((long) v, factor));
  }

  /** {@code floor(v / divisor)}, keeping 0W and -0W. */
  public static int unscale(int v, int divisor) {
    if (v == Nulls.INT_INF || v == NEG_INT_INF) {
      return v;
    }
    return Math.floorDiv(v, divisor);
  }

  /** A kdb+ month as the Arrow day (since 1970) of its first day. */
  public static int monthToDays(int month) {
    if (month == Nulls.INT_INF || month == NEG_INT_INF) {
      return month;
    }
    return checkedInt(Temporals.monthFirstEpochDay(month));
  }

  /** The kdb+ month holding the Arrow day (since 1970) {@code days}. */
  public static int daysToMonth(int days) {
    if (days == Nulls.INT_INF || days == NEG_INT_INF) {
      return days;
    }
    return checkedInt(Temporals.epochDayMonth(days));
  }

  /** A kdb+ datetime (fractional days since 2000) as Arrow milliseconds since 1970. */
  public static long datetimeToMillis(double days) {
    if (days == Double.POSITIVE_INFINITY) {
      return Nulls.LONG_INF;
    }
    if (days == Double.NEGATIVE_INFINITY) {
      return NEG_LONG_INF;
    }
    if (Math.abs(days * Temporals.MILLIS_PER_DAY) >= 0x1p62) {
      throw new ArithmeticException("datetime " + days + " is outside Arrow's millisecond range");
    }
    return Temporals.datetimeEpochMillis(days);
  }

  /** Arrow milliseconds since 1970 as a kdb+ datetime. */
  public static double millisToDatetime(long millis) {
    if (millis == Nulls.LONG_INF) {
      return Double.POSITIVE_INFINITY;
    }
    if (millis == NEG_LONG_INF) {
      return Double.NEGATIVE_INFINITY;
    }
    return shift(millis, -Temporals.EPOCH_MILLIS_2000) / (double) Temporals.MILLIS_PER_DAY;
  }

  private static long shift(long v, long offset, long inf) {
    if (v == inf || v == -inf) {
      return v;
    }
    long r = v + offset;
    if (r >= inf || r <= -inf) {
      throw new ArithmeticException("value " + v + " shifted by " + offset
          + " is outside the 32-bit range");
    }
    return r;
  }

  private static int checkedInt(long v) {
    if (v >= Nulls.INT_INF || v <= NEG_INT_INF) {
      throw new ArithmeticException("value " + v + " is outside the 32-bit range");
    }
    return (int) v;
  }
}
