package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Turns the fault of reading a mapped page that no longer exists (a file truncated or replaced
 * while mapped) into a {@link StorageException}.
 *
 * <p>The JVM reports such a fault as an {@link InternalError}; in compiled code it is raised
 * asynchronously, at some later instruction of the same thread, so no single read can catch it.
 * Loops over mapped columns therefore run inside {@link #guard}, at the granularity of a batch or
 * a slice, as Lucene recommends for its mapped inputs.
 *
 * <p>The fault does not say which address failed. To name the file anyway, the last
 * {@value #RECENT} mappings are remembered (path and length, a few bytes each): on a fault, those
 * whose file is now shorter than it was mapped are the culprits ({@link #shrunk}).
 */
public final class MappingFaults {
  /** How many recent mappings are remembered; a power of two. */
  static final int RECENT = 1024;

  private static final AtomicReferenceArray<Mapping> MAPPINGS = new AtomicReferenceArray<>(RECENT);
  private static final AtomicLong NEXT = new AtomicLong();

  /** A file mapped with {@code length} bytes. */
  private record Mapping(Path file, long length) {
  }

  /** A remembered mapping whose file is now shorter. */
  public record Shrunk(Path file, long mapped, long now) {
    @Override
    public String toString() {
      return file + " is now " + now + " bytes, mapped with " + mapped;
    }
  }

  private MappingFaults() {}

  /** Remembers that {@code file} was mapped with {@code length} bytes. */
  static void mapped(Path file, long length) {
    MAPPINGS.set((int) (NEXT.getAndIncrement() & (RECENT - 1)), new Mapping(file, length));
  }

  /**
   * The recently mapped files that are now shorter than their mapping, each once, newest mapping
   * first and those under {@code where} (if not null) before the others: where a mapped-memory
   * fault came from. A file deleted since is not one (its pages live on until unmapped).
   */
  public static List<Shrunk> shrunk(Path where) {
    Map<Path, Long> seen = new LinkedHashMap<>();
    long next = NEXT.get();
    for (long i = next - 1; i >= Math.max(0, next - RECENT); i--) {
      Mapping m = MAPPINGS.get((int) (i & (RECENT - 1)));
      if (m != null) {
        seen.merge(m.file(), m.length(), Math::max);
      }
    }
    List<Shrunk> first = new ArrayList<>();
    List<Shrunk> rest = new ArrayList<>();
    seen.forEach((file, mapped) -> {
      long now;
      try {
        now = Files.size(file);
      } catch (IOException e) {
        return;
      }
      if (now < mapped) {
        (where != null && file.startsWith(where) ? first : rest).add(new Shrunk(file, mapped, now));
      }
    });
    first.addAll(rest);
    return first;
  }

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

  /**
   * The storage error for a mapped-memory fault met while reading {@code where}: naming the file
   * that shrank under its mapping when one of the recent mappings did, else {@code where}.
   */
  public static StorageException translate(Path where, InternalError e) {
    List<Shrunk> shrunk = shrunk(where);
    if (shrunk.isEmpty()) {
      return new StorageException(where, -1, "a file changed while it was being read (it is now "
          + "shorter than when it was mapped; q may be rewriting it); rerun the query", e);
    }
    Shrunk s = shrunk.get(0);
    return new StorageException(s.file(), -1, "file changed while it was being read: it is "
        + "now " + s.now() + " bytes, " + s.mapped() + " when mapped (q may be rewriting it); "
        + "rerun the query"
        + (where == null || s.file().startsWith(where) ? "" : " (reading " + where + ")"), e);
  }
}
