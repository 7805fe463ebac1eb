/**
 * The sort operator's planning: {@link dev.kdbsql.calcite.sort.KdbSortRule} and
 * {@link dev.kdbsql.calcite.sort.KdbSort}, for {@code ORDER BY} over rows that do not come
 * straight from a scan (which sorts itself); its runtime is
 * {@link dev.kdbsql.calcite.exec.SortRuntime}.
 */
package dev.kdbsql.calcite.sort;
