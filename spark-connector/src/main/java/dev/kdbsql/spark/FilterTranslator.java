package dev.kdbsql.spark;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.PartitionKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.sources.AlwaysFalse;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;

/**
 * The one place where Spark's pushed filters meet the scan: it splits them into those the scan
 * enforces and those Spark must still apply after it, and translates the enforced ones.
 *
 * <ul>
 *   <li>Filters on the partition column alone ({@link PartitionPruner} evaluates them on each
 *       partition's value) are enforced by pruning: a partition either holds only matching rows
 *       or is not read.
 *   <li>Filters on stored columns ({@code =}, {@code <}, {@code <=}, {@code >}, {@code >=},
 *       {@code <=>}, {@code IN}, {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT}, and
 *       the partition column among them) become a {@link Condition} whose leaves are the SQL
 *       engine's predicates ({@link ColumnLeaves} says, type by type, how each comparison of
 *       Spark's values becomes one of the stored raw values, exactly); the scan evaluates it per
 *       split, vectorized, and hands Spark only the selected rows.
 *   <li>The rest (string prefix, suffix and substring tests, comparisons the engine cannot make
 *       exactly as Spark makes them: guids, datetimes, strings and lists beyond null tests,
 *       symbol ranges) stay with Spark, which applies them after the scan.
 * </ul>
 *
 * <p>NOT is pushed down to the leaves (De Morgan's laws hold in SQL's three-valued logic, and a
 * comparison with a non-null value is NULL exactly when the column is): {@code NOT(x < 5)} is
 * {@code x >= 5}, {@code NOT(x IN (1, 2))} is the engine's {@code NOT IN} leaf.
 */
public final class FilterTranslator {
  /**
   * NOT IN lists of more values than this that are not single raw values (a microsecond of a
   * nanosecond timestamp is a range) stay with Spark: each becomes two ranges in the plan.
   */
  static final int MAX_NEGATED_IN = 32;

  private final KdbTable table;
  private final KdbOptions options;
  private final String partitionColumn;

  private FilterTranslator(KdbTable table, KdbOptions options) {
    this.table = table;
    this.options = options;
    PartitionKind kind = table.partitionKind();
    this.partitionColumn = kind == null || table.columnIndex(kind.columnName()) >= 0 ? null
        : kind.columnName();
  }

  /**
   * The filters split for a scan.
   *
   * @param partition enforced by pruning partitions
   * @param scan enforced by the scan's {@link #condition}
   * @param remaining left for Spark to apply after the scan
   * @param condition what the scan evaluates on rows ({@link Condition#TRUE} when nothing)
   */
  record Translation(List<Filter> partition, List<Filter> scan, List<Filter> remaining,
      Condition condition) {
    /** What the scan enforces, as {@code SupportsPushDownFilters#pushedFilters} reports it. */
    Filter[] pushed() {
      List<Filter> all = new ArrayList<>(partition);
      all.addAll(scan);
      return all.toArray(Filter[]::new);
    }
  }

  /** No filters. */
  static final Translation NONE = new Translation(List.of(), List.of(), List.of(), Condition.TRUE);

  /** Splits {@code filters} (conjuncts) for a scan of {@code table} read with {@code options}. */
  static Translation translate(Filter[] filters, KdbTable table, KdbOptions options) {
    FilterTranslator t = new FilterTranslator(table, options);
    List<Filter> partition = new ArrayList<>();
    List<Filter> scan = new ArrayList<>();
    List<Filter> remaining = new ArrayList<>();
    List<Condition> conditions = new ArrayList<>();
    for (Filter f : filters) {
      if (t.onPartition(f)) {
        partition.add(f);
        continue;
      }
      Condition c = t.condition(f, false);
      if (c == null) {
        remaining.add(f);
      } else {
        scan.add(f);
        conditions.add(c);
      }
    }
    return new Translation(List.copyOf(partition), List.copyOf(scan), List.copyOf(remaining),
        Condition.all(withoutImpliedNotNull(conditions)));
  }

  /**
   * Splits {@code filters} into those on the partition column alone and the others, for a table
   * whose partition column is {@code partitionColumn} (null if none): what prunes partitions.
   */
  static List<Filter> partitionFilters(Filter[] filters, String partitionColumn) {
    List<Filter> partition = new ArrayList<>();
    for (Filter f : filters) {
      if (partitionColumn != null && onlyReferences(f, partitionColumn)
          && PartitionPruner.canEvaluate(f)) {
        partition.add(f);
      }
    }
    return List.copyOf(partition);
  }

  private boolean onPartition(Filter f) {
    return partitionColumn != null && onlyReferences(f, partitionColumn)
        && PartitionPruner.canEvaluate(f);
  }

