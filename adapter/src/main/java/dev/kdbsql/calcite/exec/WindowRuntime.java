package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.exec.WindowProgram.Bound;
import dev.kdbsql.calcite.exec.WindowProgram.Call;
import dev.kdbsql.calcite.exec.WindowProgram.Group;
import dev.kdbsql.calcite.exec.WindowProgram.OrderKey;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.Types;

/**
 * Executes a window operator's {@link WindowProgram}: reads the input rows once, then per group
 * numbers the partitions (in order of first appearance), puts the rows of each partition
 * together with one counting pass, and sorts a partition only where its rows are not already in
 * the group's order (rows stored by sym then time need no sort for a window partitioned by sym
 * and ordered by time); then computes each call over primitive arrays of codes and values
 * ({@link WindowKeys}): ranks from peer boundaries, sums and counts from prefix sums over the
 * partition (exactly as Calcite's incremental sums for frames that start at the partition's
 * start), MIN and MAX with a monotonic queue over frames that only move forward, value functions
 * by position. Rows come out in the input's order, each the input row followed by the calls'
 * values, built as they are read.
 *
 * <p>Ties in the order keep the order rows arrive in (the input's, or the previous group's), as
 * Calcite's stable sort does; keys compare as {@link WindowKeys} says (kdb+ timestamps exactly,
 * to the nanosecond). NTH_VALUE follows the SQL standard (as Postgres and DuckDB): the n-th row
 * must lie in the frame. NTILE arrives rewritten from ROW_NUMBER and COUNT
 * ({@code WindowRewriter}, before planning, so Calcite's operator gives the same buckets).
 */
public final class WindowRuntime {
  /** {@link #window}, which generated code calls. */
  public static final Method WINDOW = Types.lookupMethod(WindowRuntime.class, "window",
      Enumerable.class, WindowProgram.class);

  private final WindowProgram program;
  private final List<Object[]> rows;
  private final Map<Integer, WindowKeys> keys = new HashMap<>();
  /** Per output column beyond the input: the values, by input row. */
  private final Object[][] results;

  private WindowRuntime(WindowProgram program, List<Object[]> rows) {
    this.program = program;
    this.rows = rows;
    int calls = program.groups().stream().mapToInt(g -> g.calls().size()).sum();
    this.results = new Object[calls][];
  }

