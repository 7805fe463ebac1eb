package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The primitive raw-to-Calcite conversions of {@link CalciteValues} against their definitions in
 * {@code java.time} and Calcite: the readers, the top-N keys and the scan's aggregates rely on
 * them being the same function.
 */
class CalciteValuesTest {
  /** The month conversion as {@code java.time} defines it, int overflow included. */
  /** java.time's epoch day of the month's first day, saturated at the int range as read. */
  private static int monthByJavaTime(int month) {
    long day = Temporals.month(month).atDay(1).toEpochDay();
    return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, day));
  }

  /** Dates and months whose epoch day does not fit an int (0Wd, ±0Wm) saturate, never wrap. */
  @Test
  void infiniteDatesSaturate() {
    assertEquals(Integer.MAX_VALUE, CalciteValues.epochDay(Nulls.INT_INF));
    assertEquals(Temporals.EPOCH_DAYS_2000 - Nulls.INT_INF, CalciteValues.epochDay(-Nulls.INT_INF));
    assertEquals(Integer.MAX_VALUE, CalciteValues.monthEpochDay(Nulls.INT_INF));
    assertEquals(-Integer.MAX_VALUE, CalciteValues.monthEpochDay(-Nulls.INT_INF));
    assertEquals(Temporals.DATETIME_MAX_MILLIS,
        CalciteValues.datetimeMillis(Double.POSITIVE_INFINITY));
    assertEquals(Temporals.DATETIME_MIN_MILLIS,
        CalciteValues.datetimeMillis(Double.NEGATIVE_INFINITY));
    assertEquals(Temporals.DATETIME_MAX_MILLIS, CalciteValues.datetimeMillis(1e300));
    assertEquals(Temporals.EPOCH_MILLIS_2000 + 1, CalciteValues.datetimeMillis(
        1.0 / Temporals.MILLIS_PER_DAY));
    assertEquals(Long.MIN_VALUE + 1, Temporals.floorToMultiple(Long.MIN_VALUE + 1, 60_000L));
    assertEquals(-60_000L, Temporals.floorToMultiple(-1, 60_000L));
    assertEquals(Long.MAX_VALUE / 7 * 7, Temporals.floorToMultiple(Long.MAX_VALUE, 7));
  }

  @Test
  void monthEpochDayIsJavaTimesFirstOfMonth() {
    for (int m = -2_000_000; m <= 2_000_000; m++) {
      assertEquals(monthByJavaTime(m), CalciteValues.monthEpochDay(m), "month " + m);
    }
    Random r = new Random(5);
    IntStream extremes = IntStream.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Nulls.INT_INF,
        -Nulls.INT_INF, Integer.MAX_VALUE - 4799, 70_000_000, -70_000_000, 70_600_000,
        -70_600_000);
    IntStream.concat(extremes, r.ints(1_000_000)).forEach(m ->
        assertEquals(monthByJavaTime(m), CalciteValues.monthEpochDay(m), "month " + m));
  }

  /**
   * Calcite's value of a timestamp is its wall clock floored to the millisecond, and back to the
   * exact value is exact.
   */
  @Test
  void timestampMillisIsTheWallClockFlooredToMilliseconds() {
    Random r = new Random(7);
    LongStream extremes = LongStream.of(Nulls.LONG_INF, -Nulls.LONG_INF, 0, -1, 1, 999_999,
        -999_999, -1_000_000, -1_000_001, 1_000_000);
    LongStream.concat(extremes, r.longs(200_000)).forEach(n -> {
      long millis = KdbTimestamp.of(n).calciteMillis();
      assertEquals(Temporals.EPOCH_MILLIS_2000 + Math.floorDiv(n, 1_000_000L), millis,
          "timestamp " + n);
      assertEquals(Temporals.timestamp(n).toInstant(ZoneOffset.UTC).toEpochMilli(), millis,
          "timestamp " + n);
      if (Math.floorMod(n, 1_000_000L) == 0) {
        assertEquals(n, KdbTimestamp.ofCalciteMillis(millis).nanos(), "timestamp " + n);
      }
    });
  }

  @Test
  void timesOfDayAreNullOutsideOneDay() {
    assertEquals(86_399_000, CalciteValues.secondOfDay(86_399));
    assertEquals(-1, CalciteValues.secondOfDay(86_400));
    assertEquals(-1, CalciteValues.minuteOfDay(-1));
    assertEquals(-1, CalciteValues.minuteOfDay(Nulls.INT_INF));
    assertEquals(999_999, KdbTimespan.ofDay(999_999).nanos());
    assertEquals(0, KdbTimespan.ofDay(999_999).calciteMillis());
    assertNull(KdbTimespan.ofDay(-1));
    assertNull(KdbTimespan.ofDay(Temporals.NANOS_PER_DAY));
    assertNull(KdbTimespan.ofDay(Nulls.LONG_NULL));
  }
}
