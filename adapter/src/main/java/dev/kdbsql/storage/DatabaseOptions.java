package dev.kdbsql.storage;

/**
 * How forgiving to be with partitioned databases that q itself would reject without help.
 *
 * @param strictPartitions fail when a table is missing from a partition, as q does, instead of
 *     reading it as empty there (the {@code .Q.bv} behaviour)
 * @param strictColumns fail when a column of the table's schema is missing from an older
 *     partition, instead of reading it as nulls there
 */
public record DatabaseOptions(boolean strictPartitions, boolean strictColumns) {
  /** Forgiving: missing tables read as empty, missing columns as nulls. */
  public static final DatabaseOptions DEFAULT = new DatabaseOptions(false, false);
}
