package dev.kdbsql.calcite;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
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
 * tested on the block's raw values ({@link RawInterval}). Only the kept rows still within the
 * bound are decoded; the slices' rows are then merged in Calcite's order of the decoded values,
 * ties in storage order, as a stable sort of the whole table would.
 *
 * <p>Keys compare exactly as Calcite compares the values its readers produce (see
 * {@link KdbTypeMapper#reader}): numbers, chars and symbols (by rank in their domain, which is
 * String order), dates, times of day (NULL outside one day) and timestamps by their raw
 * nanoseconds, which orders as {@code java.sql.Timestamp} does except for wall-clock times inside
 * a daylight-saving gap of the JVM's zone (where a Timestamp cannot hold the time at all). Guids
 * (read as their text) compare as unsigned 128-bit numbers, which is the order of that text;
 * strings, other lists (read as VARCHAR text) and symbols that are not enumerated compare as the
 * Strings their reader yields, with {@link String#compareTo}, as Calcite's sort does.
 */
final class KdbTopN {
  /** The largest {@code offset + fetch} computed here; a larger one is sorted by Calcite. */
  static final long MAX_ROWS = 10_000;
  private static final int BLOCK = 4096;

  private final KdbScanSpec spec;
  private final int[] fields;
  private final KdbValueReader[] readers;
  private final int offset;
  private final PartitionKind partitionKind;
  private final TimespanMode timespan;
  private final Map<SymbolDomain, long[]> ranks = new ConcurrentHashMap<>();

  /**
   * Creates the top-N of {@code spec} (whose fields are {@code fields}, read by {@code readers},
   * null for the partition column); stored column {@code c} is field {@code c + offset}.
   */
  KdbTopN(KdbScanSpec spec, int[] fields, KdbValueReader[] readers, int offset,
      PartitionKind partitionKind, TimespanMode timespan) {
    this.spec = spec;
    this.fields = fields;
    this.readers = readers;
    this.offset = offset;
    this.partitionKind = partitionKind;
    this.timespan = timespan;
  }

  /** One slice's kept rows, decoded, best first. */
  record Kept(List<Object[]> rows) {
  }

  /**
   * The best {@code spec.fetch} rows of one open slice that {@code filter} selects. A row whose
   * primary key is worse than {@code bound}'s limit is worse than that many rows kept elsewhere
   * and is not looked at further; every row this slice keeps is offered to {@code bound}.
   */
  private Kept slice(TableSlice slice, KdbPredicate filter, KdbFilterEvaluator evaluator,
      Bound bound) {
    long rows = slice.rowCount();
    int n = (int) spec.fetch;
    if (rows == 0 || n == 0) {
      return new Kept(List.of());
    }
    long[] selected = filter == null ? null : evaluator.select(filter, slice, rows);
    SliceKeys keys = new SliceKeys(slice);
    Key primary = keys.primary();
    Object scale = primary.scale();
    Heap heap = new Heap(keys, n);
    int[] at = new int[BLOCK];
    long[] block = new long[BLOCK];
    boolean hasSecond = keys.hasSecond();
    long[] block2 = null;
    // The root's key on the second key, read once per root.
    long rootRow = -1;
    long rootSecond = 0;
    for (long from = 0; from < rows; from += BLOCK) {
      int len = (int) Math.min(BLOCK, rows - from);
      if (selected != null && !anySelected(selected, from, len)) {
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
          block2 = new long[BLOCK];
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
        if (selected != null && (selected[(int) (r >>> 6)] & (1L << r)) == 0) {
          continue;
        }
        if (heap.full()) {
          if (e == heap.worst()) {
            // A tie on the primary key: the second key decides most, and only a tie there too
            // reads every key. Rows come in storage order: a row tied on every key is worse.
            long root = heap.rootRow();
            if (hasSecond && primary.exactAt(e)) {
              Key second = keys.second();
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
        : KdbTypeMapper.partitionValue(partitionKind, slice.partition().value());
    for (int f = 0; f < fields.length; f++) {
      columns[f] = readers[f] == null ? null : slice.column(fields[f] - offset);
    }
    for (long r : kept) {
      Object[] values = new Object[fields.length];
      for (int f = 0; f < fields.length; f++) {
        values[f] = columns[f] == null ? partitionValue : readers[f].read(columns[f], r);
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
  List<Object[]> run(List<TableSlice> slices, KdbSliceRunner runner, AtomicBoolean cancelled,
      KdbPredicate filter, KdbFilterEvaluator evaluator) {
    KdbSortKey first = spec.sort.get(0);
    if (fields[first.position()] >= offset) {
      Bound bound = new Bound((int) spec.fetch);
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
        if (held >= spec.fetch && next < order.length && slices.get(order[next]).partition()
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

  /** The best {@code spec.fetch} rows of all slices' kept rows (given in slice order). */
  private List<Object[]> merge(List<Kept> slices) {
    List<Object[]> all = new ArrayList<>();
    slices.forEach(k -> all.addAll(k.rows()));
    // Stable: equal rows keep slice order, and each slice's rows are in storage order.
    all.sort((a, b) -> KdbSortKey.compare(spec.sort, a, b));
    return all.size() > spec.fetch ? new ArrayList<>(all.subList(0, (int) spec.fetch)) : all;
  }

  /** How many of {@code block[0..len)} equal {@code key}. */
  private static int ties(long[] block, int len, long key) {
    int n = 0;
    for (int i = 0; i < len; i++) {
      n += block[i] == key ? 1 : 0;
    }
    return n;
  }

  private static boolean anySelected(long[] selected, long from, int len) {
    long to = from + len;
    long next = KdbFilterEvaluator.next(selected, from);
    return next >= 0 && next < to;
  }

  /**
   * The sort keys over one slice, each opening its column on first use: once the heaps hold good
   * rows, most slices compare on the primary key alone and never open the others.
   */
  private final class SliceKeys {
    private final TableSlice slice;
    private final Key[] keys = new Key[spec.sort.size()];

    SliceKeys(TableSlice slice) {
      this.slice = slice;
    }

    private Key get(int k) {
      Key key = keys[k];
      if (key == null) {
        key = key(slice, spec.sort.get(k));
        keys[k] = key;
      }
      return key;
    }

    /**
     * The key that orders the slice's rows: the first that is not the partition column, which
     * is one value per slice (the first key when every key is).
     */
    Key primary() {
      int k = after(-1);
      return get(k < 0 ? 0 : k);
    }

    /** Whether there is a key after the primary that is not the partition column. */
    boolean hasSecond() {
      int p = after(-1);
      return p >= 0 && after(p) >= 0;
    }

    /** The first key after the primary that is not the partition column (see hasSecond). */
    Key second() {
      return get(after(after(-1)));
    }

    /** The first key after key {@code k} that is not the partition column, or -1. */
    private int after(int k) {
      for (int i = k + 1; i < keys.length; i++) {
        if (fields[spec.sort.get(i).position()] >= offset) {
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
  private Key key(TableSlice slice, KdbSortKey k) {
    int field = fields[k.position()];
    if (field < offset) {
      long v = slice.partition().value();
      return new Key(k, null, KeyKind.CONSTANT) {
        @Override
        long raw(long row) {
          return v;
        }
      };
    }
    Column c = slice.column(field - offset);
    if (c.type().nested()) {
      // Strings, and other lists as the text the reader makes of them.
      return new TextKey(k, c, readers[k.position()]);
    }
    KdbType type = c.type().element();
    if (type == KdbType.GUID) {
      return new GuidKey(k, c);
    }
    if (type == KdbType.SYMBOL) {
      if (c instanceof EnumColumn e) {
        long[] rank = ranks.computeIfAbsent(e.domain(), KdbTopN::ranks);
        return new Key(k, c, KeyKind.SYMBOL_RANK) {
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
      return new TextKey(k, c, readers[k.position()]);
    }
    return new Key(k, c, KeyKind.of(type, timespan));
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

  /**
   * How a column's raw values become the long whose order is Calcite's order of the decoded
   * values, with {@link Long#MIN_VALUE} for what decodes to NULL (a null sentinel, NaN, a blank
   * char, a time outside one day). Guids and text (strings, lists, symbols not enumerated) have
   * no such long: their key is a prefix of the value, whose ties the values decide.
   */
  enum KeyKind {
    CONSTANT, SYMBOL_RANK, BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, DOUBLE, DATE, MONTH, DATETIME,
    MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY, NANOS_OF_DAY, GUID, TEXT;

    static KeyKind of(KdbType type, TimespanMode timespan) {
      return switch (type) {
        case BOOLEAN -> BOOLEAN;
        case BYTE -> BYTE;
        case CHAR -> CHAR;
        case SHORT -> SHORT;
        case INT -> INT;
        case DATE -> DATE;
        case MONTH -> MONTH;
        case LONG, TIMESTAMP -> LONG;
        case TIMESPAN -> timespan == TimespanMode.NANOS ? LONG : NANOS_OF_DAY;
        case REAL, FLOAT -> DOUBLE;
        case DATETIME -> DATETIME;
        case TIME -> MILLIS_OF_DAY;
        case SECOND -> SECONDS_OF_DAY;
        case MINUTE -> MINUTES_OF_DAY;
        case SYMBOL, GUID -> throw new IllegalArgumentException("no primitive key for " + type);
      };
    }
  }

  /**
   * One sort key over one slice: the raw-to-ordered conversion of its {@link KeyKind}, the
   * comparison of two rows, and {@link #effective}, the key with direction and null placement
   * folded in, whose order never contradicts the exact comparison (ties may hide an order, which
   * the full comparison then decides).
   */
  private static class Key {
    final KdbSortKey sortKey;
    final Column column;
    final KeyKind kind;
    /** The key of NULL: first or last whatever the direction. */
    private final long nullKey;
    /** {@code -1} descending, {@code 0} ascending: {@code v ^ flip} is the direction folded in. */
    private final long flip;
    /** Scratch of the bulk reads, allocated on first use (a key belongs to one slice). */
    private int[] ints;
    private long[] longs;
    private byte[] bytes;
    private double[] doubles;

    Key(KdbSortKey sortKey, Column column, KeyKind kind) {
      this.sortKey = sortKey;
      this.column = column;
      this.kind = kind;
      this.nullKey = sortKey.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
      this.flip = sortKey.descending() ? -1L : 0L;
    }

    /**
     * What {@link #effective} keys compare on across slices: keys of two slices compare only if
     * their scales are the same object (the kind, or the symbol domain of ranks).
     */
    Object scale() {
      return kind;
    }

    /**
     * Whether rows of effective key {@code e} all hold the same value, so that a tie there is a
     * tie in Calcite's order. Only a long's extreme value (0W) folds onto NULL's key: its
     * complement is {@link Long#MIN_VALUE}, and ascending it is {@link Long#MAX_VALUE}.
     */
    boolean exactAt(long e) {
      return kind != KeyKind.LONG || e != Long.MIN_VALUE && e != Long.MAX_VALUE;
    }

    /** The ordered value of {@code row}, {@link Long#MIN_VALUE} for NULL. */
    long raw(long row) {
      return switch (kind) {
        case BOOLEAN, BYTE, CHAR -> ofByte(column.getByte(row));
        case DOUBLE -> ofDouble(column.type().element() == KdbType.REAL
            ? column.getFloat(row) : column.getDouble(row));
        case DATETIME -> ofDouble(column.getDouble(row));
        case SHORT -> ofLong(column.getShort(row));
        case LONG, NANOS_OF_DAY -> ofLong(column.getLong(row));
        case INT, DATE, MONTH, MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY ->
            ofLong(column.getInt(row));
        case CONSTANT, SYMBOL_RANK, GUID, TEXT -> throw new IllegalStateException(kind.name());
      };
    }

    /** The ordered value of a boolean, byte or char. */
    private long ofByte(byte b) {
      return switch (kind) {
        case BOOLEAN -> b != 0 ? 1 : 0;
        case CHAR -> b == Nulls.CHAR_NULL ? Long.MIN_VALUE : b & 0xff;
        default -> b & 0xff;
      };
    }

    /** The ordered value of a real, float or datetime (NaN is NULL). */
    private long ofDouble(double v) {
      if (Double.isNaN(v)) {
        return Long.MIN_VALUE;
      }
      // Datetimes as the readers compute them (KdbTypeMapper).
      return kind == KeyKind.DATETIME ? KdbTypeMapper.datetimeMillis(v) : orderedBits(v);
    }

    /** The ordered value of a short, int-like or long-like value, widened. */
    private long ofLong(long v) {
      return switch (kind) {
        case SHORT -> v == Nulls.SHORT_NULL ? Long.MIN_VALUE : v;
        case INT -> v == Nulls.INT_NULL ? Long.MIN_VALUE : v;
        // Dates and months as the readers compute them (KdbTypeMapper).
        case DATE -> v == Nulls.INT_NULL ? Long.MIN_VALUE : KdbTypeMapper.epochDay((int) v);
        case MONTH -> v == Nulls.INT_NULL ? Long.MIN_VALUE : KdbTypeMapper.monthEpochDay((int) v);
        case MILLIS_OF_DAY -> ofDay((int) v, 1);
        case SECONDS_OF_DAY -> ofDay((int) v, 1_000);
        case MINUTES_OF_DAY -> ofDay((int) v, 60_000);
        case NANOS_OF_DAY ->
            v == Nulls.LONG_NULL ? Long.MIN_VALUE : dayMillis(Math.floorDiv(v, 1_000_000L));
        default -> v;
      };
    }

    /**
     * Whether a row of {@code [from, from + len)} may have an {@link #effective} key of at most
     * {@code cap}; false only when none has. For shorts, ints and longs, whose key is their raw
     * value or its complement, the rows that may enter are the raw values of one interval, and
     * the block is tested against it without folding each row (see {@link RawInterval}): the
     * test that skips nearly every block once the heaps hold good rows.
     */
    boolean mayHold(long from, int len, long cap) {
      RawInterval in = interval(cap);
      if (in == null) {
        return true;
      }
      if (in.empty()) {
        return false;
      }
      if (kind == KeyKind.INT) {
        column.getInts(from, ints(), 0, len);
        return in.anyIn(ints, len);
      }
      column.getLongs(from, longs(), 0, len);
      return in.anyIn(longs, len);
    }

    /**
     * The rows of {@code [from, from + len)} whose {@link #effective} key is at most
     * {@code cap}: their offsets in the block into {@code at}, their keys into {@code out} (at
     * the same places); returns how many. Shorts, ints and longs pick them on their raw values
     * and fold only those; other kinds fold the whole block first.
     */
    int select(long from, int len, long cap, int[] at, long[] out) {
      RawInterval in = interval(cap);
      if (in == null) {
        fill(from, len, out);
        int n = 0;
        for (int i = 0; i < len; i++) {
          long e = out[i];
          at[n] = i;
          out[n] = e;
          n += e <= cap ? 1 : 0;
        }
        return n;
      }
      if (in.empty()) {
        return 0;
      }
      if (kind == KeyKind.INT) {
        int[] v = ints();
        column.getInts(from, v, 0, len);
        int n = in.select(v, len, at);
        for (int j = 0; j < n; j++) {
          out[j] = fold(ofLong(v[at[j]]));
        }
        return n;
      }
      long[] v = longs();
      column.getLongs(from, v, 0, len);
      int n = in.select(v, len, at);
      for (int j = 0; j < n; j++) {
        out[j] = fold(ofLong(v[at[j]]));
      }
      return n;
    }

    /** The raw values of key at most {@code cap}, for shorts, ints and longs under a cap. */
    private RawInterval interval(long cap) {
      if (cap == Long.MAX_VALUE) {
        return null;
      }
      return switch (kind) {
        case SHORT -> RawInterval.of(16, sortKey, cap);
        case INT -> RawInterval.of(32, sortKey, cap);
        case LONG -> RawInterval.of(64, sortKey, cap);
        default -> null;
      };
    }

    /**
     * Fills {@code out[0..len)} with {@link #effective} of rows {@code [from, from + len)}.
     * Columns are read in bulk; shorts, ints and longs are folded without a branch, other kinds
     * through their conversion per value.
     */
    void fill(long from, int len, long[] out) {
      switch (kind) {
        case SHORT, INT, LONG -> {
          column.getLongs(from, out, 0, len);
          // The sentinel of the width is the null.
          long nullValue = kind == KeyKind.LONG ? Nulls.LONG_NULL
              : kind == KeyKind.INT ? Nulls.INT_NULL : Nulls.SHORT_NULL;
          for (int i = 0; i < len; i++) {
            long v = out[i];
            out[i] = v == nullValue ? nullKey : v ^ flip;
          }
        }
        case BOOLEAN, BYTE, CHAR -> {
          byte[] b = bytes();
          column.getBytes(from, b, 0, len);
          for (int i = 0; i < len; i++) {
            out[i] = fold(ofByte(b[i]));
          }
        }
        case DOUBLE, DATETIME -> {
          double[] d = doubles();
          column.getDoubles(from, d, 0, len);
          for (int i = 0; i < len; i++) {
            out[i] = fold(ofDouble(d[i]));
          }
        }
        case DATE, MONTH, MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY, NANOS_OF_DAY -> {
          column.getLongs(from, out, 0, len);
          for (int i = 0; i < len; i++) {
            out[i] = fold(ofLong(out[i]));
          }
        }
        default -> {
          for (int i = 0; i < len; i++) {
            out[i] = effective(from + i);
          }
        }
      }
    }

    /** The key of {@code row} with direction and nulls folded into one order. */
    long effective(long row) {
      return fold(raw(row));
    }

    /** Direction and null placement folded into an ordered value. */
    final long fold(long v) {
      return v == Long.MIN_VALUE ? nullKey : v ^ flip;
    }

    /** Exact order of two rows on this key. */
    int compare(long a, long b) {
      long x = raw(a);
      long y = raw(b);
      if (x == Long.MIN_VALUE || y == Long.MIN_VALUE) {
        return x == y ? 0 : (x == Long.MIN_VALUE) == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = Long.compare(x, y);
      return sortKey.descending() ? -c : c;
    }

    final int[] ints() {
      if (ints == null) {
        ints = new int[BLOCK];
      }
      return ints;
    }

    private long[] longs() {
      if (longs == null) {
        longs = new long[BLOCK];
      }
      return longs;
    }

    private byte[] bytes() {
      if (bytes == null) {
        bytes = new byte[BLOCK];
      }
      return bytes;
    }

    private double[] doubles() {
      if (doubles == null) {
        doubles = new double[BLOCK];
      }
      return doubles;
    }

    /**
     * A double that is not NaN as a long of the same order ({@link Double#compare}'s): never
     * NULL's {@link Long#MIN_VALUE}, which only the bits of a NaN would give.
     */
    private static long orderedBits(double v) {
      long bits = Double.doubleToLongBits(v);
      return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static long ofDay(int v, long millisPerUnit) {
      return v == Nulls.INT_NULL ? Long.MIN_VALUE : dayMillis(v * millisPerUnit);
    }

    private static long dayMillis(long millis) {
      long m = KdbTypeMapper.millisOfDay(millis);
      return m < 0 ? Long.MIN_VALUE : m;
    }
  }

  /**
   * The raw values of a short, int or long key (of {@code bits} bits, null the smallest value)
   * whose {@link Key#effective} key is at most a cap: an interval {@code [low, low + span]} of
   * values modulo {@code 2^bits}, which may wrap from the largest value to the null (descending,
   * nulls first). Testing a block against it is a branch-free pass the JIT vectorizes: the sign
   * of the borrow of {@code span - (v - low)}, unsigned, is clear for a value inside, and the
   * block holds one when the AND of all those words has a clear sign.
   */
  record RawInterval(int bits, long low, long span, boolean empty) {
    private static final RawInterval NONE = new RawInterval(64, 0, 0, true);

    /**
     * The values of {@code bits} bits whose key, ordered by {@code k}, is at most {@code cap}
     * (below {@link Long#MAX_VALUE}, which every value reaches).
     */
    static RawInterval of(int bits, KdbSortKey k, long cap) {
      long nul = Long.MIN_VALUE >> (64 - bits);
      long max = ~nul;
      if (!k.descending()) {
        // Values up to the cap; the null (the smallest value) comes in when nulls go first.
        long up = Math.min(cap, max);
        if (k.nullsFirst()) {
          return new RawInterval(bits, nul, Math.max(up, nul) - nul, false);
        }
        return up <= nul ? NONE : new RawInterval(bits, nul + 1, up - nul - 1, false);
      }
      // Descending: a value v has the key ~v, so the values from ~cap up; after the largest
      // comes the null (modulo 2^bits) when nulls go first.
      long from = Math.max(~cap, nul + 1);
      if (from > max) {
        return k.nullsFirst() ? new RawInterval(bits, nul, 0, false) : NONE;
      }
      return new RawInterval(bits, from, max - from + (k.nullsFirst() ? 1 : 0), false);
    }

    /** Whether one of {@code v[0..len)} (32-bit values) lies inside. */
    boolean anyIn(int[] v, int len) {
      int l = (int) low;
      int w = (int) span;
      int acc = -1;
      for (int i = 0; i < len; i++) {
        int x = v[i] - l;
        acc &= (~w & x) | (~(w ^ x) & (w - x));
      }
      return acc >= 0;
    }

    /** Whether one of {@code v[0..len)} (values of {@link #bits}, widened) lies inside. */
    boolean anyIn(long[] v, int len) {
      long mask = bits == 64 ? -1L : (1L << bits) - 1;
      long l = low;
      long w = span & mask;
      long acc = -1;
      for (int i = 0; i < len; i++) {
        long x = (v[i] - l) & mask;
        acc &= (~w & x) | (~(w ^ x) & (w - x));
      }
      return acc >= 0;
    }

    /** The places of the values of {@code v[0..len)} (32-bit) inside, into {@code at}; how many. */
    int select(int[] v, int len, int[] at) {
      int l = (int) low;
      int w = (int) span;
      int n = 0;
      for (int i = 0; i < len; i++) {
        int x = v[i] - l;
        at[n] = i;
        // The borrow's sign is clear inside: one more place kept, without a branch.
        n += ~((~w & x) | (~(w ^ x) & (w - x))) >>> 31;
      }
      return n;
    }

    /** The places of the values of {@code v[0..len)} (widened) inside, into {@code at}. */
    int select(long[] v, int len, int[] at) {
      long mask = bits == 64 ? -1L : (1L << bits) - 1;
      long l = low;
      long w = span & mask;
      int n = 0;
      for (int i = 0; i < len; i++) {
        long x = (v[i] - l) & mask;
        at[n] = i;
        n += (int) (~((~w & x) | (~(w ^ x) & (w - x))) >>> 63);
      }
      return n;
    }
  }

  /**
   * A guid key. The reader's value is the guid's text ({@link java.util.UUID#toString}: lower
   * case hex digits, dashes at fixed places), whose String order is the order of the 128 bits
   * as an unsigned number; the null guid (all zero) is NULL. The key is the high 63 bits, ties
   * decided by the whole guid.
   */
  private static final class GuidKey extends Key {
    GuidKey(KdbSortKey sortKey, Column column) {
      super(sortKey, column, KeyKind.GUID);
    }

    @Override
    long raw(long row) {
      long hi = column.getGuidHigh(row);
      return hi == 0 && column.getGuidLow(row) == 0 ? Long.MIN_VALUE : hi >>> 1;
    }

    @Override
    boolean exactAt(long e) {
      return false;
    }

    @Override
    int compare(long a, long b) {
      long ha = column.getGuidHigh(a);
      long la = column.getGuidLow(a);
      long hb = column.getGuidHigh(b);
      long lb = column.getGuidLow(b);
      boolean na = ha == 0 && la == 0;
      boolean nb = hb == 0 && lb == 0;
      if (na || nb) {
        return na == nb ? 0 : na == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = ha != hb ? Long.compareUnsigned(ha, hb) : Long.compareUnsigned(la, lb);
      return sortKey.descending() ? -c : c;
    }
  }

  /**
   * A key on the text the column's reader yields (strings, lists as their text, symbols that
   * are not enumerated), compared as Calcite compares those Strings: {@link String#compareTo}.
   * The key is the first four chars, ties decided by the whole text; every comparison reads the
   * values through the reader, so the order is Calcite's by construction.
   */
  private static final class TextKey extends Key {
    private final KdbValueReader reader;

    TextKey(KdbSortKey sortKey, Column column, KdbValueReader reader) {
      super(sortKey, column, KeyKind.TEXT);
      this.reader = reader;
    }

    @Override
    long raw(long row) {
      Object v = reader.read(column, row);
      return v == null ? Long.MIN_VALUE : prefix((String) v);
    }

    /**
     * The first four chars (zero past the end) as an unsigned number, halved to stay clear of
     * NULL's key: a prefix of a lower String is never higher, so the key never contradicts
     * {@link String#compareTo}.
     */
    static long prefix(String s) {
      long p = 0;
      for (int i = 0; i < 4; i++) {
        p = p << 16 | (i < s.length() ? s.charAt(i) : 0);
      }
      return p >>> 1;
    }

    @Override
    boolean exactAt(long e) {
      return false;
    }

    @Override
    int compare(long a, long b) {
      String x = (String) reader.read(column, a);
      String y = (String) reader.read(column, b);
      if (x == null || y == null) {
        return x == y ? 0 : (x == null) == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = x.compareTo(y);
      return sortKey.descending() ? -c : c;
    }
  }
}
