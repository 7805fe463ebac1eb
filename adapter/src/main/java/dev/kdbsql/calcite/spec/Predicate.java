package dev.kdbsql.calcite.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A filter the scan evaluates over mapped columns, as a small typed value built by
 * the planner's predicate translator and evaluated by the engine's filter evaluator per
 * slice. {@code field} is the Calcite field index in the table's full row type.
 *
 * <p>Semantics are SQL's under a WHERE clause: a row is selected only when the predicate is TRUE,
 * so a comparison with a null (a kdb+ null sentinel) selects nothing. Since AND and OR keep TRUE
 * exactly when their operands' TRUE-ness says so, treating UNKNOWN as FALSE at the leaves is exact;
 * there is no NOT for that reason (the translator accepts only {@code IS NOT NULL}, and
 * {@code NOT IN}, which is a leaf with its own null rule).
 * Serializable, so that the Spark connector ships a predicate to its executors.
 * Each record writes out {@code equals} and {@code hashCode} (plan digests hash the scan's
 * predicates): the generated ones bootstrap method handles when first run (docs/design.md).
 */
public sealed interface Predicate extends Serializable {
  /** Comparison operators, shown as Calcite shows them. */
  public enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as SQL writes it. */
    public String symbol() {
      return symbol;
    }
  }

  /** {@code field op value}. */
  record Compare(int field, String name, Op op, Value value) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Compare that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(op, that.op)
          && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, op, value);
    }

    @Override
    public String toString() {
      return op.symbol + "(" + name + ", " + value + ")";
    }
  }

  /**
   * {@code left op right}: two expressions the scan computes ({@link Expr}, such as
   * {@code bid > ask} or {@code price * size >= 1e6}), both of a numeric kind or both the
   * {@link Expr.Read} of columns of one type; NULL when either side is. Compared as Calcite's
   * generated code compares the two values.
   */
  record ExprCompare(Expr left, Op op, Expr right) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof ExprCompare that && Objects.equals(left, that.left)
          && Objects.equals(op, that.op) && Objects.equals(right, that.right);
    }

    @Override
    public int hashCode() {
      return Objects.hash(left, op, right);
    }

    @Override
    public String toString() {
      return op.symbol + "(" + left + ", " + right + ")";
    }
  }

  /** {@code field IN (values)}. */
  record In(int field, String name, List<Value> values) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof In that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, values);
    }

    @Override
    public String toString() {
      return "IN(" + name + ", " + values + ")";
    }
  }

  /**
   * {@code field NOT IN (values)}: TRUE for a non-null value equal to none of {@code values}
   * (none of which is NULL: a NULL in the list makes the predicate never TRUE, and the planner
   * never makes this leaf of one), so a null value is never selected.
   */
  record NotIn(int field, String name, List<Value> values) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof NotIn that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, values);
    }

    @Override
    public String toString() {
      return "NOT IN(" + name + ", " + values + ")";
    }
  }

  /**
   * A condition of one symbol or string column and nothing else, which no other leaf expresses
   * ({@code UPPER(sym) = 'AA'}, {@code LOWER(sym) LIKE 'a%'}): {@code test} decides it for one
   * value as the rows hold it (null for NULL), TRUE selecting, FALSE and NULL not. The scan
   * decides it once per symbol of a domain, as it decides LIKE. {@code text} says what it is, for
   * EXPLAIN, and with the field identifies it. Its test is compiled code of the planner's, which
   * does not serialize: the Spark connector, which ships predicates to its executors, never
   * makes one.
   */
  record Text(int field, String name, String text, TextTest test) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Text that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(text, that.text);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, text);
    }

    @Override
    public String toString() {
      return "TEST(" + name + ", " + text + ")";
    }
  }

  /** The test of a {@link Text} condition: whether it is TRUE for one value (null for NULL). */
  @FunctionalInterface
  interface TextTest {
    boolean test(String value);
  }

  /** {@code field IS NULL}, or {@code IS NOT NULL} when {@code negated}. */
  record IsNull(int field, String name, boolean negated) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof IsNull that && field == that.field
          && Objects.equals(name, that.name) && negated == that.negated;
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, negated);
    }

    @Override
    public String toString() {
      return (negated ? "IS NOT NULL(" : "IS NULL(") + name + ")";
    }
  }

  /**
   * {@code field LIKE pattern [ESCAPE escape]} on a symbol or string column, with Calcite's LIKE
   * semantics ({@code escape} is null when none is given); {@code ignoreCase} for {@code ILIKE};
   * {@code negated} for {@code NOT LIKE}, which like LIKE selects no NULL.
   */
  record Like(int field, String name, String pattern, String escape, boolean ignoreCase,
      boolean negated) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Like that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(pattern, that.pattern)
          && Objects.equals(escape, that.escape) && ignoreCase == that.ignoreCase
          && negated == that.negated;
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, pattern, escape, ignoreCase, negated);
    }

    @Override
    public String toString() {
      return (negated ? "NOT " : "") + (ignoreCase ? "ILIKE(" : "LIKE(") + name + ", '"
          + pattern.replace("'", "''") + "'"
          + (escape == null ? "" : ", '" + escape.replace("'", "''") + "'") + ")";
    }
  }

  /**
   * A predicate that depends on where a slice's partition lies from partition value
   * {@code partition} (shown as {@code label}): {@code before} for the partitions before it,
   * {@code at} for it, {@code after} for those after it. {@code date + time >= TIMESTAMP
   * '2024-01-16 09:30'} is {@code time >= 09:30} on that date, true for every time of day after
   * it and for none before it.
   */
  record ByPartition(long partition, String label, Predicate before, Predicate at,
      Predicate after) implements Predicate {
    /** The predicate for a slice of partition value {@code value}. */
    public Predicate on(long value) {
      return value < partition ? before : value == partition ? at : after;
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof ByPartition that && partition == that.partition
          && Objects.equals(label, that.label) && Objects.equals(before, that.before)
          && Objects.equals(at, that.at) && Objects.equals(after, that.after);
    }

    @Override
    public int hashCode() {
      return Objects.hash(partition, label, before, at, after);
    }

    @Override
    public String toString() {
      return "BY_PARTITION(" + label + ", before: " + before + ", at: " + at + ", after: " + after
          + ")";
    }
  }

  /** All of {@code parts}. */
  record And(List<Predicate> parts) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof And that && Objects.equals(parts, that.parts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(parts);
    }

    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining(", ", "AND(", ")"));
    }
  }

  /** Any of {@code parts}. */
  record Or(List<Predicate> parts) implements Predicate {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Or that && Objects.equals(parts, that.parts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(parts);
    }

    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining(", ", "OR(", ")"));
    }
  }

  /** The conjunction of {@code parts}: null for none, the part itself for one. */
  static Predicate and(List<Predicate> parts) {
    return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
  }
}
