package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.calcite.spec.SortKey;
import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ORDER BY ... LIMIT n} over a scan without sorting it: each slice (in parallel) keeps the
 * row numbers of its best {@code n} selected rows in a binary heap whose root is the worst kept
 * row; a row is compared with that root first on the primary key alone, read in blocks as one
 * order-preserving {@code long} per row, and only a row that ties there is compared on the other
 * keys (whose columns a slice opens only then). The slices share a {@link Bound}, the {@code n}-th
 * best primary key of all rows kept so far: a row worse than it on the primary key cannot be in
 * the top {@code n}, so once any slice holds good rows every slice skips nearly every block,
 * tested on the block's raw values ({@link TopNKey.RawInterval}). Only the kept rows still
 * within the bound are decoded; the slices' rows are then merged in Calcite's order of the
 * decoded values, ties in storage order, as a stable sort of the whole table would.
 *
 * <p>Keys compare exactly as Calcite compares the values its readers produce (see
 * {@link CalciteValues#reader}): numbers, chars and symbols (by rank in their domain, which is
 * String order), dates, times of day (NULL outside one day) and timestamps by their raw
 * nanoseconds, which orders as {@code java.sql.Timestamp} does except for wall-clock times inside
 * a daylight-saving gap of the JVM's zone (where a Timestamp cannot hold the time at all). Guids
 * (read as their text) compare as unsigned 128-bit numbers, which is the order of that text;
 * strings, other lists (read as VARCHAR text) and symbols that are not enumerated compare as the
 * Strings their reader yields, with {@link String#compareTo}, as Calcite's sort does.
 */
public final class TopN {
  /** The largest {@code offset + fetch} computed here; a larger one is sorted by Calcite. */
  public static final long MAX_ROWS = 10_000;

  private final ScanSpec spec;
  private final int[] fields;
  private final ValueReader[] readers;
  private final int offset;
  private final PartitionKind partitionKind;
  private final TimespanMode timespan;
  private final Map<SymbolDomain, long[]> ranks = new ConcurrentHashMap<>();
  /** How many keys are computed ({@link SortKey#computed}): their values follow the fields. */
  private final int computedKeys;

  /**
   * Creates the top-N of {@code spec} (whose fields are {@code fields}, read by {@code readers},
   * null for the partition column); stored column {@code c} is field {@code c + offset}.
   */
  TopN(ScanSpec spec, int[] fields, ValueReader[] readers, int offset,
      PartitionKind partitionKind, TimespanMode timespan) {
    this.spec = spec;
    this.fields = fields;
    this.readers = readers;
    this.offset = offset;
    this.partitionKind = partitionKind;
    this.timespan = timespan;
    this.computedKeys = (int) spec.sort().stream().filter(SortKey::computed).count();
  }

  /** One slice's kept rows, decoded, best first. */
  record Kept(List<Object[]> rows) {
  }

  /**
   * The best {@code spec.fetch()} rows of one open slice that {@code filter} selects. A row whose
   * primary key is worse than {@code bound}'s limit is worse than that many rows kept elsewhere
   * and is not looked at further; every row this slice keeps is offered to {@code bound}.
   */
  private Kept slice(TableSlice slice, Predicate filter, FilterEvaluator evaluator,
      Bound bound) {
    long rows = slice.rowCount();
    int n = (int) spec.fetch();
    if (rows == 0 || n == 0) {
      return new Kept(List.of());
    }
    Selection selected = filter == null ? null : evaluator.select(filter, slice, rows);
    SliceKeys keys = new SliceKeys(slice);
    TopNKey primary = keys.primary();
    Object scale = primary.scale();
    Heap heap = new Heap(keys, n);
    int[] at = new int[Blocks.ROWS];
    long[] block = new long[Blocks.ROWS];
    boolean hasSecond = keys.hasSecond();
    long[] block2 = null;
    // The root's key on the second key, read once per root.
    long rootRow = -1;
    long rootSecond = 0;
    for (long from = 0; from < rows; from += Blocks.ROWS) {
      int len = (int) Math.min(Blocks.ROWS, rows - from);
      if (selected != null && !selected.any(from, len)) {
        continue;
      }
      // Rows of primary key above the cap cannot enter; at the cap they tie with the root.
      long cap = heap.full() ? Math.min(heap.worst(), bound.limit(scale)) : bound.limit(scale);
      if (!primary.mayHold(from, len, cap)) {
        // No row of the block can enter: the usual case once the heaps hold good rows.
        continue;
      }
      int candidates = primary.select(from, len, cap, at, block);
      // Many rows tied with the root on the primary key: their second key is read in bulk.
      boolean bulk = hasSecond && heap.full() && ties(block, candidates, heap.worst()) >= len / 8;
      if (bulk) {
        if (block2 == null) {
          block2 = new long[Blocks.ROWS];
        }
        keys.second().fill(from, len, block2);
      }
      for (int j = 0; j < candidates; j++) {
        long e = block[j];
        if (e > cap) {
          continue;
        }
        int i = at[j];
        long r = from + i;
        if (selected != null && !selected.contains(r)) {
          continue;
        }
        if (heap.full()) {
          if (e == heap.worst()) {
            // A tie on the primary key: the second key decides most, and only a tie there too
            // reads every key. Rows come in storage order: a row tied on every key is worse.
            long root = heap.rootRow();
            if (hasSecond && primary.exactAt(e)) {
              TopNKey second = keys.second();
              if (root != rootRow) {
                rootRow = root;
                rootSecond = second.effective(root);
              }
              long e2 = bulk ? block2[i] : second.effective(r);
              if (e2 > rootSecond || e2 == rootSecond && (second.exactAt(e2)
                  ? keys.compareAfterSecond(r, root) : keys.compare(r, root)) >= 0) {
                continue;
              }
            } else if (keys.compare(r, root) >= 0) {
              continue;
            }
          }
          heap.replaceRoot(r, e);
        } else {
          heap.add(r, e);
        }
        long shared = bound.offer(scale, e);
        cap = heap.full() ? Math.min(heap.worst(), shared) : shared;
      }
    }
    // Kept rows worse than the bound as it now is are out of the top n: not decoded.
    long[] kept = heap.sorted(bound.limit(scale));
    if (kept.length == 0) {
      return new Kept(List.of());
    }
    List<Object[]> out = new ArrayList<>(kept.length);
    Column[] columns = new Column[fields.length];
    Object partitionValue = partitionKind == null ? null
        : CalciteValues.partitionValue(partitionKind, slice.partition().value());
    for (int f = 0; f < fields.length; f++) {
      columns[f] = readers[f] == null ? null : slice.column(fields[f] - offset);
    }
    for (long r : kept) {
      // Computed keys' values after the fields, for the merge (which drops them).
      Object[] values = new Object[fields.length + computedKeys];
      for (int f = 0; f < fields.length; f++) {
        values[f] = columns[f] == null ? partitionValue : readers[f].read(columns[f], r);
      }
      for (int k = 0; k < spec.sort().size(); k++) {
        SortKey key = spec.sort().get(k);
        if (key.computed()) {
          values[key.position()] = ((TopNKey.ExprKey) keys.get(k)).value(r);
        }
      }
      out.add(values);
    }
    return new Kept(out);
  }

  /**
   * The top rows of {@code slices} (all closed on return), run on {@code runner}. When the first
   * key is the partition column, slices go best partition first, a wave of as many as the runner
   * has threads at a time, and the scan stops once it holds enough rows from partitions better
   * than all that remain.
   */
  List<Object[]> run(List<TableSlice> slices, SliceRunner runner, AtomicBoolean cancelled,
      Predicate filter, FilterEvaluator evaluator) {
    SortKey first = spec.sort().get(0);
    if (!partitionKey(first)) {
      Bound bound = new Bound((int) spec.fetch());
      return merge(runner.map(slices, cancelled, (i, s) -> slice(s, filter, evaluator, bound)));
    }
    // The slices' orders differ on their first key: no bound holds across them.
    Bound none = new Bound(0);
    Integer[] order = new Integer[slices.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Integer> byPartition = Comparator.comparingLong(
        i -> slices.get(i).partition().value());
    Arrays.sort(order, first.descending() ? byPartition.reversed() : byPartition);
    Kept[] kept = new Kept[slices.size()];
    long held = 0;
    int next = 0;
    try {
      while (next < order.length) {
        int end = Math.min(order.length, next + runner.threads());
        List<TableSlice> wave = new ArrayList<>();
        for (int i = next; i < end; i++) {
          wave.add(slices.get(order[i]));
        }
        List<Kept> done = runner.map(wave, cancelled,
            (i, s) -> slice(s, filter, evaluator, none));
        for (int i = next; i < end; i++) {
          kept[order[i]] = done.get(i - next);
          held += kept[order[i]].rows().size();
        }
        next = end;
        if (held >= spec.fetch() && next < order.length && slices.get(order[next]).partition()
            .value() != slices.get(order[next - 1]).partition().value()) {
          break;
        }
      }
    } finally {
      for (int i = next; i < order.length; i++) {
        slices.get(order[i]).close();
      }
    }
    List<Kept> inStorageOrder = new ArrayList<>();
    for (Kept k : kept) {
      if (k != null) {
        inStorageOrder.add(k);
      }
    }
    return merge(inStorageOrder);
  }

  /** The best {@code spec.fetch()} rows of all slices' kept rows (given in slice order). */
  private List<Object[]> merge(List<Kept> slices) {
    List<Object[]> all = new ArrayList<>();
    slices.forEach(k -> all.addAll(k.rows()));
    // Stable: equal rows keep slice order, and each slice's rows are in storage order.
    all.sort((a, b) -> SortKey.compare(spec.sort(), a, b));
    List<Object[]> top = all.size() > spec.fetch()
        ? new ArrayList<>(all.subList(0, (int) spec.fetch())) : all;
    if (computedKeys > 0) {
      top.replaceAll(row -> Arrays.copyOf(row, fields.length));
    }
    return top;
  }

  /** Whether {@code k} is the partition column's, one value per slice. */
  private boolean partitionKey(SortKey k) {
    return !k.computed() && fields[k.position()] < offset;
  }

  /** How many of {@code block[0..len)} equal {@code key}. */
  private static int ties(long[] block, int len, long key) {
    int n = 0;
    for (int i = 0; i < len; i++) {
      n += block[i] == key ? 1 : 0;
    }
    return n;
  }

  /**
   * The sort keys over one slice, each opening its column on first use: once the heaps hold good
   * rows, most slices compare on the primary key alone and never open the others.
   */
  private final class SliceKeys {
    private final TableSlice slice;
    private final TopNKey[] keys = new TopNKey[spec.sort().size()];

    SliceKeys(TableSlice slice) {
      this.slice = slice;
    }

    private TopNKey get(int k) {
      TopNKey key = keys[k];
      if (key == null) {
        key = key(slice, spec.sort().get(k));
        keys[k] = key;
      }
      return key;
    }

    /**
     * The key that orders the slice's rows: the first that is not the partition column, which
     * is one value per slice (the first key when every key is).
     */
    TopNKey primary() {
      int k = after(-1);
      return get(k < 0 ? 0 : k);
    }

    /** Whether there is a key after the primary that is not the partition column. */
    boolean hasSecond() {
      int p = after(-1);
      return p >= 0 && after(p) >= 0;
    }

    /** The first key after the primary that is not the partition column (see hasSecond). */
    TopNKey second() {
      return get(after(after(-1)));
    }

    /** The first key after key {@code k} that is not the partition column, or -1. */
    private int after(int k) {
      for (int i = k + 1; i < keys.length; i++) {
        if (!partitionKey(spec.sort().get(i))) {
          return i;
        }
      }
      return -1;
    }

    /** Order of rows {@code a} and {@code b} on every key, ties in storage order. */
    int compare(long a, long b) {
      return compareAfter(-1, a, b);
    }

    /**
     * Order of rows {@code a} and {@code b} that tie on every key up to the second one: on the
     * keys after it, ties in storage order.
     */
    int compareAfterSecond(long a, long b) {
      return compareAfter(after(after(-1)), a, b);
    }

    private int compareAfter(int k, long a, long b) {
      for (int i = k + 1; i < keys.length; i++) {
        int c = get(i).compare(a, b);
        if (c != 0) {
          return c;
        }
      }
      return Long.compare(a, b);
    }
  }

  /**
   * A slice's kept rows: a binary max-heap of row numbers whose root is the worst kept row, with
   * each row's primary key alongside, so that sifting reads the other keys only on ties there.
   */
  private static final class Heap {
    private final SliceKeys keys;
    private final long[] rows;
    private final long[] primary;
    private int size;

    Heap(SliceKeys keys, int n) {
      this.keys = keys;
      this.rows = new long[n];
      this.primary = new long[n];
    }

    boolean full() {
      return size == rows.length;
    }

    /** The primary key of the root (meaningful once not empty). */
    long worst() {
      return primary[0];
    }

    long rootRow() {
      return rows[0];
    }

    /** Adds a row to a heap that is not full. */
    void add(long row, long key) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (order(parent, row, key) >= 0) {
          break;
        }
        rows[i] = rows[parent];
        primary[i] = primary[parent];
        i = parent;
      }
      rows[i] = row;
      primary[i] = key;
    }

    /** Replaces the root (the worst kept row) with a better row. */
    void replaceRoot(long row, long key) {
      siftDown(row, key, size);
    }

    private void siftDown(long row, long key, int n) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= n) {
          break;
        }
        if (child + 1 < n && order(child + 1, rows[child], primary[child]) > 0) {
          child++;
        }
        if (order(child, row, key) <= 0) {
          break;
        }
        rows[i] = rows[child];
        primary[i] = primary[child];
        i = child;
      }
      rows[i] = row;
      primary[i] = key;
    }

    /** Order of the row in slot {@code i} against {@code row} of primary key {@code key}. */
    private int order(int i, long row, long key) {
      int c = Long.compare(primary[i], key);
      return c != 0 ? c : keys.compare(rows[i], row);
    }

    /**
     * The kept rows of primary key at most {@code limit}, best first (empties the heap). Their
     * primary keys rise along that order, so the rows above the limit are the last ones.
     */
    long[] sorted(long limit) {
      long[] out = new long[size];
      long[] keyOf = new long[size];
      for (int n = size; n > 0; n--) {
        out[n - 1] = rows[0];
        keyOf[n - 1] = primary[0];
        siftDown(rows[n - 1], primary[n - 1], n - 1);
      }
      int keep = out.length;
      while (keep > 0 && keyOf[keep - 1] > limit) {
        keep--;
      }
      size = 0;
      return keep == out.length ? out : Arrays.copyOf(out, keep);
    }
  }

  /**
   * The primary keys of the best {@code n} rows the slices of one run have kept so far. Its
   * limit, the worst of them once there are {@code n}, bounds every slice: a row whose primary
   * key is worse is worse than {@code n} distinct rows already, whatever its other keys, so it
   * cannot be in the top {@code n}; a row equal to the limit may be, and is compared as usual.
   * Primary keys are comparable across slices only on one scale (a symbol's rank is a rank in
   * its domain): the first offer fixes the scale, and keys on another never use the bound.
   */
  private static final class Bound {
    private final long[] heap;
    private int size;
    private volatile Object scale;
    private volatile long limit = Long.MAX_VALUE;

    /** Creates a bound on the best {@code n} rows; {@code n = 0} never bounds anything. */
    Bound(int n) {
      this.heap = new long[n];
    }

    /** The limit for primary keys on {@code scale}: {@link Long#MAX_VALUE} until known. */
    long limit(Object scale) {
      return scale == this.scale ? limit : Long.MAX_VALUE;
    }

    /** Adds the primary key of a newly kept row and returns the limit on its scale. */
    long offer(Object scale, long key) {
      Object fixed = this.scale;
      if (heap.length == 0 || fixed != null && fixed != scale) {
        return Long.MAX_VALUE;
      }
      if (fixed != null && key >= limit) {
        // The usual case: nothing to tighten, and no lock taken.
        return limit;
      }
      synchronized (this) {
        if (this.scale == null) {
          this.scale = scale;
        } else if (this.scale != scale) {
          return Long.MAX_VALUE;
        }
        if (size < heap.length) {
          int i = size++;
          while (i > 0 && heap[(i - 1) >>> 1] < key) {
            heap[i] = heap[(i - 1) >>> 1];
            i = (i - 1) >>> 1;
          }
          heap[i] = key;
          if (size == heap.length) {
            limit = heap[0];
          }
        } else if (key < heap[0]) {
          int i = 0;
          while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
              break;
            }
            if (child + 1 < size && heap[child + 1] > heap[child]) {
              child++;
            }
            if (heap[child] <= key) {
              break;
            }
            heap[i] = heap[child];
            i = child;
          }
          heap[i] = key;
          limit = heap[0];
        }
        return limit;
      }
    }
  }

  /** The key {@code k} of a slice, read from its column (or its partition value). */
  private TopNKey key(TableSlice slice, SortKey k) {
    if (k.computed()) {
      return new TopNKey.ExprKey(k, new ExprEvaluator(k.expr(), slice, offset, f -> {
        throw new IllegalStateException("a computed sort key is never a null test");
      }, new ExprEvaluator.Shared()));
    }
    int field = fields[k.position()];
    if (field < offset) {
      long v = slice.partition().value();
      return new TopNKey(k, null, TopNKey.KeyKind.CONSTANT) {
        @Override
        long raw(long row) {
          return v;
        }
      };
    }
    Column c = slice.column(field - offset);
    if (c.type().nested()) {
      // Strings, and other lists as the text the reader makes of them.
      return new TopNKey.TextKey(k, c, readers[k.position()]);
    }
    KdbType type = c.type().element();
    if (type == KdbType.GUID) {
      return new TopNKey.GuidKey(k, c);
    }
    if (type == KdbType.SYMBOL) {
      if (c instanceof EnumColumn e) {
        long[] rank = ranks.computeIfAbsent(e.domain(), TopN::ranks);
        return new TopNKey(k, c, TopNKey.KeyKind.SYMBOL_RANK) {
          @Override
          Object scale() {
            return e.domain();
          }

          @Override
          long raw(long row) {
            int i = e.index(row);
            return i < 0 ? Long.MIN_VALUE : rank[i];
          }

          @Override
          void fill(long from, int len, long[] out) {
            int[] index = ints();
            e.indices(from, index, 0, len);
            for (int i = 0; i < len; i++) {
              int x = index[i];
              out[i] = fold(x < 0 ? Long.MIN_VALUE : rank[x]);
            }
          }
        };
      }
      return new TopNKey.TextKey(k, c, readers[k.position()]);
    }
    return new TopNKey(k, c, TopNKey.KeyKind.of(type, timespan));
  }

  /**
   * Ranks of a domain's symbols in String order, by index; the empty symbol (which a domain may
   * hold, and which is SQL NULL) ranks as {@link Long#MIN_VALUE}, NULL's key.
   */
  private static long[] ranks(SymbolDomain domain) {
    Integer[] order = new Integer[domain.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(domain::symbol));
    long[] rank = new long[order.length];
    int r = 0;
    for (int i = 0; i < order.length; i++) {
      String s = domain.symbol(order[i]);
      // Equal symbols (a domain may repeat one) share a rank.
      if (i > 0 && !s.equals(domain.symbol(order[i - 1]))) {
        r = i;
      }
      rank[order[i]] = s.isEmpty() ? Long.MIN_VALUE : r;
    }
    return rank;
  }
}
