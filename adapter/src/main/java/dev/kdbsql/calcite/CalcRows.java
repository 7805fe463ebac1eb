package dev.kdbsql.calcite;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A Calc's projections over the few rows of an aggregating scan, evaluated without generating
 * code: what Calcite leaves above a scan that answers an aggregate whole, such as {@code AVG}'s
 * {@code CASE WHEN count = 0 THEN NULL ELSE sum / count END}. Only expressions whose Java
 * semantics are plain are taken, each computed as Calcite's generated code computes it: DOUBLE
 * arithmetic (operands widened to double as Java widens them), {@code + - *} of integers
 * (wrapping, unchecked as the generated code is), {@code POWER} (a variance's square root),
 * numeric comparisons, {@code CASE}, {@code IS [NOT] NULL}, casts of integers to DOUBLE or to a
 * wider integer, literals and input columns; {@link #of} declines anything else (a condition,
 * integer division, DECIMAL arithmetic, text), which then runs in generated code.
 */
final class CalcRows {
  private final Node[] projects;

  private CalcRows(Node[] projects) {
    this.projects = projects;
  }

  /** The evaluator of {@code program}'s projections, or null if one is not taken. */
  static CalcRows of(RexProgram program) {
    if (program.getCondition() != null) {
      return null;
    }
    List<Node> out = new ArrayList<>();
    for (RexLocalRef ref : program.getProjectList()) {
      Node n = node(program.expandLocalRef(ref));
      if (n == null) {
        return null;
      }
      out.add(n);
    }
    return new CalcRows(out.toArray(new Node[0]));
  }

  /** The output row for input row {@code in}. */
  Object[] apply(Object[] in) {
    Object[] out = new Object[projects.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = projects[i].eval(in);
    }
    return out;
  }

  /** One expression, evaluated over an input row. */
  private interface Node {
    Object eval(Object[] row);
  }

  private static Node node(RexNode e) {
    RelDataType type = e.getType();
    SqlTypeName t = type.getSqlTypeName();
    if (e instanceof RexInputRef ref) {
      int i = ref.getIndex();
      return row -> row[i];
    }
    if (e instanceof RexLiteral l) {
      return literal(l, t);
    }
    if (!(e instanceof RexCall call)) {
      return null;
    }
    if (call.getOperator() == SqlStdOperatorTable.POWER) {
      return power(call, t);
    }
    List<Node> args = new ArrayList<>();
    for (RexNode o : call.getOperands()) {
      Node n = node(o);
      if (n == null) {
        return null;
      }
      args.add(n);
    }
    switch (call.getKind()) {
      case PLUS, MINUS, TIMES -> {
        if ((t == SqlTypeName.BIGINT || t == SqlTypeName.INTEGER)
            && call.getOperands().stream().allMatch(CalcRows::integral)) {
          return integerArithmetic(call.getKind(), t, args.get(0), args.get(1));
        }
        return doubleArithmetic(call, t, args);
      }
      case DIVIDE -> {
        return doubleArithmetic(call, t, args);
      }

      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        if (!call.getOperands().stream().allMatch(CalcRows::numeric)) {
          return null;
        }
        boolean integral = call.getOperands().stream().allMatch(CalcRows::integral);
        Node a = args.get(0);
        Node b = args.get(1);
        SqlKind kind = call.getKind();
        return row -> {
          Object x = a.eval(row);
          Object y = b.eval(row);
          if (x == null || y == null) {
            return null;
          }
          int c;
          if (integral) {
            c = Long.compare(((Number) x).longValue(), ((Number) y).longValue());
          } else {
            // Java's primitive comparisons, as generated code makes them (NaN is unordered).
            double u = ((Number) x).doubleValue();
            double v = ((Number) y).doubleValue();
            if (Double.isNaN(u) || Double.isNaN(v)) {
              return kind == SqlKind.NOT_EQUALS;
            }
            c = u < v ? -1 : u > v ? 1 : 0;
          }
          return holds(kind, c);
        };
      }
      case IS_NULL, IS_NOT_NULL -> {
        Node a = args.get(0);
        boolean isNull = call.getKind() == SqlKind.IS_NULL;
        return row -> (a.eval(row) == null) == isNull;
      }
      case CASE -> {
        Node[] parts = args.toArray(new Node[0]);
        List<RexNode> operands = call.getOperands();
        for (int i = 0; i < operands.size(); i++) {
          // Each value (odd positions, and the ELSE last) as the CASE's own type holds it: of
          // that type, or an integer widened to it as generated code widens it.
          boolean value = i % 2 == 1 || i == operands.size() - 1;
          if (value && operands.get(i).getType().getSqlTypeName() != t) {
            parts[i] = widened(parts[i], operands.get(i), t);
            if (parts[i] == null) {
              return null;
            }
          }
        }
        if (parts.length % 2 == 0) {
          return null;
        }
        return row -> {
          for (int i = 0; i + 1 < parts.length; i += 2) {
            if (Boolean.TRUE.equals(parts[i].eval(row))) {
              return parts[i + 1].eval(row);
            }
          }
          return parts[parts.length - 1].eval(row);
        };
      }
      case CAST -> {
        RexNode from = call.getOperands().get(0);
        if (!integral(from)) {
          return null;
        }
        Node a = args.get(0);
        return switch (t) {
          case DOUBLE -> row -> {
            Object x = a.eval(row);
            return x == null ? null : (Object) ((Number) x).doubleValue();
          };
          case BIGINT -> row -> {
            Object x = a.eval(row);
            return x == null ? null : (Object) ((Number) x).longValue();
          };
          default -> null;
        };
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * {@code + - * /} of numbers computed in DOUBLE (operands widened to double as Java widens
   * them); null unless the result is a DOUBLE of numeric operands.
   */
  private static Node doubleArithmetic(RexCall call, SqlTypeName t, List<Node> args) {
    if (t != SqlTypeName.DOUBLE || !call.getOperands().stream().allMatch(CalcRows::numeric)) {
      return null;
    }
    Node a = args.get(0);
    Node b = args.get(1);
    SqlKind op = call.getKind();
    return row -> {
      Object x = a.eval(row);
      Object y = b.eval(row);
      if (x == null || y == null) {
        return null;
      }
      double u = ((Number) x).doubleValue();
      double v = ((Number) y).doubleValue();
      return switch (op) {
        case PLUS -> u + v;
        case MINUS -> u - v;
        case TIMES -> u * v;
        default -> u / v;
      };
    };
  }

  /**
   * {@code + - *} of integers into a BIGINT or an INTEGER, wrapping as Java's long or int
   * arithmetic does (Calcite's generated code is unchecked), such as the {@code count - 1} of a
   * sample variance.
   */
  private static Node integerArithmetic(SqlKind op, SqlTypeName t, Node a, Node b) {
    boolean ints = t == SqlTypeName.INTEGER;
    return row -> {
      Object x = a.eval(row);
      Object y = b.eval(row);
      if (x == null || y == null) {
        return null;
      }
      long u = ((Number) x).longValue();
      long v = ((Number) y).longValue();
      long r = switch (op) {
        case PLUS -> u + v;
        case MINUS -> u - v;
        default -> u * v;
      };
      return ints ? (Object) (int) r : (Object) r;
    };
  }

  /** A value of integer expression {@code e} widened to {@code t} (DOUBLE or BIGINT), or null. */
  private static Node widened(Node n, RexNode e, SqlTypeName t) {
    if (!integral(e) || t != SqlTypeName.DOUBLE && t != SqlTypeName.BIGINT) {
      return null;
    }
    return row -> {
      Object x = n.eval(row);
      return x == null ? null : t == SqlTypeName.DOUBLE ? (Object) ((Number) x).doubleValue()
          : (Object) ((Number) x).longValue();
    };
  }

  /**
   * {@code POWER(x, y)} of numbers, or of a number and a DECIMAL literal (the 0.5 of a standard
   * deviation): Calcite's {@code SqlFunctions.power}, Math.pow of the two as doubles.
   */
  private static Node power(RexCall call, SqlTypeName t) {
    RexNode base = call.getOperands().get(0);
    RexNode exponent = call.getOperands().get(1);
    Node a = numeric(base) ? node(base) : null;
    Node b;
    if (exponent instanceof RexLiteral l && l.getType().getSqlTypeName() == SqlTypeName.DECIMAL) {
      BigDecimal v = l.getValueAs(BigDecimal.class);
      double d = v == null ? 0 : v.doubleValue();
      b = v == null ? null : row -> d;
    } else {
      b = numeric(exponent) ? node(exponent) : null;
    }
    if (t != SqlTypeName.DOUBLE || a == null || b == null) {
      return null;
    }
    return row -> {
      Object x = a.eval(row);
      Object y = b.eval(row);
      return x == null || y == null ? null
          : (Object) Math.pow(((Number) x).doubleValue(), ((Number) y).doubleValue());
    };
  }

  /**
   * Whether comparison {@code op} (=, <>, <, <=, >, >=) holds of two values that compare as
   * {@code c} ({@code compareTo}'s sign).
   */
  static boolean holds(SqlKind op, int c) {
    return switch (op) {
      case EQUALS -> c == 0;
      case NOT_EQUALS -> c != 0;
      case LESS_THAN -> c < 0;
      case LESS_THAN_OR_EQUAL -> c <= 0;
      case GREATER_THAN -> c > 0;
      default -> c >= 0;
    };
  }

  /** A literal as Calcite's rows hold values of its type; null for types not taken. */
  private static Node literal(RexLiteral l, SqlTypeName t) {
    if (t != SqlTypeName.DOUBLE && t != SqlTypeName.BIGINT && t != SqlTypeName.INTEGER) {
      return null;
    }
    if (l.getValue() == null) {
      return row -> null;
    }
    BigDecimal v = l.getValueAs(BigDecimal.class);
    if (v == null) {
      return null;
    }
    Object value = switch (t) {
      case DOUBLE -> v.doubleValue();
      case BIGINT -> v.longValue();
      case INTEGER -> v.intValue();
      default -> null;
    };
    return value == null ? null : row -> value;
  }

  private static boolean numeric(RexNode e) {
    SqlTypeName t = e.getType().getSqlTypeName();
    return integral(e) || t == SqlTypeName.DOUBLE;
  }

  private static boolean integral(RexNode e) {
    SqlTypeName t = e.getType().getSqlTypeName();
    return t == SqlTypeName.TINYINT || t == SqlTypeName.SMALLINT || t == SqlTypeName.INTEGER
        || t == SqlTypeName.BIGINT;
  }
}
