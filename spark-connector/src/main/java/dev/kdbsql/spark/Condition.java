package dev.kdbsql.spark;

import dev.kdbsql.calcite.spec.Predicate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.sources.Filter;

/**
 * What a scan enforces on rows beyond partition pruning, built by {@link FilterTranslator} on the
 * driver and shipped to the executors: predicates over stored columns (the SQL engine's
 * {@link Predicate}, evaluated per split by its {@code FilterEvaluator}), Spark filters on the
 * partition column alone (inside a filter that also reads stored columns, decided per split from
 * the split's partition), AND and OR of those, and the constants TRUE and FALSE.
 *
 * <p>It is in negation normal form: NOT has been pushed to the leaves, each leaf saying when the
 * negated filter is TRUE. A row is read when the condition is TRUE, as Spark's WHERE keeps a row;
 * since AND and OR keep TRUE exactly as their operands' TRUE-ness says (Kleene's logic), that only
 * needs each leaf to select the rows where it is TRUE, which the engine's leaves do (a null is
 * selected by IS NULL alone).
 */
public sealed interface Condition extends Serializable {
  /** Every row. */
  Condition TRUE = new Const(true);
  /** No row. */
  Condition FALSE = new Const(false);

  /** TRUE or FALSE for every row. */
  record Const(boolean value) implements Condition {
    /** Deserialized, the constant itself again, so that it compares by identity too. */
    private Object readResolve() {
      return value ? TRUE : FALSE;
    }

    @Override
    public String toString() {
      return value ? "TRUE" : "FALSE";
    }
  }

  /** A predicate over stored columns, its fields being stored column indices. */
  record Stored(Predicate predicate) implements Condition {
    @Override
    public String toString() {
      return predicate.toString();
    }
  }

  /**
   * A Spark filter that reads the partition column alone ({@link PartitionPruner} evaluates it),
   * or its negation: TRUE or FALSE for all the rows of a partition.
   */
  record OnPartition(Filter filter, boolean negated) implements Condition {
    @Override
    public String toString() {
      return negated ? "NOT(" + filter + ")" : filter.toString();
    }
  }

  /** All of {@code parts} (at least two, none a constant). */
  record All(List<Condition> parts) implements Condition {
    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining(", ", "AND(", ")"));
    }
  }

  /** Any of {@code parts} (at least two, none a constant). */
  record Any(List<Condition> parts) implements Condition {
    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining(", ", "OR(", ")"));
    }
  }

  /** The conjunction of {@code parts}, constants folded and nested conjunctions flattened. */
  static Condition all(List<Condition> parts) {
    List<Condition> kept = new ArrayList<>();
    for (Condition p : parts) {
      if (p == FALSE || p instanceof Const c && !c.value()) {
        return FALSE;
      }
      if (p instanceof All a) {
        kept.addAll(a.parts());
      } else if (!(p instanceof Const)) {
        kept.add(p);
      }
    }
    return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : new All(List.copyOf(kept));
  }

  /** The disjunction of {@code parts}, constants folded and nested disjunctions flattened. */
  static Condition any(List<Condition> parts) {
    List<Condition> kept = new ArrayList<>();
    for (Condition p : parts) {
      if (p instanceof Const c && c.value()) {
        return TRUE;
      }
      if (p instanceof Any a) {
        kept.addAll(a.parts());
      } else if (!(p instanceof Const)) {
        kept.add(p);
      }
    }
    return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : new Any(List.copyOf(kept));
  }

  /**
   * This condition on the rows of a partition whose partition column is {@code value} (as Spark
   * holds it: an epoch day for date and month partitions, else the number): the partition leaves
   * decided, constants folded. For an unpartitioned table, any value does.
   */
  default Condition at(long value) {
    if (this instanceof OnPartition p) {
      Boolean b = PartitionPruner.eval(p.filter(), value);
      return (p.negated() ? b == Boolean.FALSE : b == Boolean.TRUE) ? TRUE : FALSE;
    }
    if (this instanceof All a) {
      return all(a.parts().stream().map(c -> c.at(value)).toList());
    }
    if (this instanceof Any a) {
      return any(a.parts().stream().map(c -> c.at(value)).toList());
    }
    return this;
  }

  /** Whether a partition leaf is left (then {@link #at} must decide it before {@link #predicate}). */
  default boolean readsPartition() {
    if (this instanceof OnPartition) {
      return true;
    }
    List<Condition> parts = this instanceof All a ? a.parts()
        : this instanceof Any o ? o.parts() : List.of();
    return parts.stream().anyMatch(Condition::readsPartition);
  }

  /** The engine's predicate of a condition made of stored-column predicates, AND and OR. */
  default Predicate predicate() {
    if (this instanceof Stored s) {
      return s.predicate();
    }
    if (this instanceof All a) {
      return new Predicate.And(a.parts().stream().map(Condition::predicate).toList());
    }
    if (this instanceof Any o) {
      return new Predicate.Or(o.parts().stream().map(Condition::predicate).toList());
    }
    throw new IllegalStateException("no engine predicate for " + this);
  }
}
