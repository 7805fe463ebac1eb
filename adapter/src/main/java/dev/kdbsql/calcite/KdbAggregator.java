package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbAggCall.Function;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.List;

/**
 * Computes global aggregates ({@link KdbAggCall}) over a scan's slices in storage order, one
 * column at a time in primitive loops over the rows the filter selects, and merges them across
 * slices by carrying the accumulators on (so floating-point sums add in exactly Calcite's order).
 * Not thread-safe; one per query.
 */
final class KdbAggregator {
  private final List<KdbAggCall> calls;
  private final int offset;
  private final long[] counts;
  private final double[] sums;
  private final long[] longExtremes;
  private final double[] doubleExtremes;

  /** Creates an aggregator for a table whose stored column {@code c} is field {@code c + offset}. */
  KdbAggregator(List<KdbAggCall> calls, int offset) {
    this.calls = calls;
    this.offset = offset;
    int n = calls.size();
    counts = new long[n];
    sums = new double[n];
    longExtremes = new long[n];
    doubleExtremes = new double[n];
  }

  /** Adds the {@code rows} rows of {@code slice} that {@code selected} marks (all if null). */
  void add(TableSlice slice, long rows, long[] selected) {
    for (int i = 0; i < calls.size(); i++) {
      KdbAggCall call = calls.get(i);
      if (call.function() == Function.COUNT_STAR) {
        counts[i] += selected == null ? rows : KdbFilterEvaluator.count(selected);
      } else if (rows > 0) {
        Column c = slice.column(call.field() - offset);
        KdbType type = c.type().element();
        if (type == KdbType.FLOAT) {
          addDoubles(i, call.function(), c, rows, selected);
        } else if (type == KdbType.SYMBOL) {
          addSymbols(i, c, rows, selected);
        } else {
          addLongs(i, call.function(), c, type, rows, selected);
        }
      }
    }
  }

  /** The next row from {@code r + 1} on: the next selected one, or the next one; -1 at the end. */
  private static long next(long r, long rows, long[] selected) {
    if (selected == null) {
      return r + 1 < rows ? r + 1 : -1;
    }
    return r + 1 < rows ? KdbFilterEvaluator.next(selected, r + 1) : -1;
  }

  private void addDoubles(int i, Function f, Column c, long rows, long[] selected) {
    long n = counts[i];
    double sum = sums[i];
    double extreme = doubleExtremes[i];
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      double v = c.getDouble(r);
      if (Double.isNaN(v)) {
        continue;
      }
      if (f == Function.MIN ? n == 0 || Double.compare(v, extreme) < 0
          : f == Function.MAX && (n == 0 || Double.compare(v, extreme) > 0)) {
        extreme = v;
      }
      sum += v;
      n++;
    }
    counts[i] = n;
    sums[i] = sum;
    doubleExtremes[i] = extreme;
  }

  private void addLongs(int i, Function f, Column c, KdbType type, long rows, long[] selected) {
    long nullValue = type == KdbType.SHORT ? Nulls.SHORT_NULL
        : type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
    long n = counts[i];
    long extreme = longExtremes[i];
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      long v = type == KdbType.SHORT ? c.getShort(r) : type.width() == 4 ? c.getInt(r)
          : c.getLong(r);
      if (v == nullValue) {
        continue;
      }
      if (f == Function.MIN ? n == 0 || v < extreme : f == Function.MAX && (n == 0 || v > extreme)) {
        extreme = v;
      }
      n++;
    }
    counts[i] = n;
    longExtremes[i] = extreme;
  }

  private void addSymbols(int i, Column c, long rows, long[] selected) {
    long n = counts[i];
    for (long r = next(-1, rows, selected); r >= 0; r = next(r, rows, selected)) {
      boolean isNull = c instanceof EnumColumn e ? e.index(r) < 0 || e.getSymbol(r).isEmpty()
          : c.getSymbol(r).isEmpty();
      if (!isNull) {
        n++;
      }
    }
    counts[i] = n;
  }

  /** The results, in Calcite's runtime classes for each call's result type. */
  Object[] results() {
    Object[] out = new Object[calls.size()];
    for (int i = 0; i < out.length; i++) {
      KdbAggCall call = calls.get(i);
      out[i] = switch (call.function()) {
        case COUNT_STAR, COUNT -> counts[i];
        case SUM -> counts[i] == 0 ? null : sums[i];
        case SUM0 -> sums[i];
        case MIN, MAX -> counts[i] == 0 ? null : extreme(i, call);
      };
    }
    return out;
  }

  private Object extreme(int i, KdbAggCall call) {
    return switch (call.resultType()) {
      case DOUBLE -> doubleExtremes[i];
      case SMALLINT -> (short) longExtremes[i];
      case INTEGER -> (int) longExtremes[i];
      default -> longExtremes[i];
    };
  }
}
