package dev.kdbsql.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * An aggregate split in two, partial values below and their combination above: which calls
 * split, and the calls and grouping sets of the aggregate above. Shared by the rules that move an
 * aggregate into a scan or below a join ({@link AggregateSplitRule}, {@link GroupingSetsSplitRule},
 * {@link AggregateSemiJoinRule}, {@link AggregateLeftJoinRule}).
 */
final class PartialAggregates {
  private PartialAggregates() {
  }

  /**
   * Whether {@code c} can be computed from partial values of groups: COUNT (summed), SUM,
   * $SUM0, MIN and MAX (of their partial values), and GROUPING (computed above from the keys);
   * without DISTINCT, FILTER or WITHIN GROUP. Integer results are exact (sums of partial sums
   * wrap as one sum does); floating-point sums add partial sums.
   */
  static boolean splittable(AggregateCall c) {
    if (c.isDistinct() || c.filterArg >= 0 || c.isApproximate()
        || !c.getCollation().getFieldCollations().isEmpty()) {
      return false;
    }
    return switch (c.getAggregation().getKind()) {
      case COUNT -> c.getArgList().size() <= 1;
      case SUM, SUM0, MIN, MAX -> c.getArgList().size() == 1;
      case GROUPING -> true;
      default -> false;
    };
  }

  /**
   * The calls of the aggregate above, over a row whose fields from {@code firstPartial} on are
   * the partial values of {@code calls} in order (none for GROUPING, whose arguments are the
   * keys at {@code keyPosition} of their original field).
   */
  static List<RelBuilder.AggCall> combined(RelBuilder b, List<AggregateCall> calls,
      int firstPartial, IntUnaryOperator keyPosition) {
    List<RelBuilder.AggCall> out = new ArrayList<>();
    int p = firstPartial;
    for (AggregateCall c : calls) {
      SqlAggFunction f = c.getAggregation();
      if (f.getKind() == SqlKind.GROUPING) {
        out.add(b.aggregateCall(f, c.getArgList().stream()
            .map(a -> b.field(keyPosition.applyAsInt(a))).toList()));
      } else {
        out.add(b.aggregateCall(f.getKind() == SqlKind.COUNT ? SqlStdOperatorTable.SUM0 : f,
            b.field(p++)));
      }
    }
    return out;
  }

  /** {@code sets} with every key moved to {@code keyPosition} of it. */
  static List<ImmutableBitSet> sets(List<ImmutableBitSet> sets, IntUnaryOperator keyPosition) {
    List<ImmutableBitSet> out = new ArrayList<>();
    for (ImmutableBitSet s : sets) {
      ImmutableBitSet.Builder m = ImmutableBitSet.builder();
      for (int k : s) {
        m.set(keyPosition.applyAsInt(k));
      }
      out.add(m.build());
    }
    return out;
  }
}
