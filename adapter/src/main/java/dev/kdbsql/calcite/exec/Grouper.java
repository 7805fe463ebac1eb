package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.GroupKey;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the groups of one slice's rows by {@link GroupKey}s, a block at a time, in order of
 * first appearance.
 *
 * <p>Each key is read as a raw long per row (enum index, byte, integer, xbar bucket, or the value
 * of a computed key, evaluated a block at a time; the partition column is constant and not
 * read), and the raw tuple is looked up in a primitive open-addressing table, or for one
 * symbol, char, byte or boolean key directly in an array by value. Only a tuple never seen
 * before costs more: its key is decoded into Calcite's values (through the column's
 * {@link ValueReader}, so exactly as the rows would show it), and raw tuples that decode equal
 * (a null index and an empty symbol, times outside one day) share one group. One per slice
 * task; not thread-safe.
 */
final class Grouper {
  /** Raw value of a NULL xbar bucket, and of a NULL computed INT key. */
  private static final long NULL_BUCKET = Long.MIN_VALUE;
  /**
   * Raw value of a NULL computed DOUBLE key: a NaN's bits that {@link Double#doubleToLongBits}
   * never gives (it gives every NaN as one other pattern), so no value's raw bits are the same.
   */
  private static final long NULL_DOUBLE = 0x7ff0_0000_0000_0001L;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  /** Raw values below this of the one key read per row find their group in {@link #small}. */
  private static final int SMALL_KEYS = 1024;

  private final List<GroupKey> keys;
  private final TableSlice slice;
  private final ValueReader[] readers;
  private final Object partitionValue;
  /** Positions in {@link #keys} of the keys read per row (all but the partition column). */
  private final int[] read;
  private final Column[] columns;
  /** The evaluators of the computed keys, by key (null for the others). */
  private final ExprEvaluator[] computed;
  private final long[][] raw;
  private final int[] indexBuffer;
  private final byte[] byteBuffer;
  private final Map<String, Long> symbolIds = new HashMap<>();
  private final List<Object[]> decoded = new ArrayList<>();
  /** Groups by decoded key, as {@link Aggregator#hashKey} keys them. */
  private final Map<Object, Integer> groupOfKey = new HashMap<>();
  /** Direct group numbers + 1 by raw value + {@link #denseBias}, when one dense key is read. */
  private int[] dense;
  /** Group numbers + 1 by raw value, for the small values of one key read (assignOne). */
  private int[] small;
  private long denseBias;
  /** The open-addressing table: group number + 1 per slot, and the raw tuples per slot. */
  private int[] slots;
  private long[] slotKeys;
  private int used;
  /**
   * Whether the one dense key's raw values decode to distinct values but for NULL (a symbol
   * domain without a name twice; chars, bytes, booleans): a new raw value is then a new group
   * unless it decodes to NULL, and no decoded key need be looked up.
   */
  private boolean distinctValues;
  /** Group of the whole slice when no key is read per row, or -1 before the first row. */
  private int constantGroup = -1;

  /**
   * Creates a grouper of {@code slice}'s rows; {@code readers[k]} reads key {@code k}'s column
   * when it is a plain stored column; {@code kind} is the table's partition kind, or null.
   */
  Grouper(List<GroupKey> keys, TableSlice slice, int offset, ValueReader[] readers,
      PartitionKind kind) {
    this.keys = keys;
    this.slice = slice;
    this.readers = readers;
    this.partitionValue = kind == null ? null
        : CalciteValues.partitionValue(kind, slice.partition().value());
    this.read = java.util.stream.IntStream.range(0, keys.size())
        .filter(k -> !keys.get(k).partition()).toArray();
    this.columns = new Column[keys.size()];
    this.computed = new ExprEvaluator[keys.size()];
    this.raw = new long[read.length][Blocks.ROWS];
    // The computed keys evaluate their common subexpressions once per block.
    ExprEvaluator.Shared shared = new ExprEvaluator.Shared();
    for (int k : read) {
      GroupKey key = keys.get(k);
      if (key.computed()) {
        computed[k] = new ExprEvaluator(key.expr(), slice, offset, f -> {
          throw new IllegalStateException("a computed key is never a null test");
        }, shared);
      } else {
        columns[k] = slice.column(key.field() - offset);
      }
    }
    this.indexBuffer = new int[Blocks.ROWS];
    this.byteBuffer = new byte[Blocks.ROWS];
    if (read.length == 1) {
      GroupKey key = keys.get(read[0]);
      Column c = columns[read[0]];
      if (key.bucket() == 0 && c instanceof EnumColumn e && e.domain().size() <= 1 << 20) {
        dense = new int[e.domain().size() + 1];
        denseBias = 1;
        distinctValues = e.domain().distinct();
      } else if (key.bucket() == 0 && !key.computed() && key.type().width() == 1) {
        dense = new int[256];
        denseBias = 128;
        // A char, byte or boolean: one value per raw byte.
        distinctValues = true;
      }
    }
    if (dense == null && read.length > 0) {
      slots = new int[64];
      slotKeys = new long[64 * read.length];
    }
  }

