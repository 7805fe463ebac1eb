package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.calcite.spec.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The top-N's block test and row selection on raw shorts, ints and longs
 * ({@link TopNKey.RawInterval}) against the definition: a row may enter exactly when its value,
 * null and direction folded in as the top-N folds them, is at most the cap. Edge values (nulls,
 * infinities, the ends of each width) are drawn often, as are caps next to their keys.
 */
class TopNRawIntervalTest {
  private final Random random = new Random(7);

  @Test
  void blockTestAgreesWithFoldedKeys() {
    for (int bits : new int[] {16, 32, 64}) {
      long nul = Long.MIN_VALUE >> (64 - bits);
      long[] edges = {nul, nul + 1, nul + 2, -1, 0, 1, ~nul - 1, ~nul};
      for (boolean desc : new boolean[] {false, true}) {
        for (boolean nullsFirst : new boolean[] {false, true}) {
          SortKey k = new SortKey(0, desc, nullsFirst);
          for (int trial = 0; trial < 20_000; trial++) {
            int len = 1 + random.nextInt(9);
            long[] v = new long[len];
            for (int i = 0; i < len; i++) {
              v[i] = random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)]
                  : random.nextLong() >> (64 - bits);
            }
            long cap = cap(edges, v, k, nul);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < len; i++) {
              if (fold(v[i], k, nul) <= cap) {
                expected.add(i);
              }
            }
            TopNKey.RawInterval in = TopNKey.RawInterval.of(bits, k, cap);
            boolean any;
            int[] at = new int[len];
            int n;
            if (in.empty()) {
              any = false;
              n = 0;
            } else if (bits == 32) {
              int[] ints = new int[len + 2];
              for (int i = 0; i < len; i++) {
                ints[i] = (int) v[i];
              }
              any = in.anyIn(ints, len);
              n = in.select(ints, len, at);
            } else {
              long[] longs = Arrays.copyOf(v, len + 2);
              any = in.anyIn(longs, len);
              n = in.select(longs, len, at);
            }
            List<Integer> selected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              selected.add(at[i]);
            }
            Supplier<String> what = () -> bits + " bits, " + k + ", cap " + cap + ", values "
                + Arrays.toString(v);
            assertEquals(!expected.isEmpty(), any, what);
            assertEquals(expected, selected, what);
          }
        }
      }
    }
  }

  /** A cap below Long.MAX_VALUE, often the key of a value or of an edge, give or take one. */
  private long cap(long[] edges, long[] v, SortKey k, long nul) {
    long c = switch (random.nextInt(4)) {
      case 0 -> fold(v[random.nextInt(v.length)], k, nul);
      case 1 -> fold(edges[random.nextInt(edges.length)], k, nul);
      case 2 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE - 1;
      default -> random.nextLong();
    };
    c += random.nextInt(3) - 1;
    return c == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : c;
  }

  /** The top-N's key of raw value {@code x}: the null where the key puts it, else v or ~v. */
  private static long fold(long x, SortKey k, long nul) {
    if (x == nul) {
      return k.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return k.descending() ? ~x : x;
  }
}
