package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.column.EnumColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs of {@code p#} symbol columns, found once and kept: where each value's one run starts
 * and which value it holds. Finding them gallops through the column, a few reads per run, but
 * those reads land anywhere in the file (a cache or page miss each); kept, a filter on a parted
 * column costs a pass over a few thousand runs. Entries are keyed by the column's file and
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

  /** Gallops through {@code e}'s runs; null once they turn out short. */
  static Runs find(EnumColumn e) {
    long rows = e.size();
    long[] starts = new long[16];
    int[] indices = new int[16];
    int n = 0;
    for (long r = 0; r < rows; ) {
      if (n > 64 && r < (long) n * MIN_AVERAGE_RUN) {
        return null;
      }
      if (n + 1 >= starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
        indices = Arrays.copyOf(indices, indices.length * 2);
      }
      int x = e.index(r);
      starts[n] = r;
      indices[n++] = x;
      r = runEnd(e, x, r, rows);
    }
    starts[n] = rows;
    return new Runs(Arrays.copyOf(starts, n + 1), Arrays.copyOf(indices, n));
  }

  /** The first row after {@code start} (where the column is {@code x}) whose index is not x. */
  private static long runEnd(EnumColumn e, int x, long start, long to) {
    long known = start;
    long step = 1;
    while (known + step < to && e.index(known + step) == x) {
      known += step;
      step <<= 1;
    }
    long lo = known + 1;
    long hi = Math.min(known + step, to);
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (e.index(mid) == x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