  /**
   * Whether every key is the partition column: a slice's rows are then all in its one group,
   * number 0.
   */
  boolean constant() {
    return read.length == 0;
  }

  /** Number of groups so far. */
  int groups() {
    return decoded.size();
  }

  /** The decoded key values of group {@code g}, in key order. */
  Object[] key(int g) {
    return decoded.get(g);
  }

  /**
   * Sets {@code groups[j]} to the group of row {@code from + positions[j]} for {@code j < n};
   * rows {@code [from, from + length)} form the block the positions point into. With
   * {@code gather}, only the selected rows are read (for a block where a filter selects few).
   */
  void assign(long from, int length, int[] positions, int n, int[] groups, boolean gather) {
    if (read.length == 0) {
      if (constantGroup < 0) {
        constantGroup = group(new long[0], from + positions[0]);
      }
      Arrays.fill(groups, 0, n, constantGroup);
      return;
    }
    for (int i = 0; i < read.length; i++) {
      readRaw(read[i], from, gather ? n : length, gather ? positions : null, raw[i]);
    }
    if (dense != null) {
      long[] r = raw[0];
      for (int j = 0; j < n; j++) {
        int p = gather ? j : positions[j];
        int slot = (int) (r[p] + denseBias);
        int g = dense[slot] - 1;
        if (g < 0) {
          g = group(new long[] {r[p]}, from + positions[j]);
          dense[slot] = g + 1;
        }
        groups[j] = g;
      }
      return;
    }
    if (read.length == 1) {
      assignOne(from, n, positions, groups, gather);
      return;
    }
    // Rows come in runs of one key (sorted or parted data, time buckets): a row whose tuple is
    // the previous row's takes its group without a lookup.
    int previous = -1;
    for (int j = 0; j < n; j++) {
      int p = gather ? j : positions[j];
      groups[j] = previous >= 0 && sameTuple(p, previous) ? groups[j - 1]
          : lookup(p, from + positions[j]);
      previous = p;
    }
  }

  /** Whether the raw tuples at positions {@code p} and {@code q} of the raw buffers are equal. */
  /**
   * {@link #assign} for one key read per row that is not dense by its type (a computed key, an
   * int, a time bucket): a small non-negative raw value (a CASE's branch, a bin number, an hour)
   * finds its group directly in {@link #small}, whatever order rows come in; any other takes the
   * previous row's group when equal to its value, else looks it up.
   */
  private void assignOne(long from, int n, int[] positions, int[] groups, boolean gather) {
    long[] r = raw[0];
    if (small == null) {
      small = new int[SMALL_KEYS];
    }
    int previous = -1;
    for (int j = 0; j < n; j++) {
      int p = gather ? j : positions[j];
      long v = r[p];
      int g;
      if (v >= 0 && v < SMALL_KEYS) {
        g = small[(int) v] - 1;
        if (g < 0) {
          g = lookup(p, from + positions[j]);
          small[(int) v] = g + 1;
        }
      } else {
        g = previous >= 0 && r[previous] == v ? groups[j - 1] : lookup(p, from + positions[j]);
      }
      groups[j] = g;
      previous = p;
    }
  }

