package dev.kdbsql.calcite.spec;

import java.util.List;

/**
 * One key of an order the scan produces its top rows in: a position in the scan's fields, the
 * direction, and where nulls go (decided by the planner's collation, so the scan orders exactly as
 * Calcite's sort would).
 */
public record SortKey(int position, boolean descending, boolean nullsFirst) {
  /** The key as SQL would spell it, for the field called {@code name}. */
  public String describe(String name) {
    return name + (descending ? " DESC" : "") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
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
