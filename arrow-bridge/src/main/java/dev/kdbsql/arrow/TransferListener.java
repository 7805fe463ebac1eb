package dev.kdbsql.arrow;

/** Told after every record batch moved by an export or an import, for progress reports. */
@FunctionalInterface
public interface TransferListener {
  /** Does nothing. */
  TransferListener NONE = (rows, bytes) -> { };

  /** Called with the totals so far: rows and bytes (written, for an export; read, for an import). */
  void batchDone(long rows, long bytes);
}
