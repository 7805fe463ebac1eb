package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalsTest {
  @Test
  void timestampsRoundTripOverTheWholeRange() {
    Random r = new Random(3);
    long[] edges = {-Nulls.LONG_INF, Nulls.LONG_INF, 0, -1, 1, -Temporals.NANOS_PER_DAY,
        -Temporals.NANOS_PER_DAY - 1, -Temporals.NANOS_PER_DAY + 1};
    for (long v : edges) {
      assertEquals(v, Temporals.timestampValue(Temporals.timestamp(v)), "timestamp " + v);
    }
    for (int i = 0; i < 10_000; i++) {
      long v = r.nextLong();
      if (v != Nulls.LONG_NULL) {
        assertEquals(v, Temporals.timestampValue(Temporals.timestamp(v)), "timestamp " + v);
      }
    }
    assertThrows(ArithmeticException.class, () -> Temporals.timestampValue(
        Temporals.timestamp(Nulls.LONG_INF).plusNanos(1)));
    assertThrows(ArithmeticException.class, () -> Temporals.timestampValue(
        LocalDateTime.of(1600, 1, 1, 0, 0)));
  }
}
