package dev.kdbsql.calcite;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import dev.kdbsql.calcite.exec.CalciteValues;
import dev.kdbsql.calcite.temporal.ExactConvertlets;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Chooses, at planning time, the partitions a scan must read from the conjuncts of its filter
 * that only constrain the virtual partition column: comparisons with a literal, {@code SEARCH}
 * (IN, BETWEEN, ranges), and AND/OR/NOT of those. Such a conjunct is enforced by the pruning (the
 * scan never opens the other partitions and Calcite does not re-apply it); a conjunct it does not
 * understand (a function of the column, a comparison with another column) prunes nothing and
 * stays a filter, unless a test of the partition value follows from it ({@link #test}): it then
 * prunes and stays a filter.
 */
final class PartitionPruner {
  private final PartitionKind kind;
  private final int ref;

  /**
   * Creates a pruner for partitions of {@code kind}, the partition column being input field
   * {@code ref} of the filter (-1 when the input does not have it: nothing is then understood).
   */
  PartitionPruner(PartitionKind kind, int ref) {
    this.kind = kind;
    this.ref = ref;
  }

  /** The partitions among {@code all} that all of {@code tests} (from {@link #test}) admit. */
  List<Partition> prune(List<Partition> all, List<Predicate<Comparable<?>>> tests) {
    List<Partition> kept = new ArrayList<>();
    for (Partition p : all) {
      Comparable<?> v = sqlValue(p);
      if (tests.stream().allMatch(t -> t.test(v))) {
        kept.add(p);
      }
    }
    return kept;
  }

  /** The partition value as Calcite's literals hold it: a DateString or a BigDecimal. */
  private Comparable<?> sqlValue(Partition p) {
    Object v = CalciteValues.partitionValue(kind, p.value());
    return v instanceof Integer days ? DateString.fromDaysSinceEpoch(days)
        : BigDecimal.valueOf((Long) v);
  }

  /**
   * A test of the partition value that every partition holding a row that meets a conjunct
   * passes. {@code exact} when it is the conjunct itself (the partition column is never null):
   * the pruning is then the filter and the conjunct need not be applied again; otherwise the
   * conjunct only implies it and stays a filter.
   */
  record Test(Predicate<Comparable<?>> admits, boolean exact) {}

  /**
   * The test {@code node} puts on the partition value, or null when nothing follows for it.
   * Exact: comparisons of the partition column with a literal, {@code SEARCH} (IN, BETWEEN,
   * ranges), and AND/OR/NOT of those. Implied: a comparison of {@code date + time} (the
   * partition date plus a time of day, as a kdb+ table's date and time columns make a
   * timestamp) with a timestamp or date constant, alone or as a range ({@code SEARCH}); a time
   * of day lies within one day, so {@code date + time >= '2024-01-03 09:30'} needs
   * {@code date >= 2024-01-03}. An AND implies the tests of those of its parts that have one; an
   * OR needs one of every part.
   */
  Test test(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return null;
    }
    switch (call.getKind()) {
      case AND -> {
        List<Test> parts = new ArrayList<>();
        for (RexNode o : call.getOperands()) {
          parts.add(test(o));
        }
        boolean exact = !parts.contains(null) && parts.stream().allMatch(Test::exact);
        parts.removeIf(t -> t == null);
        return parts.isEmpty() ? null
            : new Test(v -> parts.stream().allMatch(t -> t.admits().test(v)), exact);
      }
      case OR -> {
        List<Test> parts = new ArrayList<>();
        for (RexNode o : call.getOperands()) {
          Test t = test(o);
          if (t == null) {
            return null;
          }
          parts.add(t);
        }
        return new Test(v -> parts.stream().anyMatch(t -> t.admits().test(v)),
            parts.stream().allMatch(Test::exact));
      }
      case NOT -> {
        Test t = test(call.getOperands().get(0));
        return t == null || !t.exact() ? null : new Test(t.admits().negate(), true);
      }
      case SEARCH -> {
        if (!(call.getOperands().get(1) instanceof RexLiteral lit)) {
          return null;
        }
        Sarg<?> sarg = lit.getValueAs(Sarg.class);
        RexNode operand = call.getOperands().get(0);
        if (sarg == null) {
          return null;
        } else if (isPartitionColumn(operand)) {
          return sameClass(sarg) ? new Test(v -> contains(sarg, v), true) : null;
        }
        return isDatePlusTime(operand) ? implied(sarg) : null;
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        SqlKind op = call.getKind();
        if (!isPartitionColumn(a) && !isDatePlusTime(a)) {
          RexNode t = a;
          a = b;
          b = t;
          op = op.reverse();
        }
        if (isDatePlusTime(a)) {
          Predicate<Comparable<?>> implied =
              dateBound(op, ScanLiterals.timestampConstant(b));
          return implied == null ? null : new Test(implied, false);
        }
        Comparable<?> bound = isPartitionColumn(a) && b instanceof RexLiteral lit
            ? bound(lit) : null;
        if (bound == null) {
          return null;
        }
        SqlKind cmp = op;
        return new Test(v -> CalcRows.holds(cmp, compare(v, bound)), true);
      }
      default -> {
        return null;
      }
    }
  }

  /** What {@code date + time} in the ranges of {@code sarg} needs of the date, or null. */
  private Test implied(Sarg<?> sarg) {
    if (sarg.nullAs == RexUnknownAs.TRUE) {
      return null;
    }
    List<Predicate<Comparable<?>>> ranges = new ArrayList<>();
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      List<Predicate<Comparable<?>>> bounds = new ArrayList<>();
      if (r.hasLowerBound()) {
        bounds.add(dateBound(r.lowerBoundType() == BoundType.CLOSED
            ? SqlKind.GREATER_THAN_OR_EQUAL : SqlKind.GREATER_THAN, r.lowerEndpoint()));
      }
      if (r.hasUpperBound()) {
        bounds.add(dateBound(r.upperBoundType() == BoundType.CLOSED
            ? SqlKind.LESS_THAN_OR_EQUAL : SqlKind.LESS_THAN, r.upperEndpoint()));
      }
      if (bounds.contains(null)) {
        return null;
      }
      ranges.add(v -> bounds.stream().allMatch(b -> b.test(v)));
    }
    return ranges.isEmpty() ? null
        : new Test(v -> ranges.stream().anyMatch(p -> p.test(v)), false);
  }

  /** Whether {@code n} is the partition column (of dates or months) plus a time of day. */
  private boolean isDatePlusTime(RexNode n) {
    if (kind != PartitionKind.DATE && kind != PartitionKind.MONTH) {
      return false;
    }
    RexNode date = ExactConvertlets.dateOfDatePlusTime(n);
    return date != null && isPartitionColumn(date);
  }

  /**
   * What {@code date + time op t} needs of the date, the time being in [0, 1 day): at or after
   * t's date for {@code >}, {@code >=}; at or before it for {@code <=}, {@code <} (before it
   * when t is a midnight); equal to it for {@code =}. Null for another bound or operator.
   */
  private static Predicate<Comparable<?>> dateBound(SqlKind op, Comparable<?> t) {
    if (!(t instanceof TimestampString ts)) {
      return null;
    }
    LocalDateTime wall = ScanLiterals.wallClock(ts);
    int day = Math.toIntExact(wall.toLocalDate().toEpochDay());
    boolean midnight = wall.toLocalTime().equals(LocalTime.MIDNIGHT);
    int last = op == SqlKind.LESS_THAN && midnight ? day - 1 : day;
    return switch (op) {
      case GREATER_THAN, GREATER_THAN_OR_EQUAL -> v -> days(v) >= day;
      case LESS_THAN, LESS_THAN_OR_EQUAL -> v -> days(v) <= last;
      case EQUALS -> v -> days(v) == day;
      default -> null;
    };
  }

  private static int days(Comparable<?> partitionValue) {
    return ((DateString) partitionValue).getDaysSinceEpoch();
  }

  private boolean isPartitionColumn(RexNode n) {
    return n instanceof RexInputRef r && r.getIndex() == ref;
  }

  /**
   * The literal as a value comparable with partition values: a DateString for date and month
   * partitions, a BigDecimal for year and int ones; null for a NULL or a literal of another type.
   */
  private Comparable<?> bound(RexLiteral lit) {
    if (lit.isNull()) {
      return null;
    }
    SqlTypeName type = lit.getType().getSqlTypeName();
    if (valueClass() == DateString.class) {
      return type == SqlTypeName.DATE ? lit.getValueAs(DateString.class) : null;
    }
    return SqlTypeName.NUMERIC_TYPES.contains(type) ? lit.getValueAs(BigDecimal.class) : null;
  }

  /** The class of partition values and of the literals they can be compared with. */
  private Class<?> valueClass() {
    return kind == PartitionKind.DATE || kind == PartitionKind.MONTH
        ? DateString.class : BigDecimal.class;
  }

  /** Whether every bound of {@code sarg} is of {@link #valueClass()}. */
  private boolean sameClass(Sarg<?> sarg) {
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      if (r.hasLowerBound() && r.lowerEndpoint().getClass() != valueClass()
          || r.hasUpperBound() && r.upperEndpoint().getClass() != valueClass()) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Comparable<?> v, Comparable<?> bound) {
    return ((Comparable) v).compareTo(bound);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean contains(Sarg sarg, Comparable<?> v) {
    return sarg.rangeSet.contains((Comparable) v);
  }
}
