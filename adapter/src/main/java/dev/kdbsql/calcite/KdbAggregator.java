package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbExprEvaluator.Vector;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Computes a scan's aggregates ({@link KdbAggCall}), global or per group of
 * {@link KdbGroupKey}s, as q does: a {@link Partial} per slice ({@link #partial}, safe to call
 * from several threads at once, one slice each), then the partials merged in slice order
 * ({@link #merge}), so the result never depends on the thread count.
 *
 * <p>A slice is read in blocks of {@link KdbExprEvaluator#BLOCK} rows: the selected positions of
 * the block come from the filter's bitmap, the {@link KdbGrouper} numbers their groups, each
 * distinct argument is evaluated over the block ({@link KdbExprEvaluator}) and each
 * {@link KdbAccumulator} takes the selected positions; a block where the filter selects few rows
 * reads only those. A global {@code COUNT(*)} reads no column.
 *
 * <p>Integer results equal Calcite's bit for bit (INTEGER and BIGINT sums wrap modulo the
 * result width, which is associative; SMALLINT and TINYINT sums fail where Calcite's range check
 * would, see {@link KdbAccumulator.CheckedSum}), and so do MIN, MAX, first and last of every type
 * pushed. Floating-point sums (SUM, AVG, wavg) are summed per slice and the slices' sums added in
 * slice order, q's own map-reduce, so they can differ from Calcite's row-at-a-time sum in the last
 * bits. Groups come out in the iteration order of a {@link HashMap} keyed as Calcite's
 * hash aggregate keys its groups (the value for one key), filled in order of first appearance.
 */
final class KdbAggregator {
  /** A block is gathered when fewer than one row in this many is selected. */
  private static final int GATHER_BELOW = 8;

  private final List<KdbGroupKey> keys;
  private final List<KdbAggCall> calls;
  private final int offset;
  private final PartitionKind partitionKind;
  private final IntFunction<KdbValueReader> readers;
  private final boolean countOnly;

  /** The aggregates of one slice: its groups' keys in order of appearance, and their state. */
  static final class Partial {
    final List<Object[]> keys;
    final KdbAccumulator[] accumulators;

    Partial(List<Object[]> keys, KdbAccumulator[] accumulators) {
      this.keys = keys;
      this.accumulators = accumulators;
    }
  }

  /**
   * Creates an aggregator for a table whose stored column {@code c} is field {@code c + offset};
   * {@code readers} gives the value reader of a stored table field (for key values and null
   * tests); {@code partitionKind} is the table's, or null.
   */
  KdbAggregator(List<KdbGroupKey> keys, List<KdbAggCall> calls, int offset,
      PartitionKind partitionKind, IntFunction<KdbValueReader> readers) {
    this.keys = keys;
    this.calls = calls;
    this.offset = offset;
    this.partitionKind = partitionKind;
    this.readers = readers;
    this.countOnly = keys.isEmpty()
        && calls.stream().allMatch(c -> c.function() == KdbAggCall.Function.COUNT_STAR);
  }

  /**
   * The aggregates of the rows in {@code [start, end)} of {@code slice} that {@code selected}
   * marks (all if null; it marks none outside the range). {@code start} is a multiple of 64, so
   * blocks begin on a word of the bitmap.
   */
  Partial partial(TableSlice slice, long[] selected, long start, long end) {
    if ((start & 63) != 0) {
      throw new IllegalArgumentException("range start " + start + " is not a multiple of 64");
    }
    KdbAccumulator[] accumulators = accumulators();
    if (keys.isEmpty()) {
      grow(accumulators, 1);
    }
    if (countOnly) {
      long n = selected == null ? end - start : KdbFilterEvaluator.count(selected);
      for (KdbAccumulator a : accumulators) {
        ((KdbAccumulator.Count) a).addRows(0, n);
      }
      return new Partial(List.<Object[]>of(new Object[0]), accumulators);
    }
    KdbGrouper grouper = keys.isEmpty() ? null
        : new KdbGrouper(keys, slice, offset, keyReaders(), partitionKind);
    // Each distinct argument is evaluated once per block, however many calls use it.
    List<KdbExpr> distinct = new ArrayList<>();
    int[][] argument = new int[calls.size()][];
    Vector[][] args = new Vector[calls.size()][];
    for (int i = 0; i < calls.size(); i++) {
      List<KdbExpr> a = calls.get(i).args();
      argument[i] = new int[a.size()];
      args[i] = new Vector[a.size()];
      for (int k = 0; k < a.size(); k++) {
        int e = distinct.indexOf(a.get(k));
        if (e < 0) {
          e = distinct.size();
          distinct.add(a.get(k));
        }
        argument[i][k] = e;
      }
    }
    KdbExprEvaluator[] evaluators = new KdbExprEvaluator[distinct.size()];
    KdbExprEvaluator.Shared shared = new KdbExprEvaluator.Shared();
    for (int e = 0; e < evaluators.length; e++) {
      evaluators[e] = new KdbExprEvaluator(distinct.get(e), slice, offset, readers, shared);
    }
    Vector[] values = new Vector[evaluators.length];
    // Without a filter every block takes all its rows: the shared identity positions.
    int[] positions = selected == null ? KdbAccumulator.IDENTITY : new int[KdbExprEvaluator.BLOCK];
    int[] groups = new int[KdbExprEvaluator.BLOCK];
    for (long from = start; from < end; from += KdbExprEvaluator.BLOCK) {
      int length = (int) Math.min(KdbExprEvaluator.BLOCK, end - from);
      int n = selected == null ? length : positions(selected, from, length, positions);
      if (n == 0) {
        continue;
      }
      // Few rows selected: read only those, compacted to positions 0..n.
      boolean gather = n < length / GATHER_BELOW;
      if (grouper != null) {
        grouper.assign(from, length, positions, n, groups, gather);
        grow(accumulators, grouper.groups());
      }
      for (int e = 0; e < evaluators.length; e++) {
        values[e] = gather ? evaluators[e].gather(from, positions, n)
            : evaluators[e].evaluate(from, length);
      }
      for (int i = 0; i < calls.size(); i++) {
        for (int k = 0; k < args[i].length; k++) {
          args[i][k] = values[argument[i][k]];
        }
        if (grouper == null) {
          // Every row of the block, or gathered ones: positions 0..n, without the indirection.
          accumulators[i].addGlobal(args[i], gather || n == length ? null : positions, n, groups);
        } else {
          accumulators[i].add(args[i], gather ? KdbAccumulator.IDENTITY : positions, n, groups);
        }
      }
    }
    List<Object[]> partialKeys = new ArrayList<>();
    if (grouper == null) {
      partialKeys.add(new Object[0]);
    } else {
      for (int g = 0; g < grouper.groups(); g++) {
        partialKeys.add(grouper.key(g));
      }
    }
    return new Partial(partialKeys, accumulators);
  }

  /**
   * The result rows from the slices' partials in slice order: one per group (the keys first,
   * then the calls' values). A global aggregate has one row even over no rows.
   */
  List<Object[]> merge(List<Partial> partials) {
    KdbAccumulator[] merged = accumulators();
    Map<Object, Integer> groupOfKey = new HashMap<>();
    List<Object[]> groupKeys = new ArrayList<>();
    if (keys.isEmpty()) {
      groupOfKey.put(List.of(), 0);
      groupKeys.add(new Object[0]);
      grow(merged, 1);
    }
    for (Partial p : partials) {
      for (int g = 0; g < p.keys.size(); g++) {
        Object[] key = p.keys.get(g);
        Integer target = groupOfKey.get(hashKey(key));
        if (target == null) {
          target = groupKeys.size();
          groupOfKey.put(hashKey(key), target);
          groupKeys.add(key);
          grow(merged, groupKeys.size());
        }
        for (int i = 0; i < merged.length; i++) {
          merged[i].merge(target, p.accumulators[i], g);
        }
      }
      failOnOverflow(merged);
    }
    List<Object[]> out = new ArrayList<>(groupKeys.size());
    for (int g : groupOfKey.values()) {
      Object[] row = Arrays.copyOf(groupKeys.get(g), keys.size() + calls.size());
      for (int i = 0; i < calls.size(); i++) {
        row[keys.size() + i] = merged[i].value(g);
      }
      out.add(row);
    }
    return out;
  }

  /**
   * Throws what Calcite would at the first row of the slice just merged where a call overflows
   * (a checked SMALLINT or TINYINT sum); at one row, the first call, as Calcite adds the calls in
   * order.
   */
  private static void failOnOverflow(KdbAccumulator[] merged) {
    KdbAccumulator first = null;
    for (KdbAccumulator a : merged) {
      long row = a.overflowRow();
      if (row >= 0 && (first == null || row < first.overflowRow())) {
        first = a;
      }
    }
    if (first != null) {
      throw first.overflow();
    }
  }

  /**
   * The key Calcite's hash aggregate would use: the value itself for one key, else a list (a map
   * holds a null key too).
   */
  static Object hashKey(Object[] key) {
    return key.length == 1 ? key[0] : Arrays.asList(key);
  }

  private KdbAccumulator[] accumulators() {
    KdbAccumulator[] a = new KdbAccumulator[calls.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = KdbAccumulator.create(calls.get(i));
    }
    return a;
  }

  private static void grow(KdbAccumulator[] accumulators, int groups) {
    for (KdbAccumulator a : accumulators) {
      a.grow(groups);
    }
  }

  private KdbValueReader[] keyReaders() {
    KdbValueReader[] r = new KdbValueReader[keys.size()];
    for (int k = 0; k < r.length; k++) {
      KdbGroupKey key = keys.get(k);
      r[k] = key.partition() || key.bucket() > 0 ? null : readers.apply(key.field());
    }
    return r;
  }

  /**
   * Fills {@code positions} with the block positions of the selected rows among rows
   * {@code [from, from + length)} and returns how many; {@code from} is a multiple of 64.
   */
  private static int positions(long[] selected, long from, int length, int[] positions) {
    int n = 0;
    int firstWord = (int) (from >>> 6);
    int words = (length + 63) >>> 6;
    for (int w = 0; w < words; w++) {
      long bits = selected[firstWord + w];
      while (bits != 0) {
        int p = (w << 6) + Long.numberOfTrailingZeros(bits);
        if (p >= length) {
          break;
        }
        positions[n++] = p;
        bits &= bits - 1;
      }
    }
    return n;
  }
}
