package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Turns the fault of reading a mapped page that no longer exists (a file truncated or replaced
 * while mapped) into a {@link StorageException}.
 *
 * <p>The JVM reports such a fault as an {@link InternalError}; in compiled code it is raised
 * asynchronously, at some later instruction of the same thread, so no single read can catch it.
 * Loops over mapped columns therefore run inside {@link #guard}, at the granularity of a batch or
 * a slice, as Lucene recommends for its mapped inputs.
 */
public final class MappingFaults {
  private MappingFaults() {}

  /** Runs {@code body}, converting a mapped-memory fault into an error about {@code where}. */
  public static <T> T guard(Path where, Supplier<T> body) {
    try {
      T result = body.get();
      deliverPendingFault();
      return result;
    } catch (InternalError e) {
      throw translate(where, e);
    }
  }

  /**
   * HotSpot raises a pending asynchronous fault when the thread next passes through the VM (a
   * native call's return, a safepoint); a native call here makes sure that happens inside the
   * guard, not after it. It costs well under a microsecond, once per guarded batch.
   */
  private static void deliverPendingFault() {
    Runtime.getRuntime().availableProcessors();
  }

  /**
   * Whether {@code t} is the JVM's report of a fault in a mapped (or other {@code Unsafe}) memory
   * access: an {@link InternalError} whose message is HotSpot's "a fault occurred in an unsafe
   * memory access operation" or, from compiled code, "... in a recent unsafe memory access
   * operation in compiled Java code". Callers far from the read (a JDBC getter that received the
   * fault late) use it to translate only this error and let every other {@code Error} through.
   */
  public static boolean isFault(Throwable t) {
    String m = t instanceof InternalError ? t.getMessage() : null;
    return m != null && m.startsWith("a fault occurred in") && m.contains("unsafe memory access");
  }

  /** The storage error for a mapped-memory fault met while reading {@code where}. */
  public static StorageException translate(Path where, InternalError e) {
    return new StorageException(where, -1, "a file changed while it was being read (it is now "
        + "shorter than when it was mapped; q may be rewriting it); rerun the query", e);
  }
}
