package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.TableSlice;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Evaluates a {@link Expr} over one slice, a block of rows at a time, into a reused
 * {@link Vector}: columns come in through the bulk reads ({@link Column#getLongs},
 * {@link Column#getDoubles}), each operator is one primitive loop over the block, and nulls travel
 * as a separate mask (set where any operand was a kdb+ null), so a NaN or an overflow computed from
 * non-null values stays a value, as it does in Calcite. Integer results are wrapped to their kind's
 * width after each operation: Java's (and so Calcite's) int arithmetic.
 *
 * <p>One per expression per slice task; not thread-safe.
 */
final class ExprEvaluator {
  /**
   * A block of values of one kind: {@code longs} for integral kinds, {@code doubles} for DOUBLE,
   * and {@code nulls[i]} set for a NULL at position {@code i} (only meaningful when
   * {@code anyNull}).
   */
  static final class Vector {
    final long[] longs;
    final double[] doubles;
    final boolean[] nulls = new boolean[Blocks.ROWS];
    boolean anyNull;

    /** A vector of {@code kind}'s values, or of nulls only when {@code kind} is null. */
    Vector(Kind kind) {
      longs = kind != null && kind.integral() ? new long[Blocks.ROWS] : null;
      doubles = kind == Kind.DOUBLE ? new double[Blocks.ROWS] : null;
    }
  }

  /**
   * The nodes of the evaluators of one slice task, by expression: evaluators made with the same
   * {@code Shared} evaluate a common subexpression ({@code ask - bid} in both {@code SUM(ask -
   * bid)} and {@code SUM((ask - bid) * (ask - bid))}) and read a column once per block.
   */
  static final class Shared {
    private final Map<Expr, ExprNode> nodes = new HashMap<>();
  }

  private final ExprNode root;

  /**
   * Creates an evaluator of {@code expr} over {@code slice}, whose column c is field c + offset;
   * {@code readers} gives the reader of a table field, for the null test of a column that is
   * counted but has no numeric value ({@link Expr.Field} of kind null). Subexpressions are
   * evaluated once per block among the evaluators made with {@code shared}, which must all be
   * asked for the same blocks (the same {@code from}, length and gathering) in turn.
   */
  ExprEvaluator(Expr expr, TableSlice slice, int offset, IntFunction<ValueReader> readers,
      Shared shared) {
    this.root = node(expr, slice, offset, readers, shared.nodes);
  }

  /** The values of rows {@code [from, from + length)}, {@code length <= Blocks.ROWS}, at 0.. . */
  Vector evaluate(long from, int length) {
    root.run(from, length, null);
    return root.out;
  }

  /**
   * The values of the rows {@code from + positions[j]}, {@code j < n}, at {@code j}: for a block
   * where a filter selects few rows, whose other rows are then never read.
   */
  Vector gather(long from, int[] positions, int n) {
    root.run(from, n, positions);
    return root.out;
  }

  /** The node of {@code e}: the one already made for an equal expression, or a new one. */
  private static ExprNode node(Expr e, TableSlice slice, int offset,
      IntFunction<ValueReader> readers, Map<Expr, ExprNode> nodes) {
    ExprNode n = nodes.get(e);
    if (n == null) {
      n = newNode(e, slice, offset, readers, nodes);
      nodes.put(e, n);
    }
    return n;
  }

  private static ExprNode newNode(Expr e, TableSlice slice, int offset,
      IntFunction<ValueReader> readers, Map<Expr, ExprNode> nodes) {
    if (e instanceof Expr.Field f) {
      Column c = slice.column(f.field() - offset);
      return f.kind() == null ? new ColumnNodes.NullTest(c, f.type(), readers.apply(f.field()))
          : new ColumnNodes.Field(c, f.type(), f.kind());
    }
    if (e instanceof Expr.Read r) {
      return new ColumnNodes.Read(slice.column(r.field() - offset), r.type(), r.kind());
    }
    if (e instanceof Expr.Literal l) {
      return new ArithmeticNodes.Literal(l);
    }
    if (e instanceof Expr.Null n) {
      return new ArithmeticNodes.Null(n.kind());
    }
    if (e instanceof Expr.Binary b) {
      return new ArithmeticNodes.Binary(b.op(), node(b.left(), slice, offset, readers, nodes),
          node(b.right(), slice, offset, readers, nodes), b.kind());
    }
    if (e instanceof Expr.Floor f) {
      return new ArithmeticNodes.Floor(node(f.operand(), slice, offset, readers, nodes), f.ceil(),
          f.kind());
    }
    if (e instanceof Expr.Abs a) {
      return new ArithmeticNodes.Abs(node(a.operand(), slice, offset, readers, nodes), a.kind());
    }
    if (e instanceof Expr.Case k) {
      ExprNode[] thens = k.thens().stream()
          .map(t -> node(t, slice, offset, readers, nodes)).toArray(ExprNode[]::new);
      return new CaseNode(k.whens(), thens, node(k.otherwise(), slice, offset, readers, nodes),
          k.kind(),
          x -> node(x, slice, offset, readers, nodes), slice, offset);
    }
    if (e instanceof Expr.Negate n) {
      return new ArithmeticNodes.Negate(node(n.operand(), slice, offset, readers, nodes), n.kind());
    }
    Expr.Cast c = (Expr.Cast) e;
    if (c.kind().integral() && c.operand() instanceof Expr.Field f && f.kind() != null
        && f.kind().integral()) {
      // A widened integer column reads as the same longs: read it at the wider kind, no copy.
      return new ColumnNodes.Field(slice.column(f.field() - offset), f.type(), c.kind());
    }
    return new ArithmeticNodes.Cast(node(c.operand(), slice, offset, readers, nodes), c.kind());
  }
}
