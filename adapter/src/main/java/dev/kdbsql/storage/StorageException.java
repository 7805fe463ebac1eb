package dev.kdbsql.storage;

import java.nio.file.Path;

/**
 * The one exception the storage layer raises for a file it cannot read: corrupt, truncated,
 * inconsistent, encrypted or missing. The message always names the file and, where it applies,
 * the byte offset and what was expected there, so that a user can find the culprit without a
 * debugger. Unchecked, because it crosses Calcite's enumerators, which declare no exceptions.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  /** Creates an exception about {@code file} as a whole. */
  public StorageException(Path file, String problem) {
    this(file, -1, problem, null);
  }

  /** Creates an exception about the bytes of {@code file} at {@code offset}. */
  public StorageException(Path file, long offset, String problem) {
    this(file, offset, problem, null);
  }

  /** Creates an exception about {@code file} caused by {@code cause}. */
  public StorageException(Path file, long offset, String problem, Throwable cause) {
    super(format(file, offset, problem), cause);
    this.file = file;
    this.offset = offset;
  }

  private static String format(Path file, long offset, String problem) {
    String where = file == null ? "" : file.toString();
    if (offset >= 0) {
      where += " at offset " + offset;
    }
    return where.isEmpty() ? problem : where + ": " + problem;
  }

  /** The file the problem is in, or null when it concerns no single file. */
  public Path file() {
    return file;
  }

  /**
   * The byte offset the problem is at, or -1 when it concerns the whole file: an offset in the
   * plain (decompressed) image for format errors, and in the compressed file itself for errors in
   * a {@code kxzipped} container's trailer or blocks (their messages give both).
   */
  public long offset() {
    return offset;
  }
}
