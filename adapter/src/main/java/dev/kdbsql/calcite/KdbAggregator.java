package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbAggCall.Function;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Computes aggregates ({@link KdbAggCall}) over a scan's slices in storage order, globally or per
 * group of one key (a symbol column or the partition column), one column at a time in primitive
 * loops over the rows the filter selects, and merges them across slices by carrying the
 * accumulators on (so floating-point sums add in exactly Calcite's order).
 *
 * <p>Groups are numbered in order of first appearance; a symbol key is decided once per domain
 * index per slice, never per row. Groups come out in the iteration order of a {@link HashMap}
 * filled in that order, which is the order Calcite's hash aggregate gives, so even a query without
 * ORDER BY returns its rows as before. Not thread-safe; one per query.
 */
final class KdbAggregator {
  private final List<KdbAggCall> calls;
  private final int offset;
  private final int groupField;
  private final PartitionKind partitionKind;
  private final List<Object> keys = new ArrayList<>();
  private final Map<Object, Integer> groupOfKey = new HashMap<>();
  private long[][] counts;
  private double[][] sums;
  private long[][] longExtremes;
  private double[][] doubleExtremes;

  /**
   * Creates an aggregator for a table whose stored column {@code c} is field {@code c + offset},
   * grouping by table field {@code groupField} (-1 for one global group); {@code partitionKind}
   * is the table's, or null.
   */
  KdbAggregator(List<KdbAggCall> calls, int offset, int groupField, PartitionKind partitionKind) {
    this.calls = calls;
    this.offset = offset;
    this.groupField = groupField;
    this.partitionKind = partitionKind;
    int n = calls.size();
    counts = new long[n][0];
    sums = new double[n][0];
    longExtremes = new long[n][0];
    doubleExtremes = new double[n][0];
    if (groupField < 0) {
      group(null);
    }
  }

  /** The number of the group of {@code key}, creating it on first sight. */
  private int group(Object key) {
    Integer g = groupOfKey.get(key);
    if (g != null) {
      return g;
    }
    int id = keys.size();
    keys.add(key);
    groupOfKey.put(key, id);
    if (!calls.isEmpty() && id >= counts[0].length) {
      grow(Math.max(16, id * 2));
    }
    return id;
  }

  private void grow(int size) {
    for (int i = 0; i < calls.size(); i++) {
      if (counts[i].length < size) {
        counts[i] = Arrays.copyOf(counts[i], size);
        sums[i] = Arrays.copyOf(sums[i], size);
        longExtremes[i] = Arrays.copyOf(longExtremes[i], size);
        doubleExtremes[i] = Arrays.copyOf(doubleExtremes[i], size);
      }
    }
  }

  /** Adds the {@code rows} rows of {@code slice} that {@code selected} marks (all if null). */
  void add(TableSlice slice, long rows, long[] selected) {
    if (rows == 0) {
      // Nothing to add; and a grouped aggregate has no group to put a zero in.
      return;
    }
    int[] groups = groups(slice, rows, selected);
    for (int i = 0; i < calls.size(); i++) {
      KdbAggCall call = calls.get(i);
      if (call.function() == Function.COUNT_STAR) {
        if (groups == null) {
          counts[i][0] += selected == null ? rows : KdbFilterEvaluator.count(selected);
        } else {
          for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
            counts[i][groups[(int) r]]++;
          }
        }
      } else if (rows > 0) {
        Column c = slice.column(call.field() - offset);
        KdbType type = c.type().element();
        if (type == KdbType.FLOAT) {
          addDoubles(i, call.function(), c, rows, selected, groups);
        } else if (type == KdbType.SYMBOL) {
          addSymbols(i, c, rows, selected, groups);
        } else {
          addLongs(i, call.function(), c, type, rows, selected, groups);
        }
      }
    }
  }

  /**
   * The group of each row of the slice (indexed by row; only selected rows are set), or null
   * when everything is one group.
   */
  private int[] groups(TableSlice slice, long rows, long[] selected) {
    if (groupField < 0) {
      return null;
    }
    int[] out = new int[Math.toIntExact(rows)];
    if (groupField < offset) {
      int g = group(KdbTypeMapper.partitionValue(partitionKind, slice.partition().value()));
      Arrays.fill(out, g);
      return out;
    }
    Column c = slice.column(groupField - offset);
    if (c instanceof EnumColumn e) {
      int[] groupOfIndex = new int[e.domain().size() + 1];
      Arrays.fill(groupOfIndex, -1);
      for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
        int slot = e.index(r) + 1;
        int g = groupOfIndex[slot];
        if (g < 0) {
          String s = slot == 0 ? "" : e.domain().symbol(slot - 1);
          g = group(s.isEmpty() ? null : s);
          groupOfIndex[slot] = g;
        }
        out[(int) r] = g;
      }
      return out;
    }
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      String s = c.getSymbol(r);
      out[(int) r] = group(s.isEmpty() ? null : s);
    }
    return out;
  }

  /** The next row from {@code r + 1} on: the next selected one, or the next one; -1 at the end. */
  private static long next(long r, long rows, long[] selected) {
    if (selected == null) {
      return r + 1 < rows ? r + 1 : -1;
    }
    return r + 1 < rows ? KdbFilterEvaluator.next(selected, r + 1) : -1;
  }

  private void addDoubles(int i, Function f, Column c, long rows, long[] selected, int[] groups) {
    long[] n = counts[i];
    double[] sum = sums[i];
    double[] extreme = doubleExtremes[i];
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      double v = c.getDouble(r);
      if (Double.isNaN(v)) {
        continue;
      }
      int g = groups == null ? 0 : groups[(int) r];
      if (f == Function.MIN ? n[g] == 0 || Double.compare(v, extreme[g]) < 0
          : f == Function.MAX && (n[g] == 0 || Double.compare(v, extreme[g]) > 0)) {
        extreme[g] = v;
      }
      sum[g] += v;
      n[g]++;
    }
  }

  private void addLongs(int i, Function f, Column c, KdbType type, long rows, long[] selected,
      int[] groups) {
    long nullValue = type == KdbType.SHORT ? Nulls.SHORT_NULL
        : type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
    long[] n = counts[i];
    long[] extreme = longExtremes[i];
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      long v = type == KdbType.SHORT ? c.getShort(r) : type.width() == 4 ? c.getInt(r)
          : c.getLong(r);
      if (v == nullValue) {
        continue;
      }
      int g = groups == null ? 0 : groups[(int) r];
      if (f == Function.MIN ? n[g] == 0 || v < extreme[g]
          : f == Function.MAX && (n[g] == 0 || v > extreme[g])) {
        extreme[g] = v;
      }
      n[g]++;
    }
  }

  private void addSymbols(int i, Column c, long rows, long[] selected, int[] groups) {
    long[] n = counts[i];
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      boolean isNull = c instanceof EnumColumn e ? e.index(r) < 0 || e.getSymbol(r).isEmpty()
          : c.getSymbol(r).isEmpty();
      if (!isNull) {
        n[groups == null ? 0 : groups[(int) r]]++;
      }
    }
  }

  /**
   * The result rows: one per group (the key first when grouping, then the calls' values, in
   * Calcite's runtime classes for each call's result type). A global aggregate has one row even
   * over no rows.
   */
  List<Object[]> results() {
    int width = calls.size() + (groupField < 0 ? 0 : 1);
    List<Object[]> out = new ArrayList<>();
    for (int g : groupOfKey.values()) {
      Object[] row = new Object[width];
      int k = 0;
      if (groupField >= 0) {
        row[k++] = keys.get(g);
      }
      for (int i = 0; i < calls.size(); i++) {
        row[k++] = value(i, g);
      }
      out.add(row);
    }
    return out;
  }

  private Object value(int i, int g) {
    KdbAggCall call = calls.get(i);
    long n = counts[i][g];
    return switch (call.function()) {
      case COUNT_STAR, COUNT -> n;
      case SUM -> n == 0 ? null : sums[i][g];
      case SUM0 -> sums[i][g];
      case MIN, MAX -> n == 0 ? null : extreme(i, g, call.resultType());
    };
  }

  /** The minimum or maximum, boxed as the result type's runtime class (no numeric promotion). */
  private Object extreme(int i, int g, SqlTypeName type) {
    if (type == SqlTypeName.DOUBLE) {
      return Double.valueOf(doubleExtremes[i][g]);
    }
    long v = longExtremes[i][g];
    return type == SqlTypeName.SMALLINT ? Short.valueOf((short) v)
        : type == SqlTypeName.INTEGER ? Integer.valueOf((int) v) : Long.valueOf(v);
  }
}
