package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import org.junit.jupiter.api.Test;

/** The epoch conversions against java.time, and their infinities. */
class EpochsTest {

  @Test
  void monthsMatchJavaTimeBothWays() {
    for (int m = -30_000; m <= 30_000; m += 7) {
      int days = Epochs.monthToDays(m);
      assertEquals(Temporals.month(m).atDay(1).toEpochDay(), days, "month " + m);
      assertEquals(m, Epochs.daysToMonth(days), "month " + m);
      assertEquals(m, Epochs.daysToMonth(days + 27), "day 28 of month " + m);
    }
  }

  @Test
  void infinitiesAreFixedPoints() {
    for (int inf : new int[] {Nulls.INT_INF, -Nulls.INT_INF}) {
      assertEquals(inf, Epochs.monthToDays(inf));
      assertEquals(inf, Epochs.daysToMonth(inf));
      assertEquals(inf, Epochs.shift(inf, Temporals.EPOCH_DAYS_2000));
      assertEquals(inf, Epochs.scale(inf, 60));
      assertEquals(inf, Epochs.unscale(inf, 60));
    }
    assertEquals(Nulls.LONG_INF, Epochs.shift(Nulls.LONG_INF, Temporals.EPOCH_NANOS_2000));
    assertEquals(-Nulls.LONG_INF, Epochs.shift(-Nulls.LONG_INF, -Temporals.EPOCH_NANOS_2000));
    assertEquals(Nulls.LONG_INF, Epochs.datetimeToMillis(Double.POSITIVE_INFINITY));
    assertEquals(Double.NEGATIVE_INFINITY, Epochs.millisToDatetime(-Nulls.LONG_INF));
  }

  @Test
  void finiteOverflowIsRefused() {
    assertThrows(ArithmeticException.class,
        () -> Epochs.shift(Nulls.LONG_INF - 1, Temporals.EPOCH_NANOS_2000));
    assertThrows(ArithmeticException.class, () -> Epochs.scale(Nulls.INT_INF - 1, 60));
    assertThrows(ArithmeticException.class,
        () -> Epochs.shift(Nulls.INT_INF - 1, Temporals.EPOCH_DAYS_2000));
  }
}
