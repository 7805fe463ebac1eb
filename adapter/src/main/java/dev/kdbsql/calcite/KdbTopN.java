package dev.kdbsql.calcite;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
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
 * order-preserving {@code long} per row, and only a row that is not worse there is compared on
 * every key. Only the kept rows are decoded; the slices' rows are then merged in Calcite's
 * order of the decoded values, ties in storage order, as a stable sort of the whole table would.
 *
 * <p>Keys compare exactly as Calcite compares the values its readers produce (see
 * {@link KdbTypeMapper#reader}): numbers, chars and symbols (by rank in their domain, which is
 * String order), dates, times of day (NULL outside one day) and timestamps by their raw
 * nanoseconds, which orders as {@code java.sql.Timestamp} does except for wall-clock times inside
 * a daylight-saving gap of the JVM's zone (where a Timestamp cannot hold the time at all).
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

  /** Whether table field {@code field} can be a key here: anything but guids, lists and strings. */
  static boolean orderable(KdbCalciteTable table, int field) {
    if (field == 0 && table.partitioned()) {
      return true;
    }
    ColumnType t = table.columnType(field);
    return !t.nested() && t.element() != KdbType.GUID;
  }

  /** One slice's kept rows, decoded, best first. */
  record Kept(List<Object[]> rows) {
  }

  /** The best {@code spec.fetch} rows of one open slice that {@code filter} selects. */
  private Kept slice(TableSlice slice, KdbPredicate filter, KdbFilterEvaluator evaluator) {
    long rows = slice.rowCount();
    int n = (int) spec.fetch;
    if (rows == 0 || n == 0) {
      return new Kept(List.of());
    }
    long[] selected = filter == null ? null : evaluator.select(filter, slice, rows);
    Key[] keys = new Key[spec.sort.size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = key(slice, spec.sort.get(k));
    }
    Comparator<Long> order = (a, b) -> compare(keys, a, b);
    long[] heap = new long[n];
    int size = 0;
    long[] block = new long[BLOCK];
    // The partition column is one value per slice: the first other key orders the slice's rows.
    Key primary = Arrays.stream(keys).filter(k -> k.kind != KeyKind.CONSTANT).findFirst()
        .orElse(keys[0]);
    long worst = 0;
    for (long from = 0; from < rows; from += BLOCK) {
      int len = (int) Math.min(BLOCK, rows - from);
      if (selected != null && !anySelected(selected, from, len)) {
        continue;
      }
      long best = primary.fill(from, len, block);
      if (size == n && best > worst) {
        // No row of the block can enter the heap: the usual case once it holds good rows.
        continue;
      }
      for (int i = 0; i < len; i++) {
        long r = from + i;
        if (selected != null && (selected[(int) (r >>> 6)] & (1L << r)) == 0) {
          continue;
        }
        if (size < n) {
          heap[size] = r;
          siftUp(heap, size++, order);
          worst = primary.effective(heap[0]);
          continue;
        }
        // Rows come in storage order, so a row tied with the root on every key is worse.
        if (block[i] > worst || block[i] == worst && compare(keys, r, heap[0]) >= 0) {
          continue;
        }
        heap[0] = r;
        siftDown(heap, size, order);
        worst = primary.effective(heap[0]);
      }
    }
    Long[] kept = new Long[size];
    for (int i = 0; i < size; i++) {
      kept[i] = heap[i];
    }
    Arrays.sort(kept, order);
    List<Object[]> out = new ArrayList<>(size);
    Column[] columns = new Column[fields.length];
    Object partitionValue = partitionKind == null ? null
        : KdbTypeMapper.partitionValue(partitionKind, slice.partition().value());
    for (int f = 0; f < fields.length; f++) {
      columns[f] = readers[f] == null ? null : slice.column(fields[f] - offset);
    }
    for (Long r : kept) {
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
      return merge(runner.map(slices, cancelled, (i, s) -> slice(s, filter, evaluator)));
    }
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
        List<Kept> done = runner.map(wave, cancelled, (i, s) -> slice(s, filter, evaluator));
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

  private static boolean anySelected(long[] selected, long from, int len) {
    long to = from + len;
    long next = KdbFilterEvaluator.next(selected, from);
    return next >= 0 && next < to;
  }

  /** Order of rows {@code a} and {@code b} of one slice on every key, ties in storage order. */
  private static int compare(Key[] keys, long a, long b) {
    for (Key k : keys) {
      int c = k.compare(a, b);
      if (c != 0) {
        return c;
      }
    }
    return Long.compare(a, b);
  }

  /** Max-heap on {@code order}: the root is the worst kept row. */
  private static void siftUp(long[] heap, int i, Comparator<Long> order) {
    long v = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (order.compare(heap[parent], v) >= 0) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = v;
  }

  private static void siftDown(long[] heap, int size, Comparator<Long> order) {
    long v = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && order.compare(heap[child + 1], heap[child]) > 0) {
        child++;
      }
      if (order.compare(heap[child], v) <= 0) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = v;
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
    KdbType type = c.type().element();
    if (type == KdbType.SYMBOL) {
      if (c instanceof EnumColumn e) {
        long[] rank = ranks.computeIfAbsent(e.domain(), KdbTopN::ranks);
        return new Key(k, c, KeyKind.SYMBOL_RANK) {
          @Override
          long raw(long row) {
            int i = e.index(row);
            return i < 0 ? Long.MIN_VALUE : rank[i];
          }
        };
      }
      return new SymbolKey(k, c);
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
   * char, a time outside one day).
   */
  enum KeyKind {
    CONSTANT, SYMBOL_RANK, BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, DOUBLE, DATE, MONTH, DATETIME,
    MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY, NANOS_OF_DAY;

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

    Key(KdbSortKey sortKey, Column column, KeyKind kind) {
      this.sortKey = sortKey;
      this.column = column;
      this.kind = kind;
    }

    /** The ordered value of {@code row}, {@link Long#MIN_VALUE} for NULL. */
    long raw(long row) {
      return switch (kind) {
        case BOOLEAN -> column.getByte(row) != 0 ? 1 : 0;
        case BYTE -> column.getByte(row) & 0xff;
        case CHAR -> {
          byte b = column.getByte(row);
          yield b == Nulls.CHAR_NULL ? Long.MIN_VALUE : b & 0xff;
        }
        case SHORT -> {
          short v = column.getShort(row);
          yield v == Nulls.SHORT_NULL ? Long.MIN_VALUE : v;
        }
        case INT -> {
          int v = column.getInt(row);
          yield v == Nulls.INT_NULL ? Long.MIN_VALUE : v;
        }
        case LONG -> column.getLong(row);
        case DOUBLE -> orderedBits(column.type().element() == KdbType.REAL
            ? column.getFloat(row) : column.getDouble(row));
        // Dates, months and datetimes as the readers compute them (KdbTypeMapper).
        case DATE -> {
          int v = column.getInt(row);
          yield v == Nulls.INT_NULL ? Long.MIN_VALUE : KdbTypeMapper.epochDay(v);
        }
        case MONTH -> {
          int v = column.getInt(row);
          yield v == Nulls.INT_NULL ? Long.MIN_VALUE : KdbTypeMapper.monthEpochDay(v);
        }
        case DATETIME -> {
          double v = column.getDouble(row);
          yield Double.isNaN(v) ? Long.MIN_VALUE : KdbTypeMapper.datetimeMillis(v);
        }
        case MILLIS_OF_DAY -> ofDay(column.getInt(row), 1);
        case SECONDS_OF_DAY -> ofDay(column.getInt(row), 1_000);
        case MINUTES_OF_DAY -> ofDay(column.getInt(row), 60_000);
        case NANOS_OF_DAY -> {
          long v = column.getLong(row);
          yield v == Nulls.LONG_NULL ? Long.MIN_VALUE : dayMillis(Math.floorDiv(v, 1_000_000L));
        }
        case CONSTANT, SYMBOL_RANK -> throw new IllegalStateException(kind.name());
      };
    }

    /**
     * Fills {@code out[0..len)} with {@link #effective} of rows {@code [from, from + len)} and
     * returns the smallest (the best of the block).
     */
    long fill(long from, int len, long[] out) {
      long best = Long.MAX_VALUE;
      if (kind == KeyKind.LONG || kind == KeyKind.INT || kind == KeyKind.SHORT) {
        // Bulk: one bounds check, the sentinel of the width is the null.
        column.getLongs(from, out, 0, len);
        long nullValue = kind == KeyKind.LONG ? Nulls.LONG_NULL
            : kind == KeyKind.INT ? Nulls.INT_NULL : Nulls.SHORT_NULL;
        long nullKey = sortKey.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
        long flip = sortKey.descending() ? -1L : 0L;
        for (int i = 0; i < len; i++) {
          long v = out[i];
          // ~v is v ^ -1: the direction folded in without a branch.
          long e = v == nullValue ? nullKey : v ^ flip;
          out[i] = e;
          best = Math.min(best, e);
        }
        return best;
      }
      for (int i = 0; i < len; i++) {
        out[i] = effective(from + i);
        best = Math.min(best, out[i]);
      }
      return best;
    }

    /** The key of {@code row} with direction and nulls folded into one order. */
    long effective(long row) {
      return fold(raw(row));
    }

    private long fold(long v) {
      if (v == Long.MIN_VALUE) {
        return sortKey.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return sortKey.descending() ? ~v : v;
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

    /** A double as a long of the same order ({@link Double#compare}'s); NaN is NULL. */
    private static long orderedBits(double v) {
      if (Double.isNaN(v)) {
        return Long.MIN_VALUE;
      }
      long bits = Double.doubleToLongBits(v);
      long ordered = bits ^ ((bits >> 63) & Long.MAX_VALUE);
      // -Infinity maps to the smallest ordered value above MIN_VALUE, never to NULL's.
      return ordered == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : ordered;
    }

    private static long ofDay(int v, long millisPerUnit) {
      return v == Nulls.INT_NULL ? Long.MIN_VALUE : dayMillis(v * millisPerUnit);
    }

    private static long dayMillis(long millis) {
      long m = KdbTypeMapper.millisOfDay(millis);
      return m < 0 ? Long.MIN_VALUE : m;
    }
  }

  /** A symbol key over a column that is not enumerated: compared as Strings, "" is NULL. */
  private static final class SymbolKey extends Key {
    SymbolKey(KdbSortKey sortKey, Column column) {
      super(sortKey, column, KeyKind.SYMBOL_RANK);
    }

    @Override
    long fill(long from, int len, long[] out) {
      Arrays.fill(out, 0, len, 0L);
      return 0;
    }

    /** No order-preserving long: every row ties here and is compared exactly. */
    @Override
    long effective(long row) {
      return 0;
    }

    @Override
    int compare(long a, long b) {
      String x = column.getSymbol(a);
      String y = column.getSymbol(b);
      if (x.isEmpty() || y.isEmpty()) {
        return x.isEmpty() == y.isEmpty() ? 0 : x.isEmpty() == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = x.compareTo(y);
      return sortKey.descending() ? -c : c;
    }
  }
}
