package dev.kdbsql.arrow.export;

import java.util.List;

/**
 * What to export from a kdb+ table.
 *
 * @param columns the columns to export, in this order; empty for all of them (the virtual
 *     partition column of a partitioned table, named {@code date}, {@code month}, {@code year} or
 *     {@code int}, comes first and may be named here too)
 * @param partitions partition directory names ({@code 2024.01.02}) to export; empty for all
 * @param batchSize rows per record batch at most; a batch never spans two partitions
 */
public record ExportOptions(List<String> columns, List<String> partitions, int batchSize) {
  /** The default batch size: large enough to amortize per-batch costs, small enough for memory. */
  public static final int DEFAULT_BATCH_SIZE = 65_536;

  /** Every column and partition, in batches of {@link #DEFAULT_BATCH_SIZE}. */
  public static final ExportOptions ALL = new ExportOptions(List.of(), List.of(),
      DEFAULT_BATCH_SIZE);

  public ExportOptions {
    columns = List.copyOf(columns);
    partitions = List.copyOf(partitions);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
    }
  }

  /** These options with {@code columns}. */
  public ExportOptions withColumns(List<String> cols) {
    return new ExportOptions(cols, partitions, batchSize);
  }

  /** These options with {@code parts}. */
  public ExportOptions withPartitions(List<String> parts) {
    return new ExportOptions(columns, parts, batchSize);
  }

  /** These options with {@code size}. */
  public ExportOptions withBatchSize(int size) {
    return new ExportOptions(columns, partitions, size);
  }
}