  private boolean sameTuple(int p, int q) {
    for (long[] r : raw) {
      if (r[p] != r[q]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The group of the raw tuple at position {@code p} of the raw buffers (of {@code row}), via the
   * open-addressing table.
   */
  private int lookup(int p, long row) {
    int width = read.length;
    long h = 0;
    for (int i = 0; i < width; i++) {
      h = (h + raw[i][p]) * 0x9E3779B97F4A7C15L;
    }
    int mask = slots.length - 1;
    for (int s = slot(h, mask); ; s = (s + 1) & mask) {
      int g = slots[s] - 1;
      if (g < 0) {
        long[] tuple = new long[width];
        for (int i = 0; i < width; i++) {
          tuple[i] = raw[i][p];
        }
        g = group(tuple, row);
        slots[s] = g + 1;
        System.arraycopy(tuple, 0, slotKeys, s * width, width);
        if (++used * 2 > slots.length) {
          rehash();
        }
        return g;
      }
      boolean equal = true;
      for (int i = 0; i < width && equal; i++) {
        equal = slotKeys[s * width + i] == raw[i][p];
      }
      if (equal) {
        return g;
      }
    }
  }

  /**
   * The first slot of a tuple's hash {@code h}: its bits mixed (MurmurHash3's finalizer) so that
   * the low bits the mask keeps depend on all of them. A DOUBLE key's raw bits end in zeros
   * ({@code FLOOR(price)}), which a multiplication alone leaves in the low bits of the hash:
   * every such tuple would start at one slot.
   */
  private static int slot(long h, int mask) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h & mask;
  }

  private void rehash() {
    int width = read.length;
    int[] oldSlots = slots;
    long[] oldKeys = slotKeys;
    slots = new int[oldSlots.length * 2];
    slotKeys = new long[slots.length * width];
    int mask = slots.length - 1;
    for (int o = 0; o < oldSlots.length; o++) {
      if (oldSlots[o] == 0) {
        continue;
      }
      long h = 0;
      for (int i = 0; i < width; i++) {
        h = (h + oldKeys[o * width + i]) * 0x9E3779B97F4A7C15L;
      }
      int s = slot(h, mask);
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = oldSlots[o];
      System.arraycopy(oldKeys, o * width, slotKeys, s * width, width);
    }
  }

  /**
   * The group of a raw tuple seen for the first time at {@code row}: decodes it, and reuses the
   * group of an equal decoded key.
   */
  private int group(long[] tuple, long row) {
    Object[] key = new Object[keys.size()];
    int t = 0;
    for (int k = 0; k < keys.size(); k++) {
      GroupKey gk = keys.get(k);
      if (gk.partition()) {
        key[k] = partitionValue;
      } else {
        key[k] = gk.computed() ? computedValue(gk, tuple[t])
            : gk.bucket() > 0 ? bucket(gk, tuple[t])
            : readers[k].read(columns[k], row);
        t++;
      }
    }
    if (!distinctValues || key[read[0]] == null) {
      Integer g = groupOfKey.putIfAbsent(Aggregator.hashKey(key), decoded.size());
      if (g != null) {
        return g;
      }
    }
    decoded.add(key);
    return decoded.size() - 1;
  }

  /**
   * Reads key {@code k}'s raw values of rows {@code [from, from + length)}, or of rows
   * {@code from + gather[j]} for {@code j < length}, into {@code dst}.
   */
  private void readRaw(int k, long from, int length, int[] gather, long[] dst) {
    GroupKey key = keys.get(k);
    if (key.computed()) {
      computedRaw(k, from, length, gather, dst);
      return;
    }
    Column c = columns[k];
    KdbType type = key.type();
    if (c instanceof EnumColumn e) {
      if (gather == null) {
        e.indices(from, indexBuffer, 0, length);
      } else {
        for (int j = 0; j < length; j++) {
          e.indices(from + gather[j], indexBuffer, j, 1);
        }
      }
      for (int i = 0; i < length; i++) {
        dst[i] = indexBuffer[i];
      }
    } else if (type == KdbType.SYMBOL) {
      // A symbol list that is not enumerated (flat tables): numbered per slice by value.
      for (int i = 0; i < length; i++) {
        long row = gather == null ? from + i : from + gather[i];
        dst[i] = symbolIds.computeIfAbsent(c.getSymbol(row), s -> (long) symbolIds.size());
      }
    } else if (type.width() == 1) {
      if (gather == null) {
        c.getBytes(from, byteBuffer, 0, length);
        for (int i = 0; i < length; i++) {
          dst[i] = byteBuffer[i];
        }
      } else {
        for (int i = 0; i < length; i++) {
          dst[i] = c.getByte(from + gather[i]);
        }
      }
    } else if (gather == null) {
      c.getLongs(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        c.getLongs(from + gather[j], dst, j, 1);
      }
    }
    if (key.bucket() > 0) {
      xbar(key, dst, length);
    }
  }

  /**
   * Rounds raw values down to their bucket, in place, as the SQL function {@code xbar} rounds the
   * values the rows show: timestamps and timespans to the nanosecond, and a time of day outside
   * one day, which reads as NULL, gives a NULL bucket. An extreme bucket that the long range
   * cannot hold (of -0Wp) is the least value, as {@code KdbFunctions.xbar} gives it.
   */
  private static void xbar(GroupKey key, long[] v, int length) {
    KdbType type = key.type();
    long nullValue = type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
    boolean time = key.xbar() == GroupKey.Xbar.TIME_MILLIS
        || key.xbar() == GroupKey.Xbar.HOUR_OF_DAY;
    long toMillis = time && type == KdbType.TIMESPAN ? NANOS_PER_MILLI : 1;
    boolean nanos = key.xbar() == GroupKey.Xbar.TIMESTAMP_NANOS
        || key.xbar() == GroupKey.Xbar.TIMESPAN_NANOS;
    long unit = nanos ? key.bucket() * NANOS_PER_MILLI : key.bucket();
    for (int i = 0; i < length; i++) {
      long x = v[i];
      if (x == nullValue) {
        v[i] = NULL_BUCKET;
        continue;
      }
      if (time) {
        x = Math.floorDiv(x, toMillis);
        if (x < 0 || x >= Temporals.MILLIS_PER_DAY) {
          v[i] = NULL_BUCKET;
          continue;
        }
      } else if (key.xbar() == GroupKey.Xbar.TIMESPAN_NANOS
          && (x < 0 || x >= Temporals.NANOS_PER_DAY)) {
        v[i] = NULL_BUCKET;
        continue;
      }
      if (key.xbar() == GroupKey.Xbar.DATE_DAYS) {
        // Through the row's value, epoch days in an int (0Wd saturated, as it reads).
        x = CalciteValues.epochDay((int) x) - (long) Temporals.EPOCH_DAYS_2000;
      }
      v[i] = Temporals.floorToMultiple(x, unit);
    }
  }

  /**
   * Computed key {@code k}'s raw values: an INT's value, a DOUBLE's bits as
   * {@link Double#doubleToLongBits} gives them (so that raw values are equal where Calcite's
   * grouping finds the Doubles equal: every NaN one group, -0.0 apart from 0.0), a NULL's
   * {@link #NULL_BUCKET} or {@link #NULL_DOUBLE}.
   */
  private void computedRaw(int k, long from, int length, int[] gather, long[] dst) {
    ExprEvaluator e = computed[k];
    ExprEvaluator.Vector v = gather == null ? e.evaluate(from, length)
        : e.gather(from, gather, length);
    boolean[] nulls = v.anyNull ? v.nulls : null;
    if (v.doubles != null) {
      for (int i = 0; i < length; i++) {
        dst[i] = nulls != null && nulls[i] ? NULL_DOUBLE : Double.doubleToLongBits(v.doubles[i]);
      }
    } else {
      for (int i = 0; i < length; i++) {
        dst[i] = nulls != null && nulls[i] ? NULL_BUCKET : v.longs[i];
      }
    }
  }

  /** A computed key's value as Calcite's rows hold it: an Integer, a Double or null. */
  private static Object computedValue(GroupKey key, long v) {
    if (key.expr().kind() == Expr.Kind.DOUBLE) {
      return v == NULL_DOUBLE ? null : (Object) Double.longBitsToDouble(v);
    }
    return v == NULL_BUCKET ? null : (Object) (int) v;
  }

  /** A bucket's value in Calcite's representation of the xbar call's result type. */
  private static Object bucket(GroupKey key, long v) {
    if (v == NULL_BUCKET) {
      return null;
    }
    return switch (key.xbar()) {
      case HOUR_OF_DAY -> v / key.bucket();
      case TIME_MILLIS -> (int) v;
      case TIMESPAN_NANOS -> KdbTimespan.ofDay(v);
      case TIMESTAMP_NANOS -> KdbTimestamp.of(v);
      case DATE_DAYS -> CalciteValues.epochDay((int) v);
      case UNITS -> v;
    };
  }
}
