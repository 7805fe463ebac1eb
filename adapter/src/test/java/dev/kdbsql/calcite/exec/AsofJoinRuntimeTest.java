package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.EnumerableDefaults;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.linq4j.function.Function2;
import org.apache.calcite.linq4j.function.Predicate2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AsofJoinRuntime} against Calcite's own {@link EnumerableDefaults#asofJoin} on random
 * rows {@code {id, key, value}}: few keys and few values (so ties are common), null keys and
 * values, both zeros, NaN and infinities for doubles, integers that round to one float, decimals
 * equal by {@code compareTo} but not by {@code equals}, and timestamps apart by less than a
 * millisecond or inside the daylight-saving gap of the tests' zone (America/New_York). Calcite's
 * predicate and comparator are written here as its generated code behaves, over each value's
 * exact SQL value ({@link #exact}): a comparison with null is false, doubles compare with Java's
 * operators, and the comparator orders like {@code compareTo} with nulls first.
 */
class AsofJoinRuntimeTest {
  private static final Function1<Object[], Object> KEY = row -> row[1];
  private static final Function1<Object[], Object> VALUE = row -> row[2];
  private static final Function2<Object[], Object[], String> SELECT =
      (l, r) -> l[0] + "|" + (r == null ? "null" : r[0]);

  @ParameterizedTest
  @EnumSource(AsofMatch.Encoding.class)
  void givesCalcitesRows(AsofMatch.Encoding encoding) {
    Random rnd = new Random(7 + encoding.ordinal());
    for (int round = 0; round < 20; round++) {
      List<Object[]> left = rows(rnd, 1 + rnd.nextInt(300), encoding, round % 2 == 0);
      List<Object[]> right = rows(rnd, rnd.nextInt(400), encoding, round % 2 == 0);
      for (boolean below : new boolean[] {true, false}) {
        for (boolean strict : new boolean[] {true, false}) {
          for (boolean outer : new boolean[] {true, false}) {
            AsofMatch match = new AsofMatch(encoding, encoding, below, strict);
            // Calcite's operator keeps the first of tied right rows, ours the last: reversed.
            List<String> expected = sorted(EnumerableDefaults.asofJoin(
                Linq4j.asEnumerable(exact(encoding, left)),
                Linq4j.asEnumerable(exact(encoding, reversed(right))), KEY, KEY, SELECT,
                predicate(match), comparator(below), outer));
            List<String> actual = sorted(AsofJoinRuntime.join(Linq4j.asEnumerable(left),
                Linq4j.asEnumerable(right), KEY, KEY, VALUE, VALUE, SELECT, match, outer));
            assertEquals(expected, actual, match + ", left join " + outer);
          }
        }
      }
    }
  }

  /** {@code rows} with their match values replaced by the {@link #exact} SQL values. */
  private static List<Object[]> exact(AsofMatch.Encoding encoding, List<Object[]> rows) {
    return rows.stream().map(r -> new Object[] {r[0], r[1], exact(encoding, r[2])}).toList();
  }

  private static List<Object[]> reversed(List<Object[]> rows) {
    List<Object[]> out = new java.util.ArrayList<>(rows);
    java.util.Collections.reverse(out);
    return out;
  }

  @Test
  void streamsTheLeftInputInOrder() {
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      left.add(new Object[] {i, i % 7, (long) (10_000 - i) * 3});
      right.add(new Object[] {i, i % 7, (long) i * 5});
    }
    List<Object> ids = AsofJoinRuntime.join(Linq4j.asEnumerable(left),
        Linq4j.asEnumerable(right), KEY, KEY, VALUE, VALUE, (l, r) -> l[0],
        new AsofMatch(AsofMatch.Encoding.LONG, AsofMatch.Encoding.LONG, true, false), true)
        .toList();
    assertEquals(IntStream.range(0, 10_000).boxed().toList(), ids);
  }

  @Test
  void stableOrderKeepsEqualElementsInIndexOrder() {
    Random rnd = new Random(3);
    for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000, 4097}) {
      long[] v = rnd.longs(n, 0, 1 + n / 4).toArray();
      Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(boxed, Comparator.comparingLong(i -> v[i]));
      int[] order = AsofIndex.stableOrder(n, (i, j) -> Long.compare(v[i], v[j]));
      assertArrayEquals(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(), order);
    }
  }

  @Test
  void sortableDoublesOrderLikeDoubleCompare() {
    double[] v = {Double.NEGATIVE_INFINITY, -1e300, -2.5, -Double.MIN_VALUE, -0.0, 0.0,
        Double.MIN_VALUE, 1, 1e300, Double.POSITIVE_INFINITY};
    for (int i = 1; i < v.length; i++) {
      assertTrue(AsofIndex.sortableDouble(v[i - 1]) < AsofIndex.sortableDouble(v[i]),
          v[i - 1] + " < " + v[i]);
    }
  }

  /**
   * {@code n} rows from 16 distinct values (strings or decimals in alternate rounds for
   * {@link AsofMatch.Encoding#COMPARABLE}), a twelfth of keys and of values null.
   */
  private static List<Object[]> rows(Random rnd, int n, AsofMatch.Encoding encoding,
      boolean strings) {
    // 01:59:59.999 to 03:14:59.999 on the day New York skips 02:00 to 03:00, in steps of 25
    // minutes, each plus 0, 0.4, 0.8 or 1.2 ms: ties to the millisecond, distinct nanoseconds.
    LocalDateTime gapDay = LocalDateTime.of(2024, 3, 10, 1, 59, 59, 999_000_000);
    Function<Integer, Object> value = switch (encoding) {
      case LONG -> i -> (long) i;
      case DATE_MILLIS -> i -> i - 5;
      case TIMESTAMP, TIMESTAMP_MILLIS, TIMESTAMP_FLOORED -> i ->
          KdbTimestamp.of(gapDay.plusMinutes(i / 4 * 25L).plusNanos(i % 4 * 400_000L));
      // times of day 0.4 ms apart, ties to the millisecond
      case TIMESPAN, TIMESPAN_MILLIS, TIMESPAN_FLOORED -> i ->
          KdbTimespan.ofDay(36_000_000_000_000L + i / 4 * 1_000_000L + i % 4 * 400_000L);
      // Calcite's own values compared with kdb+ ones: epoch milliseconds, days, milliseconds
      // of the day (the infinities' wrapped longs included)
      case MILLIS_AS_TIMESTAMP -> i -> i == 0 ? Long.MIN_VALUE + 2 : i == 1 ? Long.MAX_VALUE
          : 1_710_000_000_000L + i * 1_000L;
      case DATE_AS_TIMESTAMP -> i -> 19_700 + i;
      case MILLIS_AS_TIMESPAN -> i -> 36_000_000 + i * 7;
      case DOUBLE -> i -> switch (i) {
        case 0 -> -0.0;
        case 1 -> 0.0;
        case 2 -> Double.NaN;
        case 3 -> Double.POSITIVE_INFINITY;
        case 4 -> Double.NEGATIVE_INFINITY;
        default -> i / 2.0 - 4;
      };
      // longs around 2^24, which round to even floats in pairs, and floats
      case REAL -> i -> switch (i) {
        case 0 -> -0.0f;
        case 1 -> 0.0f;
        case 2 -> Float.NaN;
        case 3 -> Float.NEGATIVE_INFINITY;
        default -> (1L << 24) + i - 8;
      };
      // 1, 1.0 and 1.00 compare equal but are not equal
      case COMPARABLE -> strings ? i -> "abcdefg".substring(0, i % 7) + i / 7
          : i -> new BigDecimal(i / 3).setScale(i % 3);
    };
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {i, rnd.nextInt(12) == 0 ? null : rnd.nextInt(4),
          rnd.nextInt(12) == 0 ? null : value.apply(rnd.nextInt(16))});
    }
    return rows;
  }

  /**
   * The SQL value a row's match value stands for under {@code encoding}, exact: a timestamp's
   * wall clock (to the millisecond for {@link AsofMatch.Encoding#TIMESTAMP_MILLIS}), a date's
   * epoch milliseconds, a number cast to REAL as a float.
   */
  private static Object exact(AsofMatch.Encoding encoding, Object v) {
    if (v == null) {
      return null;
    }
    return switch (encoding) {
      case LONG, COMPARABLE, DOUBLE -> v;
      case DATE_MILLIS -> ((Integer) v) * 86_400_000L;
      case TIMESTAMP -> ((KdbTimestamp) v).nanos();
      case TIMESPAN -> ((KdbTimespan) v).nanos();
      case TIMESTAMP_MILLIS -> ((KdbTimestamp) v).toLocalDateTime().truncatedTo(ChronoUnit.MILLIS);
      case TIMESPAN_MILLIS -> ((KdbTimespan) v).nanos() / 1_000_000L;
      case TIMESTAMP_FLOORED -> Math.floorDiv(((KdbTimestamp) v).nanos(), 1_000_000L);
      case TIMESPAN_FLOORED -> ((KdbTimespan) v).nanos() / 1_000_000L;
      // Calcite's own values, whose order the kdb+ unit keeps
      case MILLIS_AS_TIMESTAMP, DATE_AS_TIMESTAMP, MILLIS_AS_TIMESPAN -> v;
      case REAL -> (double) ((Number) v).floatValue();
    };
  }

  /** Calcite's match condition, right value against left value. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Predicate2<Object[], Object[]> predicate(AsofMatch m) {
    return (l, r) -> {
      if (l[2] == null || r[2] == null) {
        return false;
      }
      if (m.left().floating()) {
        double x = (Double) r[2];
        double y = (Double) l[2];
        return m.rightBelow() ? (m.strict() ? x < y : x <= y) : (m.strict() ? x > y : x >= y);
      }
      int c = ((Comparable) r[2]).compareTo(l[2]);
      return m.rightBelow() ? (m.strict() ? c < 0 : c <= 0) : (m.strict() ? c > 0 : c >= 0);
    };
  }

  /**
   * Calcite's comparator of right rows: ascending for a {@code <} or {@code <=} condition (the
   * greatest matching value wins), descending otherwise, nulls first.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Object[]> comparator(boolean ascending) {
    Comparator<Object[]> c = Comparator.comparing(r -> (Comparable) r[2],
        Comparator.nullsFirst(Comparator.naturalOrder()));
    return ascending ? c : (a, b) -> {
      if (a[2] == null || b[2] == null) {
        return a[2] == null ? (b[2] == null ? 0 : -1) : 1;
      }
      return ((Comparable) b[2]).compareTo(a[2]);
    };
  }

  private static List<String> sorted(Enumerable<String> rows) {
    List<String> list = new ArrayList<>(rows.toList());
    list.sort(null);
    return list;
  }
}
