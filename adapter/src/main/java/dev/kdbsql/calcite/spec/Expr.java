package dev.kdbsql.calcite.spec;

import dev.kdbsql.storage.KdbType;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A numeric expression over table fields that the scan evaluates itself, in blocks
 * (by the engine's expression evaluator), as the argument of an aggregate or an operand of a
 * comparison in the scan's filter ({@link Predicate.ExprCompare}) or a computed key of a top-N
 * ({@link SortKey#expr}): a column, a literal, {@code + - *}, {@code /} of doubles, unary minus,
 * {@code ABS}, {@code FLOOR} and {@code CEIL}, widening CASTs and {@code CASE} over conditions
 * of such expressions ({@link Condition}); or a column of another type
 * read as Calcite reads it, for MIN, MAX, first and last and for comparisons of two such columns
 * ({@link Read}). Each node carries the
 * {@link Kind} of its value, which is the Java type Calcite's generated code computes it in, so
 * integer arithmetic wraps exactly where Calcite's does. A NULL operand (a kdb+ null sentinel in
 * a column) makes the result NULL, as in SQL. A node's {@code toString} is what EXPLAIN shows.
 * Each record writes out {@code equals} and {@code hashCode} (plan digests hash the scan's
 * expressions): the generated ones bootstrap method handles when first run (docs/design.md).
 */
public sealed interface Expr extends Serializable {
  /**
   * The Java type a value is computed in: Calcite's SMALLINT (also a TINYINT literal, whose value
   * is never computed on), INTEGER, BIGINT or DOUBLE.
   */
  public enum Kind {
    SHORT, INT, LONG, DOUBLE;

    /** Whether values of this kind are held as longs (all but DOUBLE). */
    public boolean integral() {
      return this != DOUBLE;
    }

    /** {@code v} wrapped to this kind's width, as Java's narrowing of a long result does. */
    public long wrap(long v) {
      return switch (this) {
        case SHORT -> (short) v;
        case INT -> (int) v;
        default -> v;
      };
    }
  }

  /** The kind of the value. */
  Kind kind();

  /**
   * A stored column (table field {@code field}, named {@code name}) of element type
   * {@code type}.
   */
  record Field(int field, String name, KdbType type, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Field that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(type, that.type)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, type, kind);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A stored column of a type Calcite only compares (temporal, boolean, char, real), as the sole
   * argument of MIN, MAX, first or last, or a side of a comparison with a column of the same
   * type; never an operand of arithmetic. Its values are the ones Calcite's
   * reader gives, converted per row from the raw ones, with a NULL
   * wherever the reader gives one (a time outside one day, too): epoch days and milliseconds of
   * the day as INT, datetimes as LONG epoch milliseconds, booleans as INT 0 or 1, chars as INT
   * codes 0 to 255 (the order of Calcite's one-char strings), reals as DOUBLE. Timestamps and
   * timespans typed as times of day, whose Calcite values are exact objects
   * ({@code KdbTimestamp}, {@code KdbTimespan}), are their raw LONG nanoseconds (a timespan
   * outside one day NULL), so a MIN, MAX, first or last makes an object of its result only.
   */
  record Read(int field, String name, KdbType type, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Read that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(type, that.type)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, type, kind);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The virtual partition column (table field {@code field}), constant within a slice, as the
   * sole argument of MIN or MAX: answered from the partition list, never read per row. Its value
   * is Calcite's (epoch days of a date or month, an INT; a year or int partition, a LONG).
   */
  record Partition(int field, String name, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Partition that && field == that.field
          && Objects.equals(name, that.name) && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, kind);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** An exact ({@code longValue}) or DOUBLE ({@code doubleValue}) literal. */
  record Literal(long longValue, double doubleValue, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Literal that && longValue == that.longValue
          && Double.compare(doubleValue, that.doubleValue) == 0 && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(longValue, doubleValue, kind);
    }

    @Override
    public String toString() {
      return kind == Kind.DOUBLE ? Double.toString(doubleValue) : Long.toString(longValue);
    }
  }

  /** A binary arithmetic operator. */
  public enum Op {
    PLUS("+"), MINUS("-"), TIMES("*"), DIVIDE("/");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  /**
   * {@code left op right}, both operands first converted to {@code kind} (as Calcite widens them),
   * the result wrapped to it; DIVIDE of integers only by a literal other than zero (Java's
   * division, truncating, which then never throws).
   */
  record Binary(Op op, Expr left, Expr right, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Binary that && Objects.equals(op, that.op)
          && Objects.equals(left, that.left) && Objects.equals(right, that.right)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(op, left, right, kind);
    }

    @Override
    public String toString() {
      return op.symbol + "(" + left + ", " + right + ")";
    }
  }

  /** {@code -operand}, wrapped to {@code kind}. */
  record Negate(Expr operand, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Negate that && Objects.equals(operand, that.operand)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(operand, kind);
    }

    @Override
    public String toString() {
      return "-(" + operand + ")";
    }
  }

  /**
   * {@code ABS(operand)} in {@code kind}: Java's {@code Math.abs}, as Calcite's code computes it,
   * so an integer's smallest value stays itself.
   */
  record Abs(Expr operand, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Abs that && Objects.equals(operand, that.operand)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(operand, kind);
    }

    @Override
    public String toString() {
      return "ABS(" + operand + ")";
    }
  }

  /**
   * {@code FLOOR(operand)} or, when {@code ceil}, {@code CEIL(operand)} of a DOUBLE:
   * {@code Math.floor} and {@code Math.ceil}, as Calcite's code computes them.
   */
  record Floor(Expr operand, boolean ceil, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Floor that && Objects.equals(operand, that.operand)
          && ceil == that.ceil && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(operand, ceil, kind);
    }

    @Override
    public String toString() {
      return (ceil ? "CEIL(" : "FLOOR(") + operand + ")";
    }
  }

  /** A widening CAST of {@code operand} to {@code kind}. */
  record Cast(Expr operand, Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Cast that && Objects.equals(operand, that.operand)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(operand, kind);
    }

    @Override
    public String toString() {
      return "CAST(" + operand + "):" + switch (kind) {
        case SHORT -> "SMALLINT";
        case INT -> "INTEGER";
        case LONG -> "BIGINT";
        case DOUBLE -> "DOUBLE";
      };
    }
  }

  /** A NULL of {@code kind}: a branch of a {@link Case}. */
  record Null(Kind kind) implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Null that && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(kind);
    }

    @Override
    public String toString() {
      return "NULL";
    }
  }

  /**
   * {@code CASE WHEN whens[0] THEN thens[0] ... ELSE otherwise END}: the value of the first
   * branch whose condition is TRUE (not UNKNOWN), else {@code otherwise}; every branch already
   * of {@code kind} ({@link Null} for NULL, as {@code ELSE NULL} or no ELSE).
   */
  record Case(List<Condition> whens, List<Expr> thens, Expr otherwise, Kind kind)
      implements Expr {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Case that && Objects.equals(whens, that.whens)
          && Objects.equals(thens, that.thens) && Objects.equals(otherwise, that.otherwise)
          && Objects.equals(kind, that.kind);
    }

    @Override
    public int hashCode() {
      return Objects.hash(whens, thens, otherwise, kind);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("CASE(");
      for (int i = 0; i < whens.size(); i++) {
        b.append(whens.get(i)).append(", ").append(thens.get(i)).append(", ");
      }
      return b.append(otherwise).append(')').toString();
    }
  }
}
