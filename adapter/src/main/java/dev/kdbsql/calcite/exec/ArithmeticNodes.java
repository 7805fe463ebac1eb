package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Expr;
import java.util.Arrays;

/**
 * The {@link ExprNode}s of literals and arithmetic: each operator one primitive loop over the
 * block, integer results wrapped to their kind's width as Java's (and so Calcite's) arithmetic
 * wraps them.
 */
final class ArithmeticNodes {
  private ArithmeticNodes() {
  }

  /** A literal, filled into the whole block once. */
  static final class Literal extends ExprNode {
    Literal(Expr.Literal l) {
      super(l.kind());
      if (kind.integral()) {
        Arrays.fill(out.longs, l.longValue());
      } else {
        Arrays.fill(out.doubles, l.doubleValue());
      }
    }

    @Override
    void eval(long from, int length, int[] gather) {
      // Constant.
    }
  }

  /** A NULL of a kind (a CASE's branch): every row NULL, set once. */
  static final class Null extends ExprNode {
    Null(Kind kind) {
      super(kind);
      Arrays.fill(out.nulls, true);
      out.anyNull = true;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      // Constant.
    }
  }

  /** {@code + - * /} of two operands already of this node's kind. */
  static final class Binary extends ExprNode {
    private final Expr.Op op;
    private final ExprNode left;
    private final ExprNode right;

    Binary(Expr.Op op, ExprNode left, ExprNode right, Kind kind) {
      super(kind);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      left.run(from, length, gather);
      right.run(from, length, gather);
      nullsOf(left.out, right.out, length);
      if (kind.integral()) {
        long[] a = left.out.longs;
        long[] b = right.out.longs;
        long[] r = out.longs;
        switch (op) {
          case PLUS -> {
            for (int i = 0; i < length; i++) {
              r[i] = a[i] + b[i];
            }
          }
          case MINUS -> {
            for (int i = 0; i < length; i++) {
              r[i] = a[i] - b[i];
            }
          }
          case TIMES -> {
            for (int i = 0; i < length; i++) {
              r[i] = a[i] * b[i];
            }
          }
          // By a literal other than zero only (ExprTranslator): Java's division, as Calcite's.
          case DIVIDE -> {
            for (int i = 0; i < length; i++) {
              r[i] = a[i] / b[i];
            }
          }
        }
        if (kind != Kind.LONG) {
          for (int i = 0; i < length; i++) {
            r[i] = kind.wrap(r[i]);
          }
        }
        return;
      }
      double[] a = left.out.doubles;
      double[] b = right.out.doubles;
      double[] r = out.doubles;
      switch (op) {
        case PLUS -> {
          for (int i = 0; i < length; i++) {
            r[i] = a[i] + b[i];
          }
        }
        case MINUS -> {
          for (int i = 0; i < length; i++) {
            r[i] = a[i] - b[i];
          }
        }
        case TIMES -> {
          for (int i = 0; i < length; i++) {
            r[i] = a[i] * b[i];
          }
        }
        case DIVIDE -> {
          for (int i = 0; i < length; i++) {
            r[i] = a[i] / b[i];
          }
        }
      }
    }
  }

  /** Unary minus. */
  static final class Negate extends ExprNode {
    private final ExprNode operand;

    Negate(ExprNode operand, Kind kind) {
      super(kind);
      this.operand = operand;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.run(from, length, gather);
      nullsOf(operand.out, null, length);
      if (kind.integral()) {
        for (int i = 0; i < length; i++) {
          out.longs[i] = kind.wrap(-operand.out.longs[i]);
        }
      } else {
        for (int i = 0; i < length; i++) {
          out.doubles[i] = -operand.out.doubles[i];
        }
      }
    }
  }

  /** {@code FLOOR} or {@code CEIL} of doubles. */
  static final class Floor extends ExprNode {
    private final ExprNode operand;
    private final boolean ceil;

    Floor(ExprNode operand, boolean ceil, Kind kind) {
      super(kind);
      this.operand = operand;
      this.ceil = ceil;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.run(from, length, gather);
      nullsOf(operand.out, null, length);
      double[] in = operand.out.doubles;
      for (int i = 0; i < length; i++) {
        out.doubles[i] = ceil ? Math.ceil(in[i]) : Math.floor(in[i]);
      }
    }
  }

  /** {@code ABS}: {@code Math.abs}, wrapped to the kind (an integer's smallest value stays). */
  static final class Abs extends ExprNode {
    private final ExprNode operand;

    Abs(ExprNode operand, Kind kind) {
      super(kind);
      this.operand = operand;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.run(from, length, gather);
      nullsOf(operand.out, null, length);
      if (kind.integral()) {
        for (int i = 0; i < length; i++) {
          out.longs[i] = kind.wrap(Math.abs(operand.out.longs[i]));
        }
      } else {
        for (int i = 0; i < length; i++) {
          out.doubles[i] = Math.abs(operand.out.doubles[i]);
        }
      }
    }
  }

  /** A widening conversion: integral to a wider integral kind, or to DOUBLE. */
  static final class Cast extends ExprNode {
    private final ExprNode operand;

    Cast(ExprNode operand, Kind kind) {
      super(kind);
      this.operand = operand;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.run(from, length, gather);
      nullsOf(operand.out, null, length);
      ExprEvaluator.Vector in = operand.out;
      if (kind.integral()) {
        System.arraycopy(in.longs, 0, out.longs, 0, length);
      } else if (operand.kind.integral()) {
        for (int i = 0; i < length; i++) {
          out.doubles[i] = in.longs[i];
        }
      } else {
        System.arraycopy(in.doubles, 0, out.doubles, 0, length);
      }
    }
  }
}
