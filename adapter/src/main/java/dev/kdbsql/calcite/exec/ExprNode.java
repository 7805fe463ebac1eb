package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.column.EnumColumn;

/**
 * A node of an {@link ExprEvaluator}'s tree, writing the values of a block of rows into its own
 * {@link ExprEvaluator.Vector}: a column read ({@link ColumnNodes}), an arithmetic operator
 * ({@link ArithmeticNodes}) or a CASE ({@link CaseNode}). A node shared by several parents (a
 * common subexpression) evaluates each block once. Not thread-safe.
 */
abstract class ExprNode {
  final Kind kind;
  final ExprEvaluator.Vector out;

  ExprNode(Kind kind) {
    this.kind = kind;
    this.out = new ExprEvaluator.Vector(kind);
  }

  /** The block last evaluated: its first row (-1 for none), length and whether gathered. */
  private long doneFrom = -1;
  private int doneLength;
  private boolean doneGathered;

  /** {@link #eval}, unless this node (shared by several parents) has just done that block. */
  final void run(long from, int length, int[] gather) {
    if (from == doneFrom && length == doneLength && (gather != null) == doneGathered) {
      return;
    }
    eval(from, length, gather);
    doneFrom = from;
    doneLength = length;
    doneGathered = gather != null;
  }

  /**
   * Evaluates rows {@code [from, from + length)}, or, when {@code gather} is not null, rows
   * {@code from + gather[j]} for {@code j < length}, into {@code out[0..length)}.
   */
  abstract void eval(long from, int length, int[] gather);

  /** Sets {@code out}'s null mask to the union of the operands' masks. */
  void nullsOf(ExprEvaluator.Vector a, ExprEvaluator.Vector b, int length) {
    out.anyNull = a.anyNull || (b != null && b.anyNull);
    if (!out.anyNull) {
      return;
    }
    for (int i = 0; i < length; i++) {
      out.nulls[i] = (a.anyNull && a.nulls[i]) || (b != null && b.anyNull && b.nulls[i]);
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as raw longs. */
  static void readLongs(Column c, long from, int length, int[] gather, long[] dst) {
    if (gather == null) {
      c.getLongs(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        c.getLongs(from + gather[j], dst, j, 1);
      }
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as doubles. */
  static void readDoubles(Column c, long from, int length, int[] gather, double[] dst) {
    if (gather == null) {
      c.getDoubles(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        c.getDoubles(from + gather[j], dst, j, 1);
      }
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as raw bytes. */
  static void readBytes(Column c, long from, int length, int[] gather, byte[] dst) {
    if (gather == null) {
      c.getBytes(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        dst[j] = c.getByte(from + gather[j]);
      }
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as enumeration indices. */
  static void readIndices(EnumColumn c, long from, int length, int[] gather, int[] dst) {
    if (gather == null) {
      c.indices(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        c.indices(from + gather[j], dst, j, 1);
      }
    }
  }

  /** The row of position {@code i}: dense from {@code from}, or gathered. */
  static long row(long from, int i, int[] gather) {
    return gather == null ? from + i : from + gather[i];
  }
}
