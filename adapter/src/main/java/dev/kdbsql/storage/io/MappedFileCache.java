package dev.kdbsql.storage.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Mappings of column files kept open between queries. A mapping's pages are entered in the
 * process's page tables one fault at a time on first touch, and mapping a file afresh for every
 * query pays those faults again every time: summing a 16 MB column of doubles took 9 ms through a
 * new mapping and 1.5 ms through a kept one (docs/design.md, "Mappings kept between queries").
 *
 * <p>A file's mapping is reused only while the file is what it was when mapped: its
 * {@link FileStamp} (identity, size, modification time), taken before mapping, is compared with a
 * fresh one (one {@code stat}) at every open, and only files that had been left alone for
 * {@link FileStamp#SETTLED} when stamped are kept at all (a file q is writing is mapped per query,
 * as before). A file rewritten or replaced since is mapped anew; its old mapping goes once the
 * readers still using it close their images.
 *
 * <p>Each open hands out its own image ({@link MappedBytes#share()}), closed by its owner as any
 * image is; the cache holds one more, released when the entry is evicted: least recently used
 * first beyond {@link #maxFiles} files or {@link #maxBytes} mapped bytes, or when every holder
 * (a {@code Database}) that used it has closed. A holder that never closes only keeps entries
 * until they are evicted. Thread-safe.
 */
public final class MappedFileCache {
  /** System property: the most files kept mapped (0 turns the cache off). */
  public static final String MAX_FILES_PROPERTY = "kdbsql.mappedFiles";
  /** System property: the most bytes kept mapped. */
  public static final String MAX_BYTES_PROPERTY = "kdbsql.mappedBytes";

  /**
   * Well under the kernel's default of 65,530 mappings per process ({@code vm.max_map_count}),
   * which the JVM and other users of the process share.
   */
  static final int DEFAULT_MAX_FILES = 4096;
  /** Address space, not memory: the pages are the page cache's, shared with every reader. */
  static final long DEFAULT_MAX_BYTES = 64L << 30;

  private static final MappedFileCache SHARED = new MappedFileCache(
      Long.getLong(MAX_FILES_PROPERTY, DEFAULT_MAX_FILES).intValue(),
      Long.getLong(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES));

  private final int maxFiles;
  private final long maxBytes;
  /** Least recently used first. */
  private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  /**
   * The entries each holder has used, to release them when it closes; weak, so that a holder
   * dropped without closing is not kept alive by the cache (its entries then wait for eviction).
   * Holders compare by identity.
   */
  private final Map<Object, Set<Entry>> held = new WeakHashMap<>();
  private long bytes;

  /** A cache of at most {@code maxFiles} mapped files and {@code maxBytes} mapped bytes. */
  MappedFileCache(int maxFiles, long maxBytes) {
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
  }

  /** The process's cache, bounded by the system properties above or their defaults. */
  public static MappedFileCache shared() {
    return SHARED;
  }

  /** A kept mapping: the cache's own image and the stamp the file had when it was mapped. */
  private static final class Entry {
    final FileStamp stamp;
    final MappedBytes image;
    int holders;

    Entry(FileStamp stamp, MappedBytes image) {
      this.stamp = stamp;
      this.image = image;
    }
  }

  /**
   * Opens {@code file} as {@link FileImages#open} does, for {@code holder}: a large plain file
   * from a kept mapping when it has one that still matches the file, else newly mapped (and kept
   * if the file has settled). The caller owns, and closes, the image it gets.
   */
  public Bytes open(Path file, Object holder) {
    FileStamp stamp = maxFiles > 0 ? FileStamp.of(file) : null;
    if (stamp == null) {
      return FileImages.open(file);
    }
    synchronized (this) {
      Entry e = entries.get(file);
      if (e != null && e.stamp.equals(stamp)) {
        MappedBytes image = e.image.share();
        if (image != null) {
          hold(e, holder);
          return image;
        }
      }
    }
    // Stamped before the mapping: a change after the stamp shows at the next open.
    long mappedAt = FileStamp.now();
    Bytes opened = FileImages.open(file);
    if (!(opened instanceof MappedBytes m) || stamp.modified() > mappedAt - FileStamp.SETTLED
        || m.length() > maxBytes) {
      return opened;
    }
    m.stamp(stamp);
    MappedBytes kept = m.share();
    List<MappedBytes> unmapped = new ArrayList<>();
    synchronized (this) {
      Entry e = new Entry(stamp, kept);
      Entry old = entries.put(file, e);
      if (old != null) {
        drop(old, unmapped);
      }
      bytes += kept.length();
      hold(e, holder);
      evictBeyondBounds(unmapped);
    }
    unmapped.forEach(MappedBytes::close);
    return m;
  }

  private void hold(Entry e, Object holder) {
    if (held.computeIfAbsent(holder, h -> Collections.newSetFromMap(new IdentityHashMap<>()))
        .add(e)) {
      e.holders++;
    }
  }

  /** Evicts, least recently used first, until the bounds hold. */
  private void evictBeyondBounds(List<MappedBytes> unmapped) {
    Iterator<Entry> it = entries.values().iterator();
    while ((entries.size() > maxFiles || bytes > maxBytes) && it.hasNext()) {
      Entry e = it.next();
      it.remove();
      drop(e, unmapped);
    }
  }

  /** Forgets {@code e}, no longer in {@link #entries}; its image goes to {@code unmapped}. */
  private void drop(Entry e, List<MappedBytes> unmapped) {
    bytes -= e.image.length();
    unmapped.add(e.image);
  }

  /**
   * Releases what {@code holder} used: the entries no other open holder used are evicted (their
   * mappings go once the images handed out of them close).
   */
  public void release(Object holder) {
    List<MappedBytes> unmapped = new ArrayList<>();
    synchronized (this) {
      Set<Entry> mine = held.remove(holder);
      if (mine == null) {
        return;
      }
      for (Entry e : mine) {
        if (--e.holders == 0 && entries.remove(e.image.file(), e)) {
          drop(e, unmapped);
        }
      }
    }
    unmapped.forEach(MappedBytes::close);
  }

  /** The number of files kept mapped. */
  public synchronized int size() {
    return entries.size();
  }

  /** The bytes kept mapped. */
  public synchronized long mappedBytes() {
    return bytes;
  }
}
