package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.storage.KdbType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a scalar expression over a scan's fields into an {@link Expr} the scan evaluates
 * in blocks, or declines (null) what it would not compute exactly as Calcite's generated code
 * does: {@code + - *} of integers or doubles, {@code /} of doubles (of integers by a literal
 * other than zero), unary minus, {@code ABS}, {@code FLOOR}, {@code CEIL}, widening CASTs
 * and literals over numeric columns (bytes as unsigned SMALLINT, timespans typed as BIGINT as
 * their nanoseconds); and, as a whole operand, a column of a type Calcite only compares
 * ({@link #read}). Shared by the aggregate translator (arguments) and the predicate translator
 * (comparisons of two expressions).
 */
final class ExprTranslator {
  private final KdbCalciteTable table;
  private final IntUnaryOperator fieldOf;

  /** Creates a translator for a scan whose input field {@code i} is table field fieldOf(i). */
  ExprTranslator(KdbCalciteTable table, IntUnaryOperator fieldOf) {
    this.table = table;
    this.fieldOf = fieldOf;
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
