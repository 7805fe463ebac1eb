package dev.kdbsql.calcite.spec;

import java.util.List;

/**
 * One key of an order the scan produces its top rows in: a position in the scan's fields, the
 * direction, and where nulls go (decided by the planner's collation, so the scan orders exactly as
 * Calcite's sort would).
 *
 * <p>A top-N's key may instead be an expression of the table's fields ({@code expr}, not null:
 * {@code ORDER BY price * size DESC LIMIT 10}), which the scan computes for each row it compares.
 * Its {@code position} is then past the fields ({@code fields + i} for the {@code i}-th computed
 * key), where the rows the top-N decodes hold its value while the slices' rows are merged.
 */
public record SortKey(int position, boolean descending, boolean nullsFirst, Expr expr) {
  /** A key on the scan's field {@code position}. */
  public SortKey(int position, boolean descending, boolean nullsFirst) {
    this(position, descending, nullsFirst, null);
  }

  /** Whether the key is computed ({@link #expr}) rather than a field. */
  public boolean computed() {
    return expr != null;
  }

  /** The key as SQL would spell it, for the field called {@code name} (or its expression). */
  public String describe(String name) {
    return (expr != null ? expr.toString() : name) + (descending ? " DESC" : "")
        + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }

  /**
   * Calcite's order of two decoded rows on {@code keys}: per key, nulls where the key puts them,
   * other values by {@code compareTo} (as Calcite's sort compares the values of the types the
   * scan orders).
   */
  public static int compare(List<SortKey> keys, Object[] a, Object[] b) {
    for (SortKey k : keys) {
      Object x = a[k.position()];
      Object y = b[k.position()];
      int c;
      if (x == null || y == null) {
        c = x == y ? 0 : (x == null) == k.nullsFirst() ? -1 : 1;
      } else {
        @SuppressWarnings("unchecked")
        Comparable<Object> cx = (Comparable<Object>) x;
        c = cx.compareTo(y);
        c = k.descending() ? -c : c;
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
