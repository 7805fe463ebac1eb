package dev.kdbsql.calcite.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A condition of an {@link Expr.Case} over numeric {@link Expr}s, in SQL's three-valued logic:
 * a comparison is UNKNOWN where an operand is NULL, and the CASE takes a branch where its
 * condition is TRUE only. A DOUBLE on either side of a comparison compares as doubles (a NaN
 * computed from non-null values unordered, as in Calcite's code); integers compare as longs.
 * Each record writes out {@code equals} and {@code hashCode}, as {@link Expr}'s do.
 */
public sealed interface Condition extends Serializable {
  /** {@code left op right}. */
  record Compare(Expr left, Predicate.Op op, Expr right) implements Condition {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Compare that && Objects.equals(left, that.left)
          && Objects.equals(op, that.op) && Objects.equals(right, that.right);
    }

    @Override
    public int hashCode() {
      return Objects.hash(left, op, right);
    }

    @Override
    public String toString() {
      return op.symbol() + "(" + left + ", " + right + ")";
    }
  }

  /** {@code operand IS NULL}, or {@code IS NOT NULL} when {@code negated}: never UNKNOWN. */
  record IsNull(Expr operand, boolean negated) implements Condition {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof IsNull that && Objects.equals(operand, that.operand)
          && negated == that.negated;
    }

    @Override
    public int hashCode() {
      return Objects.hash(operand, negated);
    }

    @Override
    public String toString() {
      return (negated ? "IS NOT NULL(" : "IS NULL(") + operand + ")";
    }
  }

  /** {@code NOT operand}: TRUE and FALSE swapped, UNKNOWN kept. */
  record Not(Condition operand) implements Condition {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Not that && Objects.equals(operand, that.operand);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(operand);
    }

    @Override
    public String toString() {
      return "NOT(" + operand + ")";
    }
  }

  /**
   * {@code AND} of {@code operands} ({@code and}) or their {@code OR}: AND is FALSE where any
   * operand is FALSE, else UNKNOWN where any is UNKNOWN; OR the dual.
   */
  record Junction(boolean and, List<Condition> operands) implements Condition {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Junction that && and == that.and
          && Objects.equals(operands, that.operands);
    }

    @Override
    public int hashCode() {
      return Objects.hash(and, operands);
    }

    @Override
    public String toString() {
      return operands.stream().map(Object::toString)
          .collect(Collectors.joining(", ", and ? "AND(" : "OR(", ")"));
    }
  }

  /**
   * A condition of one symbol or char column alone ({@code side = 'B'}, {@code sym IN (...)},
   * {@code UPPER(sym) LIKE 'A%'}), whose truth {@code truth} gives for one value as Calcite's
   * rows hold it (null for NULL): the scan asks once per symbol of a domain, as it decides a
   * filter's {@link Predicate.Text}, or once per char. {@code text} says what it is, for EXPLAIN,
   * and with the field identifies it. Its truth is compiled code of the planner's, which does not
   * serialize (the Spark connector never makes one).
   */
  record Text(int field, String name, String text, Truth truth) implements Condition {
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

  /** The truth of a {@link Text} condition for one value. */
  interface Truth {
    /** TRUE, FALSE, or null for UNKNOWN, of the condition for {@code value} (null for NULL). */
    Boolean of(String value);

    /**
     * The truths of the symbols of one domain ({@code domain}, of {@code size} symbols, as
     * {@link #of} codes them: 0 not yet known, then 1 + TRUE 1, FALSE 2, UNKNOWN 3), shared by
     * the scan's tasks over that domain, which fill it as they meet its symbols.
     */
    byte[] known(Object domain, int size);
  }
}