  /**
   * The rows of {@code input} (each an {@code Object[]} of the program's input width), each
   * followed by the values of the program's calls. Called via code generation.
   */
  public static Enumerable<Object[]> window(Enumerable<Object[]> input, WindowProgram program) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        List<Object[]> rows = input.into(new ArrayList<>());
        WindowRuntime w = new WindowRuntime(program, rows);
        w.run();
        return w.output();
      }
    };
  }

  private WindowKeys keys(int field) {
    return keys.computeIfAbsent(field, f -> WindowKeys.of(rows, f));
  }

  private void run() {
    int column = 0;
    int[] previous = null;
    for (Group g : program.groups()) {
      Ordered o = order(g, previous);
      previous = o.perm();
      for (Call c : g.calls()) {
        results[column++] = compute(g, o, c);
      }
    }
  }

  private Enumerator<Object[]> output() {
    int width = program.inputWidth();
    return new Enumerator<>() {
      private int i = -1;
      private Object[] current;

      @Override
      public Object[] current() {
        return current;
      }

      @Override
      public boolean moveNext() {
        if (++i >= rows.size()) {
          current = null;
          return false;
        }
        Object[] in = rows.get(i);
        Object[] out = new Object[width + results.length];
        System.arraycopy(in, 0, out, 0, width);
        for (int c = 0; c < results.length; c++) {
          out[width + c] = results[c][i];
        }
        rows.set(i, null);
        current = out;
        return true;
      }

      @Override
      public void reset() {
        throw new UnsupportedOperationException("a window's rows are read once");
      }

      @Override
      public void close() {
        current = null;
      }
    };
  }

  /**
   * The rows of a group in its order: {@code perm[p]} is the input row at position {@code p},
   * partition {@code k} is positions {@code [starts[k], starts[k + 1])}, and positions
   * {@code [peerStart[p], peerEnd[p]]} are the peers of position {@code p} (ties in the order).
   */
  private record Ordered(int[] perm, int[] starts, int[] peerStart, int[] peerEnd,
      RowOrder order, OrderKey[] orderKeys) {
  }

  /**
   * Orders the rows for group {@code g}. Ties keep the order in which rows reach the group:
   * the input's for the first group, the previous group's order ({@code previous}) for the
   * next, as Calcite computes each group over the previous one's output.
   */
  private Ordered order(Group g, int[] previous) {
    int n = rows.size();
    int[] partition = new int[n];
    int partitions = n == 0 ? 0 : 1;
    for (int field : g.partition()) {
      partitions = refine(partition, keys(field), previous);
    }
    // Counting sort by partition: stable, so each partition keeps the input order.
    int[] starts = new int[partitions + 1];
    for (int i = 0; i < n; i++) {
      starts[partition[i] + 1]++;
    }
    for (int k = 0; k < partitions; k++) {
      starts[k + 1] += starts[k];
    }
    int[] next = java.util.Arrays.copyOf(starts, partitions);
    int[] perm = new int[n];
    for (int j = 0; j < n; j++) {
      int i = previous == null ? j : previous[j];
      perm[next[partition[i]]++] = i;
    }
    OrderKey[] orderKeys = g.order().toArray(new OrderKey[0]);
    WindowKeys[] encoded = new WindowKeys[orderKeys.length];
    for (int k = 0; k < encoded.length; k++) {
      encoded[k] = keys(orderKeys[k].field());
    }
    RowOrder order = new RowOrder(encoded, orderKeys);
    int[] peerStart = new int[n];
    int[] peerEnd = new int[n];
    for (int k = 0; k < partitions; k++) {
      int s = starts[k];
      int e = starts[k + 1];
      order.sort(perm, s, e);
      int first = s;
      for (int p = s; p < e; p++) {
        if (p > s && order.compare(perm[p - 1], perm[p]) != 0) {
          for (int q = first; q < p; q++) {
            peerEnd[q] = p - 1;
          }
          first = p;
        }
        peerStart[p] = first;
      }
      for (int q = first; q < e; q++) {
        peerEnd[q] = e - 1;
      }
    }
    return new Ordered(perm, starts, peerStart, peerEnd, order, orderKeys);
  }

  /**
   * Refines the partition numbers {@code partition} by one more key: rows stay together only if
   * they also agree on {@code key} (NULLs agree with each other). Numbers follow the order of
   * first appearance, rows taken in {@code arrival} order (or the input's). Returns the number
   * of partitions.
   */
  private static int refine(int[] partition, WindowKeys key, int[] arrival) {
    int n = partition.length;
    PairIds ids = new PairIds(n);
    // Rows stored by the partition keys come in runs: the previous row's pair is checked first.
    long lastX = 0;
    long lastY = 0;
    int lastId = -1;
    for (int j = 0; j < n; j++) {
      int i = arrival == null ? j : arrival[j];
      boolean isNull = key.isNull(i);
      long x = ((long) partition[i] << 1) | (isNull ? 1 : 0);
      long y = isNull ? 0 : key.codes[i];
      if (lastId < 0 || x != lastX || y != lastY) {
        lastId = ids.id(x, y);
        lastX = x;
        lastY = y;
      }
      partition[i] = lastId;
    }
    return ids.size;
  }

  /** Dense ids of pairs of longs, in order of first appearance (open addressing). */
  private static final class PairIds {
    private long[] a;
    private long[] b;
    private int[] id;
    private int size;

    PairIds(int expected) {
      int cap = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
      a = new long[cap];
      b = new long[cap];
      id = new int[cap];
    }

    int id(long x, long y) {
      int mask = id.length - 1;
      long h = (x * 0x9E3779B97F4A7C15L + y) * 0xC2B2AE3D27D4EB4FL;
      for (int s = (int) (h ^ (h >>> 29)) & mask; ; s = (s + 1) & mask) {
        if (id[s] == 0) {
          a[s] = x;
          b[s] = y;
          id[s] = ++size;
          if (size * 2 > id.length) {
            grow();
          }
          return size - 1;
        }
        if (a[s] == x && b[s] == y) {
          return id[s] - 1;
        }
      }
    }

    private void grow() {
      long[] oa = a;
      long[] ob = b;
      int[] oid = id;
      a = new long[oa.length * 2];
      b = new long[oa.length * 2];
      id = new int[oa.length * 2];
      int mask = id.length - 1;
      for (int o = 0; o < oid.length; o++) {
        if (oid[o] != 0) {
          long h = (oa[o] * 0x9E3779B97F4A7C15L + ob[o]) * 0xC2B2AE3D27D4EB4FL;
          int s = (int) (h ^ (h >>> 29)) & mask;
          while (id[s] != 0) {
            s = (s + 1) & mask;
          }
          a[s] = oa[o];
          b[s] = ob[o];
          id[s] = oid[o];
        }
      }
    }
  }

  /** The values of call {@code c} by input row. */
  private Object[] compute(Group g, Ordered o, Call c) {
    Object[] out = new Object[rows.size()];
    int[] perm = o.perm();
    int[] starts = o.starts();
    int[] lo = new int[rows.size()];
    int[] hi = new int[rows.size()];
    boolean framed = switch (c.function()) {
      case FIRST_VALUE, LAST_VALUE, NTH_VALUE, COUNT, SUM, SUM0, MIN, MAX -> true;
      default -> false;
    };
    for (int k = 0; k + 1 < starts.length; k++) {
      int s = starts[k];
      int e = starts[k + 1];
      if (framed) {
        frames(g, o, s, e, lo, hi);
      }
      switch (c.function()) {
        case ROW_NUMBER -> {
          for (int p = s; p < e; p++) {
            out[perm[p]] = box(c, p - s + 1);
          }
        }
        case RANK -> {
          for (int p = s; p < e; p++) {
            out[perm[p]] = box(c, o.peerStart()[p] - s + 1);
          }
        }
        case DENSE_RANK -> {
          long rank = 0;
          for (int p = s; p < e; p++) {
            if (o.peerStart()[p] == p) {
              rank++;
            }
            out[perm[p]] = box(c, rank);
          }
        }
        case PERCENT_RANK -> {
          for (int p = s; p < e; p++) {
            out[perm[p]] = e - s == 1 ? 0.0 : (double) (o.peerStart()[p] - s) / (e - s - 1);
          }
        }
        case CUME_DIST -> {
          for (int p = s; p < e; p++) {
            out[perm[p]] = (double) (o.peerEnd()[p] - s + 1) / (e - s);
          }
        }
        case LAG, LEAD -> shift(c, perm, s, e, out);
        case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
          int field = c.args().get(0);
          for (int p = s; p < e; p++) {
            int at = c.function() == WindowProgram.Function.FIRST_VALUE ? lo[p]
                : c.function() == WindowProgram.Function.LAST_VALUE ? hi[p]
                : lo[p] + (int) c.constant() - 1;
            out[perm[p]] = lo[p] <= hi[p] && at >= lo[p] && at <= hi[p]
                ? rows.get(perm[at])[field] : null;
          }
        }
        case COUNT -> count(c, perm, s, e, lo, hi, out);
        case SUM, SUM0 -> sum(c, g, perm, s, e, lo, hi, out);
        case MIN, MAX -> extreme(c, perm, s, e, lo, hi, out);
      }
    }
    return out;
  }

  /**
   * Sets the frame of every position {@code p} of the partition {@code [s, e)}: positions
   * {@code [lo[p], hi[p]]}, empty when {@code lo[p] > hi[p]}.
   */
  private void frames(Group g, Ordered o, int s, int e, int[] lo, int[] hi) {
    if (g.rows() || (g.lower().kind() != Bound.Kind.PRECEDING
        && g.lower().kind() != Bound.Kind.FOLLOWING && g.upper().kind() != Bound.Kind.PRECEDING
        && g.upper().kind() != Bound.Kind.FOLLOWING)) {
      for (int p = s; p < e; p++) {
        lo[p] = position(g.lower(), g.rows(), o, s, e, p, true);
        hi[p] = position(g.upper(), g.rows(), o, s, e, p, false);
      }
      return;
    }
    // RANGE with an offset: one order key (the planner checks). Its NULLs lie together at one
    // end of the partition; a row whose key is NULL has its NULL peers as the offset bounds (as
    // Postgres and DuckDB; no offset reaches a NULL from a value). The other rows: two pointers
    // over the rows with values, since the bounds move forward with the current row.
    WindowKeys key = o.order().key(0);
    boolean descending = o.orderKeys()[0].descending();
    int[] perm = o.perm();
    int vs = s;
    while (vs < e && key.isNull(perm[vs])) {
      vs++;
    }
    int ve = e;
    while (ve > vs && key.isNull(perm[ve - 1])) {
      ve--;
    }
    int a = vs;
    int b = vs;
    for (int p = s; p < e; p++) {
      boolean isNull = key.isNull(perm[p]);
      if (!isOffset(g.lower())) {
        lo[p] = position(g.lower(), false, o, s, e, p, true);
      } else if (isNull) {
        lo[p] = o.peerStart()[p];
      } else {
        while (a < ve && beyond(key, perm[a], perm[p], g.lower(), descending, true)) {
          a++;
        }
        lo[p] = a;
      }
      if (!isOffset(g.upper())) {
        hi[p] = position(g.upper(), false, o, s, e, p, false);
      } else if (isNull) {
        hi[p] = o.peerEnd()[p];
      } else {
        while (b < ve && !beyond(key, perm[b], perm[p], g.upper(), descending, false)) {
          b++;
        }
        hi[p] = b - 1;
      }
    }
  }

  private static boolean isOffset(Bound b) {
    return b.kind() == Bound.Kind.PRECEDING || b.kind() == Bound.Kind.FOLLOWING;
  }

  /**
   * Whether row {@code x} lies before the bound (lower: {@code x} is outside the frame of
   * {@code current} on its early side) or after it (upper: outside on its late side).
   */
  private static boolean beyond(WindowKeys key, int x, int current, Bound bound,
      boolean descending, boolean lower) {
    // The bound's value in the order's direction: current - offset for PRECEDING.
    int sign = (bound.kind() == Bound.Kind.PRECEDING) != descending ? -1 : 1;
    if (key.kind == WindowKeys.Kind.DOUBLE) {
      double limit = key.doubles[current] + sign * bound.doubleOffset();
      double v = key.doubles[x];
      return lower ? (descending ? v > limit : v < limit) : (descending ? v < limit : v > limit);
    }
    long limit = key.codes[current] + sign * bound.offset();
    long v = key.codes[x];
    return lower ? (descending ? v > limit : v < limit) : (descending ? v < limit : v > limit);
  }

  /** A ROWS bound, or a RANGE bound without an offset, as a position. */
  private static int position(Bound b, boolean rows, Ordered o, int s, int e, int p,
      boolean lower) {
    return switch (b.kind()) {
      case UNBOUNDED_PRECEDING -> s;
      case UNBOUNDED_FOLLOWING -> e - 1;
      case CURRENT_ROW -> rows ? p : lower ? o.peerStart()[p] : o.peerEnd()[p];
      case PRECEDING, FOLLOWING -> {
        // Clamped to the partition; past its end (lower) or before its start (upper) is empty.
        long at = b.kind() == Bound.Kind.PRECEDING ? p - b.offset() : p + b.offset();
        yield (int) (lower ? Math.min(e, Math.max(s, at)) : Math.max(s - 1, Math.min(e - 1, at)));
      }
    };
  }

  private void shift(Call c, int[] perm, int s, int e, Object[] out) {
    int field = c.args().get(0);
    long offset = c.function() == WindowProgram.Function.LAG ? -c.constant() : c.constant();
    for (int p = s; p < e; p++) {
      long at = p + offset;
      Object v;
      if (at >= s && at < e) {
        v = rows.get(perm[(int) at])[field];
      } else {
        v = c.defaultField() >= 0 ? rows.get(perm[p])[c.defaultField()] : c.defaultValue();
      }
      out[perm[p]] = v;
    }
  }

  private void count(Call c, int[] perm, int s, int e, int[] lo, int[] hi, Object[] out) {
    long[] prefix = null;
    if (!c.args().isEmpty()) {
      WindowKeys x = keys(c.args().get(0));
      prefix = new long[e - s + 1];
      for (int p = s; p < e; p++) {
        prefix[p - s + 1] = prefix[p - s] + (x.isNull(perm[p]) ? 0 : 1);
      }
    }
    for (int p = s; p < e; p++) {
      long n = lo[p] > hi[p] ? 0 : prefix == null ? hi[p] - lo[p] + 1
          : prefix[hi[p] - s + 1] - prefix[lo[p] - s];
      out[perm[p]] = box(c, n);
    }
  }

  private void sum(Call c, Group g, int[] perm, int s, int e, int[] lo, int[] hi, Object[] out) {
    WindowKeys x = keys(c.args().get(0));
    boolean zero = c.function() == WindowProgram.Function.SUM0;
    long[] counts = new long[e - s + 1];
    for (int p = s; p < e; p++) {
      counts[p - s + 1] = counts[p - s] + (x.isNull(perm[p]) ? 0 : 1);
    }
    if (x.kind == WindowKeys.Kind.DOUBLE) {
      // Frames from the partition's start: prefix sums, the additions Calcite's incremental
      // sum makes. Other frames: each summed in order, as Calcite sums them afresh.
      boolean running = g.lower().kind() == Bound.Kind.UNBOUNDED_PRECEDING;
      double[] prefix = running ? new double[e - s + 1] : null;
      if (running) {
        for (int p = s; p < e; p++) {
          prefix[p - s + 1] = prefix[p - s] + (x.isNull(perm[p]) ? 0 : x.doubles[perm[p]]);
        }
      }
      for (int p = s; p < e; p++) {
        long n = lo[p] > hi[p] ? 0 : counts[hi[p] - s + 1] - counts[lo[p] - s];
        if (n == 0) {
          out[perm[p]] = zero ? box(c, 0.0) : null;
          continue;
        }
        double sum;
        if (running) {
          sum = prefix[hi[p] - s + 1];
        } else {
          sum = 0;
          for (int q = lo[p]; q <= hi[p]; q++) {
            if (!x.isNull(perm[q])) {
              sum += x.doubles[perm[q]];
            }
          }
        }
        out[perm[p]] = box(c, sum);
      }
      return;
    }
    // Integers: prefix sums wrap as Calcite's long additions do, and differences of wrapped
    // sums are exact modulo 2^64.
    long[] prefix = new long[e - s + 1];
    for (int p = s; p < e; p++) {
      prefix[p - s + 1] = prefix[p - s] + (x.isNull(perm[p]) ? 0 : x.codes[perm[p]]);
    }
    for (int p = s; p < e; p++) {
      long n = lo[p] > hi[p] ? 0 : counts[hi[p] - s + 1] - counts[lo[p] - s];
      out[perm[p]] = n == 0 && !zero ? null
          : box(c, n == 0 ? 0 : prefix[hi[p] - s + 1] - prefix[lo[p] - s]);
    }
  }

  /**
   * MIN or MAX over frames whose both ends move forward with the current row: a queue of
   * positions whose codes increase (MIN) or decrease (MAX) from its head, the frame's extreme.
   */
  private void extreme(Call c, int[] perm, int s, int e, int[] lo, int[] hi, Object[] out) {
    int field = c.args().get(0);
    WindowKeys x = keys(field);
    boolean min = c.function() == WindowProgram.Function.MIN;
    int[] queue = new int[e - s];
    int head = 0;
    int tail = 0;
    int added = s;
    for (int p = s; p < e; p++) {
      if (lo[p] > hi[p]) {
        out[perm[p]] = null;
        continue;
      }
      while (added <= hi[p]) {
        int r = perm[added];
        if (!x.isNull(r)) {
          long v = x.codes[r];
          while (tail > head && (min ? x.codes[perm[queue[tail - 1]]] > v
              : x.codes[perm[queue[tail - 1]]] < v)) {
            tail--;
          }
          queue[tail++] = added;
        }
        added++;
      }
      while (tail > head && queue[head] < lo[p]) {
        head++;
      }
      out[perm[p]] = tail > head ? rows.get(perm[queue[head]])[field] : null;
    }
  }

  /** A count or rank as the call's result class. */
  private static Object box(Call c, long v) {
    return switch (c.result()) {
      case LONG, OBJECT -> v;
      case INT -> (int) v;
      case SHORT -> (short) v;
      case BYTE -> (byte) v;
      case DOUBLE -> (double) v;
      case FLOAT -> (float) v;
    };
  }

  /** A double sum as the call's result class. */
  private static Object box(Call c, double v) {
    return c.result() == WindowProgram.Result.FLOAT ? (Object) (float) v : (Object) v;
  }
}
