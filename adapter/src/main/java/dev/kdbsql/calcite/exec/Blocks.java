package dev.kdbsql.calcite.exec;

/**
 * The engine's unit of work within a slice: columns are read in bulk, filters, expressions,
 * groups, accumulators and top-N keys computed, a block of rows at a time. 4096 rows keep each
 * block's primitive arrays (at most 32 KiB of longs) in the L1/L2 caches while amortizing the
 * per-block dispatch; a multiple of 64, so blocks start on a word of a {@link Selection}.
 */
final class Blocks {
  /** Rows per block. */
  static final int ROWS = 4096;

  private Blocks() {
  }
}
