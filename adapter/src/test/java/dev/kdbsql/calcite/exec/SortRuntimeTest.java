package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kdbsql.calcite.exec.WindowProgram.OrderKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.calcite.linq4j.Linq4j;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sort operator against a stable sort of the same rows by a plain comparator (SQL's order of
 * each key, NULLs first or last): random keys with many ties and NULLs, keys of several types,
 * every direction and null order, and cuts on both sides of the top-N buffer. The same row
 * objects come out, ties in their input order.
 */
class SortRuntimeTest {
  private static final String[] WORDS = {"", "a", "ab", "b", "\u00e9", "Z", "zz", "\ud83d\ude00"};

  /** Rows of a long, a string, a double and an id, each key drawn from a few values or NULL. */
  private static List<Object[]> rows(int n, Random r) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {
          r.nextInt(8) == 0 ? null : (long) r.nextInt(20) - 10,
          r.nextInt(8) == 0 ? null : WORDS[r.nextInt(WORDS.length)],
          r.nextInt(8) == 0 ? null : r.nextInt(6) == 0 ? Double.NEGATIVE_INFINITY
              : Math.rint(r.nextGaussian() * 4) / 2,
          i});
    }
    return rows;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Object[]> comparator(List<OrderKey> keys) {
    Comparator<Object[]> c = (a, b) -> 0;
    for (OrderKey k : keys) {
      Comparator<Object[]> one = (a, b) -> {
        Comparable x = (Comparable) a[k.field()];
        Comparable y = (Comparable) b[k.field()];
        if (x == null || y == null) {
          return x == y ? 0 : (x == null) == k.nullsFirst() ? -1 : 1;
        }
        int v = x.compareTo(y);
        return k.descending() ? -v : v;
      };
      c = c.thenComparing(one);
    }
    return c;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void sameAsAStableSort(long seed) {
    Random r = new Random(seed);
    List<Object[]> rows = rows(seed % 2 == 0 ? 9_000 : 700, r);
    long[][] cuts = {{0, -1}, {0, 0}, {0, 1}, {5, 10}, {0, 4096}, {100, 5000}, {8_990, 50},
        {20_000, -1}, {3, -1}};
    for (int trial = 0; trial < 12; trial++) {
      List<OrderKey> keys = new ArrayList<>();
      int n = 1 + r.nextInt(3);
      for (int k = 0; k < n; k++) {
        keys.add(new OrderKey(r.nextInt(3), r.nextBoolean(), r.nextBoolean()));
      }
      for (long[] cut : cuts) {
        SortRuntime.Spec spec = new SortRuntime.Spec(keys, cut[0], cut[1]);
        List<Object[]> expected = new ArrayList<>(rows);
        expected.sort(comparator(keys));
        int from = (int) Math.min(cut[0], expected.size());
        int to = cut[1] < 0 ? expected.size() : (int) Math.min(expected.size(), cut[0] + cut[1]);
        expected = expected.subList(from, Math.max(from, to));
        List<Object[]> actual = SortRuntime.sort(Linq4j.asEnumerable(rows), spec).toList();
        assertEquals(expected.size(), actual.size(), spec.toString());
        for (int i = 0; i < expected.size(); i++) {
          assertSame(expected.get(i), actual.get(i), spec + " row " + i);
        }
      }
    }
  }
}
