package dev.kdbsql.storage.io.codec;

/**
 * A compressed block that does not decode to the expected number of bytes. Checked on purpose:
 * a codec does not know which file or block it is decoding, so its caller must catch this and
 * raise a {@link dev.kdbsql.storage.StorageException} that says so.
 */
public final class CorruptBlockException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says what is wrong with the stream. */
  public CorruptBlockException(String problem) {
    super(problem);
  }

  /** Creates an exception for a failure reported by a codec library. */
  public CorruptBlockException(String problem, Throwable cause) {
    super(problem, cause);
  }
}
