package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.column.VectorColumn;
import dev.kdbsql.storage.io.HeapBytes;
import dev.kdbsql.storage.io.MappedBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What scans learn about columns by reading them, kept between queries for every table of the
 * JVM: per-block statistics of numeric columns ({@link BlockStats}) and the runs of symbol
 * columns written without {@code p#} ({@link SymbolRuns}). Entries are keyed by the column's
 * file and offset and checked, on every use, against the file's identity (file key, size,
 * modification time), so a file rewritten under an open connection is read afresh; a result
 * computed while the file changed is not kept. Memory is bounded: past the budget the least
 * recently used entries are dropped (they are found again on their next use). Thread-safe; a
 * value being computed is computed once, the other threads asking for it wait.
 */
public final class BlockStatistics {
  /** The default budget: far more than the statistics of a few hundred GB of columns. */
  static final long DEFAULT_BUDGET = 64L << 20;

  /** The statistics shared by every table of the JVM. */
  static final BlockStatistics SHARED = new BlockStatistics(DEFAULT_BUDGET);

  private enum Kind {
    BLOCKS, RUNS
  }

  private record Key(Path file, long offset, Kind kind) {
    // Written out: the generated equals and hashCode bootstrap method handles when first run
    // (docs/design.md), which every new statement of a fresh JVM would pay.
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Key that && Objects.equals(file, that.file)
          && offset == that.offset && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(file, offset, kind);
    }

  }

  private record Identity(Object fileKey, long size, FileTime modified) {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Identity that && Objects.equals(fileKey, that.fileKey)
          && size == that.size && Objects.equals(modified, that.modified);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fileKey, size, modified);
    }

    static Identity of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Identity(a.fileKey(), a.size(), a.lastModifiedTime());
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return null;
      }
    }
  }

  private static final class Entry {
    final Identity identity;
    final FutureTask<Object> value;
    long weight;

    Entry(Identity identity, FutureTask<Object> value) {
      this.identity = identity;
      this.value = value;
    }
  }

  /** What {@link #runs} keeps for a column whose runs are too short to be worth it. */
  private static final Object NO_RUNS = new Object();

  private final long budget;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long weight;

  /** Creates an empty store holding at most about {@code budget} bytes. */
  BlockStatistics(long budget) {
    this.budget = budget;
  }

  /**
   * The block statistics of numeric column {@code c} (blocks not yet known are recorded by the
   * scans that read them), or null when they cannot be kept (no stable file identity).
   */
  BlockStats blocks(Column c, long nullKey) {
    if (!(c instanceof VectorColumn vector)) {
      return null;
    }
    // A plain file's image is the file as mapped: a file of another size is another version.
    long mapped = vector.bytes() instanceof MappedBytes || vector.bytes() instanceof HeapBytes
        ? vector.bytes().length() : -1;
    Object v = get(new Key(c.file(), vector.dataOffset(), Kind.BLOCKS), mapped,
        () -> new BlockStats(c.size(), nullKey), false);
    return v instanceof BlockStats s && s.rows() == c.size() ? s : null;
  }

  /**
   * The runs of symbol column {@code e} (not {@code p#}), found by reading it once; null when its
   * runs are too short to be worth keeping or they cannot be kept.
   */
  SymbolRuns runs(EnumColumn e) {
    Object v = get(new Key(e.file(), e.dataOffset(), Kind.RUNS), -1, () -> {
      SymbolRuns r = SymbolRuns.scan(e);
      return r == null ? NO_RUNS : r;
    }, true);
    return v instanceof SymbolRuns r && r.rows() == e.size() ? r : null;
  }

  /**
   * The value kept for {@code key}, made by {@code make} if absent or kept for another version
   * of the file; nothing when the file's size is not {@code size} (unless -1), as it was when
   * mapped; {@code checkAfter} makes the identity be checked again once the value is made
   * (a value made by reading the file), and the value dropped if the file changed meanwhile.
   */
  private Object get(Key key, long size, java.util.function.Supplier<Object> make,
      boolean checkAfter) {
    Identity now = Identity.of(key.file());
    if (now == null || size >= 0 && now.size() != size) {
      return null;
    }
    Entry entry;
    boolean mine = false;
    synchronized (this) {
      entry = entries.get(key);
      if (entry == null || !entry.identity.equals(now)) {
        if (entry != null) {
          remove(key);
        }
        entry = new Entry(now, new FutureTask<>(make::get));
        entries.put(key, entry);
        mine = true;
      }
    }
    if (mine) {
      entry.value.run();
    }
    Object v;
    try {
      v = entry.value.get();
    } catch (ExecutionException e) {
      synchronized (this) {
        if (entries.get(key) == entry) {
          remove(key);
        }
      }
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (mine) {
      boolean keep = !checkAfter || now.equals(Identity.of(key.file()));
      synchronized (this) {
        if (entries.get(key) == entry) {
          if (keep) {
            entry.weight = weigh(v);
            weight += entry.weight;
            evict();
          } else {
            remove(key);
          }
        }
      }
    }
    return v;
  }

  private static long weigh(Object v) {
    if (v instanceof BlockStats s) {
      return s.weight();
    }
    return v instanceof SymbolRuns r ? r.weight() : 64;
  }

  private void remove(Key key) {
    Entry e = entries.remove(key);
    if (e != null) {
      weight -= e.weight;
    }
  }

  /** Drops the least recently used entries while over the budget (never the newest). */
  private void evict() {
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (weight > budget && entries.size() > 1 && it.hasNext()) {
      Map.Entry<Key, Entry> e = it.next();
      if (e.getValue().value.isDone()) {
        weight -= e.getValue().weight;
        it.remove();
      }
    }
  }

  /** Bytes held (for tests). */
  synchronized long weight() {
    return weight;
  }

  /** Number of entries (for tests). */
  synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized String toString() {
    return "BlockStatistics(" + entries.size() + " entries, " + weight + " of " + budget
        + " bytes)";
  }
}
