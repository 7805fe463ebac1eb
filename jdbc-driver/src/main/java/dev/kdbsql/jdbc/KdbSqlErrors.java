package dev.kdbsql.jdbc;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.MappingFaults;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns what our code can throw into the {@link SQLException} a JDBC caller expects.
 *
 * <p>Two kinds of failure would otherwise escape a JDBC call: unchecked exceptions that Avatica
 * passes through in a few places (batches, metadata), and the {@link InternalError} by which
 * HotSpot reports the SIGBUS of a mapped page lost to a truncated file. That error is raised
 * asynchronously, at the thread's next transition into the VM, so it can surface in any later
 * call on the thread, such as a {@code ResultSet} getter, long after the read that faulted (see
 * {@link MappingFaults}). Any other {@code Error} is a real VM problem and is left alone.
 */
final class KdbSqlErrors {
  /** SQLSTATE class XX (internal error), as PostgreSQL uses for data corruption. */
  static final String INTERNAL = "XX000";

  private KdbSqlErrors() {}

  /**
   * The SQLException for {@code t}: {@code t} itself if it is one, a translation of a mapped
   * memory fault or an unchecked exception; any other {@code Error} is rethrown.
   */
  static SQLException translate(Throwable t) {
    if (t instanceof SQLException e) {
      return e;
    }
    if (t instanceof RuntimeException) {
      return new SQLException(String.valueOf(t.getMessage()), INTERNAL, t);
    }
    // Generated code computes its constants in a static initializer: a literal that cannot be
    // converted fails there, and the failure is its cause's.
    if (t instanceof ExceptionInInitializerError e && e.getCause() != null) {
      return translate(e.getCause());
    }
    if (MappingFaults.isFault(t)) {
      return mappingFault((InternalError) t);
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new SQLException(String.valueOf(t.getMessage()), INTERNAL, t);
  }

  /**
   * The error for a mapped-memory fault that reached the JDBC layer (when our reader caught it
   * closer to the read, it arrives as a {@link StorageException} instead). The fault names no
   * address, so the message names the recently mapped files that are now shorter than their
   * mapping ({@link MappingFaults#shrunk}), which is what faults.
   */
  static SQLException mappingFault(InternalError e) {
    List<MappingFaults.Shrunk> shrunk = MappingFaults.shrunk(null);
    String which = shrunk.isEmpty() ? "(it is now shorter than when it was mapped)"
        : shrunk.stream().map(Object::toString).collect(Collectors.joining("; "));
    return new SQLException("a mapped kdb+ database file changed underneath this query: " + which
        + " (q may be rewriting it); rerun the query", INTERNAL, e);
  }
}
