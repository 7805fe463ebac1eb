package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Condition;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.storage.KdbType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a scalar expression over a scan's fields into an {@link Expr} the scan evaluates
 * in blocks, or declines (null) what it would not compute exactly as Calcite's generated code
 * does: {@code + - *} of integers or doubles, {@code /} of doubles (of integers by a literal
 * other than zero), unary minus, {@code ABS}, {@code FLOOR}, {@code CEIL}, widening CASTs,
 * {@code CASE} over comparisons of such expressions ({@link #condition}) and literals over numeric
 * columns (bytes as unsigned SMALLINT, timespans typed as BIGINT as
 * their nanoseconds); and, as a whole operand, a column of a type Calcite only compares
 * ({@link #read}). Shared by the aggregate translator (arguments) and the predicate translator
 * (comparisons of two expressions).
 */
final class ExprTranslator {
  private final KdbCalciteTable table;
  private final IntUnaryOperator fieldOf;
  /** Expands the ranges of a {@code SEARCH} in a CASE's conditions; null declines them. */
  private final RexBuilder rexBuilder;

  /**
   * Creates a translator for a scan whose input field {@code i} is table field fieldOf(i), which
   * expands searches in conditions with {@code rexBuilder} (null: declines them).
   */
  ExprTranslator(KdbCalciteTable table, IntUnaryOperator fieldOf, RexBuilder rexBuilder) {
    this.table = table;
    this.fieldOf = fieldOf;
    this.rexBuilder = rexBuilder;
  }

  /** {@code e} as a scan expression over numeric columns, or null. */
  Expr expr(RexNode e) {
    if (e instanceof RexInputRef ref) {
      int field = fieldOf.applyAsInt(ref.getIndex());
      if (table.partitioned() && field == 0) {
        return null;
      }
      KdbType type = table.elementType(field);
      Kind kind = type == null ? null : switch (type) {
        // Bytes are SMALLINT, read unsigned.
        case BYTE, SHORT -> Kind.SHORT;
        case INT -> Kind.INT;
        case LONG -> Kind.LONG;
        case FLOAT -> Kind.DOUBLE;
        // Timespans typed as BIGINT are the raw nanoseconds.
        case TIMESPAN -> ref.getType().getSqlTypeName() == SqlTypeName.BIGINT ? Kind.LONG
            : null;
        default -> null;
      };
      return kind == null ? null
          : new Expr.Field(field, table.fieldNames().get(field), type, kind);
    }
    SqlTypeName t = e.getType().getSqlTypeName();
    if (e instanceof RexLiteral l) {
      // A SMALLINT or TINYINT literal is never computed on: SHORT arithmetic is not pushed. A
      // DECIMAL one is met by a DOUBLE operand only (with an integer Calcite computes a DECIMAL),
      // and converted to the nearest double as Calcite's code converts it.
      Kind kind = t == SqlTypeName.SMALLINT || t == SqlTypeName.TINYINT ? Kind.SHORT
          : t == SqlTypeName.DECIMAL ? Kind.DOUBLE : kind(t);
      if (kind == null || l.getValue() == null) {
        return null;
      }
      return kind == Kind.DOUBLE ? new Expr.Literal(0, l.getValueAs(Double.class), kind)
          : new Expr.Literal(l.getValueAs(Long.class), 0, kind);
    }
    Kind kind = kind(t);
    if (kind == null) {
      return null;
    }
    if (!(e instanceof RexCall c)) {
      return null;
    }
    if (c.getKind() == SqlKind.CASE) {
      return caseOf(c.getOperands(), kind);
    }
    List<Expr> operands = new ArrayList<>();
    for (RexNode o : c.getOperands()) {
      Expr x = widen(expr(o), kind);
      if (x == null) {
        return null;
      }
      operands.add(x);
    }
    return switch (c.getKind()) {
      case PLUS -> new Expr.Binary(Expr.Op.PLUS, operands.get(0), operands.get(1), kind);
      case MINUS -> new Expr.Binary(Expr.Op.MINUS, operands.get(0), operands.get(1), kind);
      case TIMES -> new Expr.Binary(Expr.Op.TIMES, operands.get(0), operands.get(1), kind);
      case DIVIDE -> kind == Kind.DOUBLE || nonZeroLiteral(operands.get(1))
          ? new Expr.Binary(Expr.Op.DIVIDE, operands.get(0), operands.get(1), kind) : null;
      // FLOOR and CEIL of an integer are the integer (a FLOOR to a time unit has two operands).
      case FLOOR, CEIL -> operands.size() != 1 ? null : kind.integral() ? operands.get(0)
          : new Expr.Floor(operands.get(0), c.getKind() == SqlKind.CEIL, kind);
      case MINUS_PREFIX -> new Expr.Negate(operands.get(0), kind);
      case OTHER_FUNCTION -> c.getOperator() == SqlStdOperatorTable.ABS
          && operands.size() == 1 ? new Expr.Abs(operands.get(0), kind) : null;
      case CAST -> operands.get(0);
      default -> null;
    };
  }

  /**
   * Column {@code e} of a type Calcite only compares, read as Calcite reads it
   * ({@link Expr.Read}), or null: temporal (a timespan only when typed as TIME; as BIGINT it
   * is a number), boolean, char and real columns.
   */
  Expr.Read read(RexNode e) {
    if (!(e instanceof RexInputRef ref)) {
      return null;
    }
    int field = fieldOf.applyAsInt(ref.getIndex());
    KdbType type = table.partitioned() && field == 0 ? null
        : table.elementType(field);
    Kind kind = type == null ? null : switch (type) {
      case BOOLEAN, CHAR, DATE, MONTH, TIME, MINUTE, SECOND -> Kind.INT;
      // Exact kdb+ types: the raw nanoseconds (a timespan outside one day is NULL).
      case TIMESPAN -> ref.getType() instanceof KdbTemporalType ? Kind.LONG : null;
      case TIMESTAMP, DATETIME -> Kind.LONG;
      case REAL -> Kind.DOUBLE;
      default -> null;
    };
    return kind == null ? null
        : new Expr.Read(field, table.fieldNames().get(field), type, kind);
  }

  /**
   * {@code CASE} of {@code operands} (Calcite's: when, then, ..., else) of {@code kind}: every
   * branch an expression widened to the kind or NULL, every condition one {@link #condition}
   * takes; else null.
   */
  private Expr caseOf(List<RexNode> operands, Kind kind) {
    List<Condition> whens = new ArrayList<>();
    List<Expr> thens = new ArrayList<>();
    for (int i = 0; i + 1 < operands.size(); i += 2) {
      Condition when = condition(operands.get(i));
      Expr then = branch(operands.get(i + 1), kind);
      if (when == null || then == null) {
        return null;
      }
      whens.add(when);
      thens.add(then);
    }
    Expr otherwise = branch(operands.get(operands.size() - 1), kind);
    return otherwise == null ? null : new Expr.Case(whens, thens, otherwise, kind);
  }

  /** A CASE's value {@code e} of {@code kind}: NULL, or an expression widened to it; or null. */
  private Expr branch(RexNode e, Kind kind) {
    return RexUtil.isNullLiteral(e, true) ? new Expr.Null(kind) : widen(expr(e), kind);
  }

  /**
   * A boolean condition over numeric expressions and symbol columns, or null: any condition of
   * one symbol or char column alone ({@link #text}), comparisons of two numeric expressions,
   * {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT}, and a {@code SEARCH} (Calcite's
   * ranges and IN lists) expanded into those. A comparison of a BIGINT with a DOUBLE is declined:
   * as doubles it is not exact beyond 2^53, and Calcite compares a decimal literal exactly.
   */
  Condition condition(RexNode node) {
    Condition text = text(node);
    return text != null ? text : numericCondition(node);
  }

  /**
   * {@code node}, a condition of one symbol or char column alone ({@code sym IN (...)},
   * {@code UPPER(sym) LIKE 'A%'}, {@code ex = 'N'}), as the truth of Calcite's code for it per
   * symbol or char ({@link ColumnTextTest}); or null.
   */
  private Condition text(RexNode node) {
    int input = rexBuilder == null ? -1 : ColumnTextTest.onlyInput(node);
    int field = input < 0 ? -1 : fieldOf.applyAsInt(input);
    KdbType type = field < 0 ? null : table.elementType(field);
    if (type != KdbType.SYMBOL && type != KdbType.CHAR) {
      return null;
    }
    ColumnTextTest test = ColumnTextTest.of(node, rexBuilder);
    return new Condition.Text(field, table.fieldNames().get(field), test.text(), test);
  }

  private Condition numericCondition(RexNode node) {
    if (!(node instanceof RexCall c)) {
      return null;
    }
    switch (c.getKind()) {
      case AND, OR -> {
        List<Condition> parts = new ArrayList<>();
        for (RexNode o : c.getOperands()) {
          Condition x = condition(o);
          if (x == null) {
            return null;
          }
          parts.add(x);
        }
        return new Condition.Junction(c.getKind() == SqlKind.AND, parts);
      }
      case NOT -> {
        Condition x = condition(c.getOperands().get(0));
        return x == null ? null : new Condition.Not(x);
      }
      case IS_NULL, IS_NOT_NULL -> {
        Expr x = expr(c.getOperands().get(0));
        return x == null ? null : new Condition.IsNull(x, c.getKind() == SqlKind.IS_NOT_NULL);
      }
      case SEARCH -> {
        return rexBuilder == null ? null
            : condition(RexUtil.expandSearch(rexBuilder, null, c));
      }
      default -> {
        Predicate.Op op = PredicateTranslator.op(c.getKind());
        if (op == null) {
          return null;
        }
        Expr a = expr(c.getOperands().get(0));
        Expr b = expr(c.getOperands().get(1));
        if (a == null || b == null || a.kind() == Kind.LONG && b.kind() == Kind.DOUBLE
            || a.kind() == Kind.DOUBLE && b.kind() == Kind.LONG) {
          return null;
        }
        return new Condition.Compare(a, op, b);
      }
    }
  }

  /** The kind Calcite computes a value of SQL type {@code t} in, or null if not numeric. */
  private static Kind kind(SqlTypeName t) {
    return switch (t) {
      case INTEGER -> Kind.INT;
      case BIGINT -> Kind.LONG;
      case DOUBLE -> Kind.DOUBLE;
      default -> null;
    };
  }

  /** Whether {@code e} is an integer literal other than zero (widened or not). */
  private static boolean nonZeroLiteral(Expr e) {
    Expr x = e instanceof Expr.Cast c ? c.operand() : e;
    return x instanceof Expr.Literal l && l.kind().integral() && l.longValue() != 0;
  }

  /** {@code x} converted to {@code kind} if that widens it (or keeps it); else null. */
  private static Expr widen(Expr x, Kind kind) {
    if (x == null || x.kind() == kind) {
      return x;
    }
    return x.kind().ordinal() < kind.ordinal() ? new Expr.Cast(x, kind) : null;
  }
}
