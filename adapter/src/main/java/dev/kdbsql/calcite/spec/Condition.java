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
}