  private static boolean onlyReferences(Filter f, String column) {
    String[] refs = f.references();
    return refs.length > 0 && Arrays.stream(refs).allMatch(column::equals);
  }

  /**
   * Spark adds {@code IS NOT NULL(x)} beside every comparison of x; a comparison already selects
   * no null, so the conjunct is dropped from the condition (it stays reported as pushed) rather
   * than costing the engine another pass over the column.
   */
  private static List<Condition> withoutImpliedNotNull(List<Condition> conjuncts) {
    Set<Integer> compared = new HashSet<>();
    for (Condition c : conjuncts) {
      if (c instanceof Condition.Stored s) {
        nullRejecting(s.predicate(), compared);
      }
    }
    List<Condition> out = new ArrayList<>();
    for (Condition c : conjuncts) {
      if (!(c instanceof Condition.Stored s && s.predicate() instanceof Predicate.IsNull n
          && n.negated() && compared.contains(n.field()))) {
        out.add(c);
      }
    }
    return out;
  }

  /** Adds the fields of the comparisons that {@code p} requires TRUE (so not null). */
  private static void nullRejecting(Predicate p, Set<Integer> fields) {
    if (p instanceof Predicate.Compare c) {
      fields.add(c.field());
    } else if (p instanceof Predicate.In in) {
      fields.add(in.field());
    } else if (p instanceof Predicate.NotIn in) {
      fields.add(in.field());
    } else if (p instanceof Predicate.And a) {
      a.parts().forEach(part -> nullRejecting(part, fields));
    }
  }

  /**
   * The condition under which {@code f} (or NOT {@code f} when {@code negated}) is TRUE, or null
   * when some part of it cannot be evaluated exactly by the scan.
   */
  private Condition condition(Filter f, boolean negated) {
    if (f instanceof AlwaysTrue) {
      return negated ? Condition.FALSE : Condition.TRUE;
    }
    if (f instanceof AlwaysFalse) {
      return negated ? Condition.TRUE : Condition.FALSE;
    }
    if (f instanceof Not n) {
      return condition(n.child(), !negated);
    }
    if (f instanceof And || f instanceof Or) {
      Filter left = f instanceof And a ? a.left() : ((Or) f).left();
      Filter right = f instanceof And a ? a.right() : ((Or) f).right();
      Condition l = condition(left, negated);
      Condition r = l == null ? null : condition(right, negated);
      if (r == null) {
        return null;
      }
      // NOT(a AND b) is NOT a OR NOT b, and NOT(a OR b) is NOT a AND NOT b.
      boolean conjunction = f instanceof And != negated;
      return conjunction ? Condition.all(List.of(l, r)) : Condition.any(List.of(l, r));
    }
    if (onPartition(f)) {
      return new Condition.OnPartition(f, negated);
    }
    String[] refs = f.references();
    if (refs.length != 1) {
      return null;
    }
    int column = table.columnIndex(refs[0]);
    if (column < 0) {
      return null;
    }
    ColumnInfo info = table.columns().get(column);
    ColumnLeaves leaves = ColumnLeaves.of(column, info, options);
    if (leaves == null) {
      return null;
    }
    if (f instanceof IsNull) {
      return leaves.isNull(negated);
    }
    if (f instanceof IsNotNull) {
      return leaves.isNull(!negated);
    }
    if (f instanceof In in) {
      return leaves.in(in.values(), negated);
    }
    if (f instanceof EqualNullSafe e) {
      if (e.value() == null) {
        return leaves.isNull(negated);
      }
      Condition equal = leaves.compare(ColumnLeaves.Op.EQ, e.value(), false);
      if (!negated || equal == null) {
        return equal;
      }
      // NOT(x <=> v) is TRUE for a null x too.
      Condition differs = leaves.compare(ColumnLeaves.Op.EQ, e.value(), true);
      return differs == null ? null : Condition.any(List.of(leaves.isNull(false), differs));
    }
    ColumnLeaves.Op op = f instanceof EqualTo ? ColumnLeaves.Op.EQ
        : f instanceof LessThan ? ColumnLeaves.Op.LT
        : f instanceof LessThanOrEqual ? ColumnLeaves.Op.LE
        : f instanceof GreaterThan ? ColumnLeaves.Op.GT
        : f instanceof GreaterThanOrEqual ? ColumnLeaves.Op.GE : null;
    if (op == null) {
      return null;
    }
    Object value = f instanceof EqualTo e ? e.value()
        : f instanceof LessThan e ? e.value()
        : f instanceof LessThanOrEqual e ? e.value()
        : f instanceof GreaterThan e ? e.value()
        : ((GreaterThanOrEqual) f).value();
    if (value == null) {
      // A comparison with NULL is NULL, negated or not.
      return Condition.FALSE;
    }
    return leaves.compare(op, value, negated);
  }
}
