package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Condition;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code CASE WHEN ... THEN ... ELSE ... END} ({@link Expr.Case}): the ELSE branch's block, then
 * each branch's values copied over the rows whose condition is TRUE, the last branch first, so
 * the first TRUE branch wins. Every branch is computed for the whole block; none can fail on a
 * value (integer division is by a literal other than zero only). Conditions evaluate to two
 * masks, TRUE and FALSE, UNKNOWN being neither (SQL's three-valued logic, as Calcite's code
 * evaluates it).
 */
final class CaseNode extends ExprNode {
  private final Test[] whens;
  private final ExprNode[] thens;
  private final ExprNode otherwise;

  /**
   * Creates the node over {@code slice}, whose column c is field c + offset; {@code node} gives
   * the node of an operand expression.
   */
  CaseNode(List<Condition> whens, ExprNode[] thens, ExprNode otherwise, Kind kind,
      Function<Expr, ExprNode> node, TableSlice slice, int offset) {
    super(kind);
    this.whens = whens.stream().map(c -> test(c, node, slice, offset)).toArray(Test[]::new);
    this.thens = thens;
    this.otherwise = otherwise;
  }

  @Override
  void eval(long from, int length, int[] gather) {
    otherwise.run(from, length, gather);
    copy(otherwise.out, out, length);
    for (int b = whens.length - 1; b >= 0; b--) {
      Test when = whens[b];
      when.eval(from, length, gather);
      ExprNode then = thens[b];
      then.run(from, length, gather);
      ExprEvaluator.Vector v = then.out;
      // Selects without branches: which branch a row takes varies from row to row.
      boolean[] t = when.isTrue;
      if (kind.integral()) {
        long[] o = out.longs;
        long[] x = v.longs;
        for (int i = 0; i < length; i++) {
          o[i] = t[i] ? x[i] : o[i];
        }
      } else {
        double[] o = out.doubles;
        double[] x = v.doubles;
        for (int i = 0; i < length; i++) {
          o[i] = t[i] ? x[i] : o[i];
        }
      }
      boolean[] n = out.nulls;
      if (v.anyNull) {
        for (int i = 0; i < length; i++) {
          n[i] = t[i] ? v.nulls[i] : n[i];
        }
      } else {
        for (int i = 0; i < length; i++) {
          n[i] &= !t[i];
        }
      }
    }
    boolean any = false;
    for (int i = 0; i < length; i++) {
      any |= out.nulls[i];
    }
    out.anyNull = any;
  }

  /** {@code from}'s values and null mask (cleared where it has none) into {@code to}. */
  private static void copy(ExprEvaluator.Vector from, ExprEvaluator.Vector to, int length) {
    if (to.longs != null) {
      System.arraycopy(from.longs, 0, to.longs, 0, length);
    } else {
      System.arraycopy(from.doubles, 0, to.doubles, 0, length);
    }
    if (from.anyNull) {
      System.arraycopy(from.nulls, 0, to.nulls, 0, length);
    } else {
      Arrays.fill(to.nulls, 0, length, false);
    }
  }

  private static Test test(Condition c, Function<Expr, ExprNode> node, TableSlice slice,
      int offset) {
    if (c instanceof Condition.Compare p) {
      return new CompareTest(node.apply(p.left()), p.op(), node.apply(p.right()));
    }
    if (c instanceof Condition.IsNull n) {
      return new NullTest(node.apply(n.operand()), n.negated());
    }
    if (c instanceof Condition.Text x) {
      return new TextTest(slice.column(x.field() - offset), x.truth());
    }
    if (c instanceof Condition.Not n) {
      return new NotTest(test(n.operand(), node, slice, offset));
    }
    Condition.Junction j = (Condition.Junction) c;
    return new JunctionTest(j.and(),
        j.operands().stream().map(o -> test(o, node, slice, offset)).toArray(Test[]::new));
  }

  /** A condition over a block: its TRUE and FALSE rows. */
  private abstract static class Test {
    final boolean[] isTrue = new boolean[Blocks.ROWS];
    final boolean[] isFalse = new boolean[Blocks.ROWS];

    abstract void eval(long from, int length, int[] gather);
  }

  /**
   * A comparison: UNKNOWN where a side is NULL; compared as a filter compares two expressions
   * ({@link ExprComparison#compare}).
   */
  private static final class CompareTest extends Test {
    private final ExprNode left;
    private final ExprNode right;
    private final Predicate.Op op;
    private final double[] leftDoubles = new double[Blocks.ROWS];
    private final double[] rightDoubles = new double[Blocks.ROWS];

    CompareTest(ExprNode left, Predicate.Op op, ExprNode right) {
      this.left = left;
      this.right = right;
      this.op = op;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      left.run(from, length, gather);
      right.run(from, length, gather);
      ExprComparison.compare(op, left.out, right.out, length, leftDoubles, rightDoubles, isTrue,
          isFalse);
    }
  }

