package dev.kdbsql.calcite;

/**
 * One key of an order the scan produces its top rows in: a position in the scan's fields, the
 * direction, and where nulls go (decided by the planner's collation, so the scan orders exactly as
 * Calcite's sort would).
 */
record KdbSortKey(int position, boolean descending, boolean nullsFirst) {
  /** The key as SQL would spell it, for the field called {@code name}. */
  String describe(String name) {
    return name + (descending ? " DESC" : "") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
}
