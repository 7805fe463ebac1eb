package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.column.EnumColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs of {@code p#} symbol columns, found once ({@link #find}) and kept: where each value's
 * run starts and which value it holds; kept, a filter on a parted column costs a pass over a few
 * thousand runs. Entries are keyed by the column's file and
 * offset and checked against the file's identity, size and modification time on every use, so a
 * rewritten file is read afresh. Columns whose runs are short (flagged p# but barely grouped)
 * are not kept. Thread-safe; one per table.
 */
public final class PartedRuns {
  /** Below this average run length a column is scanned rather than indexed by runs. */
  static final int MIN_AVERAGE_RUN = 16;

  /** One column's runs: run {@code k} covers rows {@code [starts[k], starts[k + 1])}. */
  record Runs(long[] starts, int[] indices) {
    /** Number of runs. */
    int count() {
      return indices.length;
    }
  }

  private record Key(Path file, long offset) {
    // Written out: the generated equals and hashCode bootstrap method handles when first run
    // (docs/design.md), which every new statement of a fresh JVM would pay.
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Key that && Objects.equals(file, that.file)
          && offset == that.offset;
    }

    @Override
    public int hashCode() {
      return Objects.hash(file, offset);
    }

  }

  private record Entry(Object fileKey, long size, FileTime modified, Runs runs) {
  }

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  /** The runs of {@code e}, a p# column, or null when they are too short to be worth keeping. */
  Runs of(EnumColumn e) {
    Path file = e.file();
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException | UnsupportedOperationException ex) {
      return find(e);
    }
    Key key = new Key(file, e.dataOffset());
    Entry cached = entries.get(key);
    if (cached != null && cached.size() == now.size()
        && cached.modified().equals(now.lastModifiedTime())
        && java.util.Objects.equals(cached.fileKey(), now.fileKey())) {
      return cached.runs();
    }
    Runs runs = find(e);
    entries.put(key, new Entry(now.fileKey(), now.size(), now.lastModifiedTime(), runs));
    return runs;
  }

  /**
   * Reads {@code e}'s runs, every row, as a column without the attribute is read
   * ({@link SymbolRuns#scan}); null when they turn out short. Galloping through a parted column
   * reads a few rows a run instead, but those land anywhere in the file: with runs of a few
   * thousand bytes it faults in every page of the mapping all the same, and makes twenty reads of
   * single values a run, each a chain of calls while the JIT has not compiled them. The pass
   * reads the file in order through its channel, and checks that every row is what the runs say
   * (the attribute is a promise of q's; here it is verified, not trusted).
   */
  static Runs find(EnumColumn e) {
    SymbolRuns runs = SymbolRuns.scan(e);
    return runs == null ? null : runs.asRuns();
  }
}