  /**
   * A condition of one symbol or char column: its truth asked once per symbol of the domain
   * (shared with the other tasks over it) or once per char, then looked up per row by the row's
   * index or byte; per row for a column of symbols not enumerated.
   */
  private static final class TextTest extends Test {
    private final Column column;
    private final Condition.Truth truth;
    private final int[] indices;
    private final byte[] known;
    private final byte[] chars;
    /** The truth of the null symbol (an index below 0 or the empty name), 0 until known. */
    private byte nullTruth;

    TextTest(Column column, Condition.Truth truth) {
      this.column = column;
      this.truth = truth;
      if (column instanceof EnumColumn e) {
        indices = new int[Blocks.ROWS];
        known = truth.known(e.domain(), e.domain().size());
        chars = null;
      } else if (column.type().element() == KdbType.CHAR) {
        indices = null;
        known = new byte[256];
        chars = new byte[Blocks.ROWS];
      } else {
        indices = null;
        known = null;
        chars = null;
      }
    }

    @Override
    void eval(long from, int length, int[] gather) {
      if (chars != null) {
        ExprNode.readBytes(column, from, length, gather, chars);
        for (int i = 0; i < length; i++) {
          int b = chars[i] & 0xff;
          byte t = known[b];
          if (t == 0) {
            // As Calcite's rows hold a char (CalciteValues): the blank is NULL.
            t = code(truth.of(chars[i] == Nulls.CHAR_NULL ? null : String.valueOf((char) b)));
            known[b] = t;
          }
          set(i, t);
        }
        return;
      }
      if (indices == null) {
        for (int i = 0; i < length; i++) {
          String s = column.getSymbol(ExprNode.row(from, i, gather));
          set(i, code(truth.of(s.isEmpty() ? null : s)));
        }
        return;
      }
      EnumColumn e = (EnumColumn) column;
      ExprNode.readIndices(e, from, length, gather, indices);
      for (int i = 0; i < length; i++) {
        int x = indices[i];
        byte t = x < 0 ? nullTruth : known[x];
        if (t == 0) {
          String s = x < 0 ? "" : e.domain().symbol(x);
          t = code(truth.of(s.isEmpty() ? null : s));
          if (x < 0) {
            nullTruth = t;
          } else {
            known[x] = t;
          }
        }
        set(i, t);
      }
    }

    private void set(int i, byte t) {
      isTrue[i] = t == 1;
      isFalse[i] = t == 2;
    }

    /** 1 for TRUE, 2 for FALSE, 3 for UNKNOWN, as {@link Condition.Truth#known} codes them. */
    private static byte code(Boolean b) {
      return b == null ? 3 : b ? (byte) 1 : 2;
    }
  }

  /** {@code IS [NOT] NULL}: never UNKNOWN. */
  private static final class NullTest extends Test {
    private final ExprNode operand;
    private final boolean negated;

    NullTest(ExprNode operand, boolean negated) {
      this.operand = operand;
      this.negated = negated;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.run(from, length, gather);
      ExprEvaluator.Vector v = operand.out;
      for (int i = 0; i < length; i++) {
        boolean t = (v.anyNull && v.nulls[i]) != negated;
        isTrue[i] = t;
        isFalse[i] = !t;
      }
    }
  }

  /** {@code NOT}: TRUE and FALSE swapped. */
  private static final class NotTest extends Test {
    private final Test operand;

    NotTest(Test operand) {
      this.operand = operand;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.eval(from, length, gather);
      System.arraycopy(operand.isFalse, 0, isTrue, 0, length);
      System.arraycopy(operand.isTrue, 0, isFalse, 0, length);
    }
  }

  /** {@code AND} (FALSE if any is FALSE, TRUE if all are TRUE) or its dual {@code OR}. */
  private static final class JunctionTest extends Test {
    private final boolean and;
    private final Test[] operands;

    JunctionTest(boolean and, Test[] operands) {
      this.and = and;
      this.operands = operands;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      // AND: all TRUE is TRUE, any FALSE is FALSE; OR with the roles of the masks swapped.
      boolean[] all = and ? isTrue : isFalse;
      boolean[] any = and ? isFalse : isTrue;
      Arrays.fill(all, 0, length, true);
      Arrays.fill(any, 0, length, false);
      for (Test o : operands) {
        o.eval(from, length, gather);
        boolean[] oAll = and ? o.isTrue : o.isFalse;
        boolean[] oAny = and ? o.isFalse : o.isTrue;
        for (int i = 0; i < length; i++) {
          all[i] &= oAll[i];
          any[i] |= oAny[i];
        }
      }
    }
  }
}
