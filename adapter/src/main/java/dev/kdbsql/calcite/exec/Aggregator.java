package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.exec.ExprEvaluator.Vector;
import dev.kdbsql.calcite.spec.AggCall;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.GroupKey;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Computes a scan's aggregates ({@link AggCall}), global or per group of
 * {@link GroupKey}s, as q does: a {@link Partial} per slice ({@link #partial}, safe to call
 * from several threads at once, one slice each), then the partials merged in slice order
 * ({@link #merge}), so the result never depends on the thread count.
 *
 * <p>A slice is read in blocks of {@link Blocks#ROWS} rows: the selected positions of
 * the block come from the filter's bitmap, the {@link Grouper} numbers their groups, each
 * distinct argument is evaluated over the block ({@link ExprEvaluator}) and each
 * {@link Accumulator} takes the selected positions; a block where the filter selects few rows
 * reads only those. {@code COUNT(*)}, globally or by the partition column, and the partition
 * column's extremes read no column: they come from the row counts in file headers.
 *
 * <p>Integer results equal Calcite's bit for bit (BIGINT sums wrap modulo 2^64, which is
 * associative), and so do MIN, MAX, first and last of every type
 * pushed. Floating-point sums (SUM, AVG, wavg) are summed per slice and the slices' sums added in
 * slice order, q's own map-reduce, so they can differ from Calcite's row-at-a-time sum in the last
 * bits. Groups come out in the iteration order of a {@link HashMap} keyed as Calcite's
 * hash aggregate keys its groups (the value for one key), filled in order of first appearance.
 */
final class Aggregator {
  /** A block is gathered when fewer than one row in this many is selected. */
  private static final int GATHER_BELOW = 8;

  private final List<GroupKey> keys;
  private final List<AggCall> calls;
  private final int offset;
  private final PartitionKind partitionKind;
  private final IntFunction<ValueReader> readers;
  /** Whether the calls and keys need no row but the count: partition keys and values only. */
  private final boolean countOnly;
  /** Whether call {@code i} is of the partition column, constant within a slice. */
  private final boolean[] constant;

  /** The aggregates of one slice: its groups' keys in order of appearance, and their state. */
  static final class Partial {
    final List<Object[]> keys;
    final Accumulator[] accumulators;

    Partial(List<Object[]> keys, Accumulator[] accumulators) {
      this.keys = keys;
      this.accumulators = accumulators;
    }
  }

  /**
   * Creates an aggregator for a table whose stored column {@code c} is field {@code c + offset};
   * {@code readers} gives the value reader of a stored table field (for key values and null
   * tests); {@code partitionKind} is the table's, or null.
   */
  Aggregator(List<GroupKey> keys, List<AggCall> calls, int offset,
      PartitionKind partitionKind, IntFunction<ValueReader> readers) {
    this.keys = keys;
    this.calls = calls;
    this.offset = offset;
    this.partitionKind = partitionKind;
    this.readers = readers;
    this.constant = new boolean[calls.size()];
    for (int i = 0; i < constant.length; i++) {
      constant[i] = calls.get(i).args().size() == 1
          && calls.get(i).args().get(0) instanceof Expr.Partition;
    }
    boolean rowless = true;
    for (int i = 0; i < constant.length; i++) {
      rowless &= constant[i] || calls.get(i).function() == AggCall.Function.COUNT_STAR;
    }
    this.countOnly = rowless && keys.stream().allMatch(GroupKey::partition);
  }

  /**
   * Whether every call is MIN or MAX of the partition column and nothing is grouped: the result
   * then depends only on the first and the last partition that has rows.
   */
  boolean partitionExtremesOnly() {
    if (!keys.isEmpty() || calls.isEmpty()) {
      return false;
    }
    for (int i = 0; i < calls.size(); i++) {
      AggCall.Function f = calls.get(i).function();
      if (!constant[i] || f != AggCall.Function.MIN && f != AggCall.Function.MAX) {
        return false;
      }
    }
    return true;
  }

  /**
   * The aggregates of the rows in {@code [start, end)} of {@code slice} that {@code selected}
   * marks (all if null; it marks none outside the range). {@code start} is a multiple of 64, so
   * blocks begin on a word of the bitmap.
   */
  Partial partial(TableSlice slice, Selection selected, long start, long end) {
    if ((start & 63) != 0) {
      throw new IllegalArgumentException("range start " + start + " is not a multiple of 64");
    }
    Accumulator[] accumulators = accumulators();
    if (keys.isEmpty()) {
      grow(accumulators, 1);
    }
    if (countOnly) {
      // Counts, partition keys and the partition column's extremes: no column is read.
      long n = selected == null ? end - start : selected.count();
      if (n == 0 && !keys.isEmpty()) {
        return new Partial(List.of(), accumulators);
      }
      grow(accumulators, 1);
      for (int i = 0; i < accumulators.length; i++) {
        if (constant[i]) {
          if (n > 0) {
            accumulators[i].addConstant(0, partitionLong(slice));
          }
        } else {
          ((Accumulator.Count) accumulators[i]).addRows(0, n);
        }
      }
      Object[] key = new Object[keys.size()];
      java.util.Arrays.fill(key, keys.isEmpty() ? null : partitionValue(slice));
      return new Partial(List.<Object[]>of(key), accumulators);
    }
    Grouper grouper = keys.isEmpty() ? null
        : new Grouper(keys, slice, offset, keyReaders(), partitionKind);
    // Each distinct argument is evaluated once per block, however many calls use it.
    List<Expr> distinct = new ArrayList<>();
    int[][] argument = new int[calls.size()][];
    Vector[][] args = new Vector[calls.size()][];
    for (int i = 0; i < calls.size(); i++) {
      List<Expr> a = constant[i] ? List.of() : calls.get(i).args();
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
    ExprEvaluator[] evaluators = new ExprEvaluator[distinct.size()];
    ExprEvaluator.Shared shared = new ExprEvaluator.Shared();
    for (int e = 0; e < evaluators.length; e++) {
      evaluators[e] = new ExprEvaluator(distinct.get(e), slice, offset, readers, shared);
    }
    Vector[] values = new Vector[evaluators.length];
    // Without a filter every block takes all its rows: the shared identity positions.
    int[] positions = selected == null ? Accumulator.IDENTITY : new int[Blocks.ROWS];
    int[] groups = new int[Blocks.ROWS];
    // Grouped by the partition column alone: the slice's one group (0) takes every row, as a
    // global aggregate does.
    boolean oneGroup = grouper == null || grouper.constant();
    boolean any = false;
    for (long from = start; from < end; from += Blocks.ROWS) {
      int length = (int) Math.min(Blocks.ROWS, end - from);
      int n = selected == null ? length : selected.positions(from, length, positions);
      if (n == 0) {
        continue;
      }
      any = true;
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
        if (constant[i]) {
          continue;
        }
        for (int k = 0; k < args[i].length; k++) {
          args[i][k] = values[argument[i][k]];
        }
        if (oneGroup) {
          // Every row of the block, or gathered ones: positions 0..n, without the indirection.
          accumulators[i].addGlobal(args[i], gather || n == length ? null : positions, n, groups);
        } else {
          accumulators[i].add(args[i], gather ? Accumulator.IDENTITY : positions, n, groups);
        }
      }
    }
    for (int i = 0; i < calls.size(); i++) {
      // Every group of the partial has rows: the partition's value is theirs.
      for (int g = 0; constant[i] && any && g < (grouper == null ? 1 : grouper.groups()); g++) {
        accumulators[i].addConstant(g, partitionLong(slice));
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

  /** The partition column's value in {@code slice}, as Calcite holds it. */
  private Object partitionValue(TableSlice slice) {
    return CalciteValues.partitionValue(partitionKind, slice.partition().value());
  }

  /** The partition column's value of {@code slice} as a long, in the column's order. */
  long partitionLong(TableSlice slice) {
    return ((Number) partitionValue(slice)).longValue();
  }

  /**
   * The result rows from the slices' partials in slice order: one per group (the keys first,
   * then the calls' values). A global aggregate has one row even over no rows.
   */
  List<Object[]> merge(List<Partial> partials) {
    Accumulator[] merged = accumulators();
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
   * The key Calcite's hash aggregate would use: the value itself for one key, else a list (a map
   * holds a null key too).
   */
  static Object hashKey(Object[] key) {
    return key.length == 1 ? key[0] : Arrays.asList(key);
  }

  private Accumulator[] accumulators() {
    Accumulator[] a = new Accumulator[calls.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = Accumulator.create(calls.get(i));
    }
    return a;
  }

  private static void grow(Accumulator[] accumulators, int groups) {
    for (Accumulator a : accumulators) {
      a.grow(groups);
    }
  }

  private ValueReader[] keyReaders() {
    ValueReader[] r = new ValueReader[keys.size()];
    for (int k = 0; k < r.length; k++) {
      GroupKey key = keys.get(k);
      r[k] = key.partition() || key.bucket() > 0 || key.computed() ? null
          : readers.apply(key.field());
    }
    return r;
  }
}
