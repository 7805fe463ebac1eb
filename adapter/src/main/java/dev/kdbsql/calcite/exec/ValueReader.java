package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Column;

/**
 * Reads one value of a storage {@link Column} in Calcite's internal representation (Integer days
 * for DATE, Integer milliseconds for TIME, Long milliseconds for TIMESTAMP(3), a
 * {@link KdbTimestamp} or {@link KdbTimespan} for the exact kdb+ types, boxed numbers,
 * Strings), turning kdb+ null
 * sentinels into {@code null}. Made once per column by {@link CalciteValues#reader}, so the per-row
 * path has no type dispatch.
 */
@FunctionalInterface
interface ValueReader {
  /** The value at {@code row}, or null for a kdb+ null. */
  Object read(Column column, long row);
}
