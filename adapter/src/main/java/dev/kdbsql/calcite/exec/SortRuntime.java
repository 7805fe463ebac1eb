package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.exec.WindowProgram.OrderKey;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Types;

/**
 * {@code ORDER BY [OFFSET] [FETCH]} over rows that come from outside a scan (a join, a window, an
 * aggregate Calcite computes): the sort keys encoded as primitives once ({@link RowOrder}) and a
 * permutation sorted on them, instead of Calcite's sort, whose comparator converts the values of
 * every comparison. Stable, so ties keep their input order as in Calcite's sort; keys order as
 * {@link WindowKeys} says (kdb+ timestamps and timespans to the nanosecond).
 *
 * <p>With a {@code FETCH}, at most {@code offset + fetch} rows are kept: rows are buffered, and
 * a full buffer (twice the rows kept, at least {@link #MIN_BUFFER}) is cut back to its best
 * {@code offset + fetch}, so a top-N over millions of rows holds a few thousand at a time. Kept
 * rows arrived before any row added after them, so a tie still goes to the earlier row.
 */
public final class SortRuntime {
  /** {@link #sort}, which generated code calls. */
  public static final Method SORT = Types.lookupMethod(SortRuntime.class, "sort",
      Enumerable.class, Spec.class);

  /** Rows buffered at least before a top-N cuts them back. */
  static final int MIN_BUFFER = 4096;

  /**
   * What to sort by, and which rows of the result to return.
   *
   * @param keys the sort keys, most significant first
   * @param offset rows to skip
   * @param fetch rows to return after the offset, or -1 for all
   */
  public record Spec(List<OrderKey> keys, long offset, long fetch) {
    public Spec {
      keys = List.copyOf(keys);
      if (offset < 0 || fetch < -1) {
        throw new IllegalArgumentException("offset " + offset + ", fetch " + fetch);
      }
    }

    /** The rows the sort must keep: offset + fetch, or -1 for all. */
    long kept() {
      return fetch < 0 || offset + fetch < 0 ? -1 : offset + fetch;
    }

    @Override
    public String toString() {
      return keys + (offset > 0 ? " offset " + offset : "") + (fetch >= 0 ? " fetch " + fetch : "");
    }
  }

  private SortRuntime() {}

  /** The rows of {@code input} sorted and cut as {@code spec} says. Called via code generation. */
  public static Enumerable<Object[]> sort(Enumerable<Object[]> input, Spec spec) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return Linq4j.enumerator(sorted(input, spec));
      }
    };
  }

  static List<Object[]> sorted(Enumerable<Object[]> input, Spec spec) {
    OrderKey[] keys = spec.keys().toArray(new OrderKey[0]);
    long kept = spec.kept();
    // A limit beyond what one buffer can hold sorts everything, as no limit does.
    int keep = kept < 0 || kept > Integer.MAX_VALUE / 4 ? -1 : (int) kept;
    int buffer = keep < 0 ? Integer.MAX_VALUE : Math.max(MIN_BUFFER, 2 * keep);
    List<Object[]> rows = new ArrayList<>();
    try (Enumerator<Object[]> e = input.enumerator()) {
      while (e.moveNext()) {
        rows.add(e.current());
        if (rows.size() >= buffer) {
          rows = best(rows, keys, keep);
        }
      }
    }
    rows = best(rows, keys, keep < 0 ? rows.size() : keep);
    int from = (int) Math.min(spec.offset(), rows.size());
    return rows.subList(from, rows.size());
  }

  /** The first {@code keep} of {@code rows} in order. */
  private static List<Object[]> best(List<Object[]> rows, OrderKey[] keys, int keep) {
    int n = rows.size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    RowOrder.of(rows, keys).sort(perm, 0, n);
    int k = Math.min(keep, n);
    List<Object[]> out = new ArrayList<>(Math.max(k, 16));
    for (int i = 0; i < k; i++) {
      out.add(rows.get(perm[i]));
    }
    return out;
  }
}
