package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
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
  private static int monthByJavaTime(int month) {
    return (int) Temporals.month(month).atDay(1).toEpochDay();
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

  /** Calcite's value of a timestamp is its wall clock floored to the millisecond. */
  @Test
  void timestampMillisIsTheWallClockFlooredToMilliseconds() {
    Random r = new Random(7);
    LongStream extremes = LongStream.of(Nulls.LONG_INF, -Nulls.LONG_INF, 0, -1, 1, 999_999,
        -999_999, -1_000_000, -1_000_001, 1_000_000);
    LongStream.concat(extremes, r.longs(200_000)).forEach(n ->
        assertEquals(Temporals.EPOCH_MILLIS_2000 + Math.floorDiv(n, 1_000_000L),
            CalciteValues.timestampMillis(n), "timestamp " + n));
  }

  @Test
  void timesOfDayAreNullOutsideOneDay() {
    assertEquals(86_399_000, CalciteValues.secondOfDay(86_399));
    assertEquals(-1, CalciteValues.secondOfDay(86_400));
    assertEquals(-1, CalciteValues.minuteOfDay(-1));
    assertEquals(-1, CalciteValues.minuteOfDay(Nulls.INT_INF));
    assertEquals(0, CalciteValues.timespanOfDay(999_999));
    assertEquals(-1, CalciteValues.timespanOfDay(-1));
    assertEquals(-1, CalciteValues.timespanOfDay(Temporals.NANOS_PER_DAY));
  }
}
