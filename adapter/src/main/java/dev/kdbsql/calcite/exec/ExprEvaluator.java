package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.Arrays;
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
  /** Rows per block: big enough to amortize the per-block calls, small enough for the L1/L2. */

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
    private final Map<Expr, Node> nodes = new HashMap<>();
  }

  private final Node root;

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
  private static Node node(Expr e, TableSlice slice, int offset,
      IntFunction<ValueReader> readers, Map<Expr, Node> nodes) {
    Node n = nodes.get(e);
    if (n == null) {
      n = newNode(e, slice, offset, readers, nodes);
      nodes.put(e, n);
    }
    return n;
  }

  private static Node newNode(Expr e, TableSlice slice, int offset,
      IntFunction<ValueReader> readers, Map<Expr, Node> nodes) {
    if (e instanceof Expr.Field f) {
      Column c = slice.column(f.field() - offset);
      return f.kind() == null ? new NullTestNode(c, f.type(), readers.apply(f.field()))
          : new FieldNode(c, f.type(), f.kind());
    }
    if (e instanceof Expr.Read r) {
      return new ReadNode(slice.column(r.field() - offset), r.type(), r.kind());
    }
    if (e instanceof Expr.Literal l) {
      return new LiteralNode(l);
    }
    if (e instanceof Expr.Binary b) {
      return new BinaryNode(b.op(), node(b.left(), slice, offset, readers, nodes),
          node(b.right(), slice, offset, readers, nodes), b.kind());
    }
    if (e instanceof Expr.Floor f) {
      return new FloorNode(node(f.operand(), slice, offset, readers, nodes), f.ceil(), f.kind());
    }
    if (e instanceof Expr.Abs a) {
      return new AbsNode(node(a.operand(), slice, offset, readers, nodes), a.kind());
    }
    if (e instanceof Expr.Negate n) {
      return new NegateNode(node(n.operand(), slice, offset, readers, nodes), n.kind());
    }
    Expr.Cast c = (Expr.Cast) e;
    if (c.kind().integral() && c.operand() instanceof Expr.Field f && f.kind() != null
        && f.kind().integral()) {
      // A widened integer column reads as the same longs: read it at the wider kind, no copy.
      return new FieldNode(slice.column(f.field() - offset), f.type(), c.kind());
    }
    return new CastNode(node(c.operand(), slice, offset, readers, nodes), c.kind());
  }

  /** A node of the evaluation tree, writing its block into its own vector. */
  private abstract static class Node {
    final Kind kind;
    final Vector out;

    Node(Kind kind) {
      this.kind = kind;
      this.out = new Vector(kind);
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
    void nullsOf(Vector a, Vector b, int length) {
      out.anyNull = a.anyNull || (b != null && b.anyNull);
      if (!out.anyNull) {
        return;
      }
      for (int i = 0; i < length; i++) {
        out.nulls[i] = (a.anyNull && a.nulls[i]) || (b != null && b.anyNull && b.nulls[i]);
      }
    }
  }

  /**
   * A stored column; its null sentinel (or NaN) becomes the null mask. A byte column (SMALLINT in
   * SQL) is read unsigned and has no null, as its reader says.
   */
  private static final class FieldNode extends Node {
    private final Column column;
    private final long nullValue;
    private final byte[] bytes;

    FieldNode(Column column, KdbType type, Kind kind) {
      super(kind);
      this.column = column;
      this.nullValue = type == KdbType.SHORT ? Nulls.SHORT_NULL
          : type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
      this.bytes = type == KdbType.BYTE ? new byte[Blocks.ROWS] : null;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      boolean any = false;
      if (bytes != null) {
        readBytes(column, from, length, gather, bytes);
        long[] v = out.longs;
        for (int i = 0; i < length; i++) {
          v[i] = bytes[i] & 0xff;
        }
      } else if (kind.integral()) {
        long[] v = out.longs;
        readLongs(column, from, length, gather, v);
        // Most blocks have no null: look first, and write the mask only for those that do.
        for (int i = 0; i < length && !any; i++) {
          any = v[i] == nullValue;
        }
        if (any) {
          for (int i = 0; i < length; i++) {
            out.nulls[i] = v[i] == nullValue;
          }
        }
      } else {
        double[] v = out.doubles;
        readDoubles(column, from, length, gather, v);
        for (int i = 0; i < length && !any; i++) {
          any = Double.isNaN(v[i]);
        }
        if (any) {
          for (int i = 0; i < length; i++) {
            out.nulls[i] = Double.isNaN(v[i]);
          }
        }
      }
      out.anyNull = any;
    }
  }

  /**
   * A column of a type Calcite only compares ({@link Expr.Read}): the raw values of the block,
   * then one primitive loop for the column's type turning them into Calcite's values (or, for
   * timestamps, keeping the raw nanoseconds) and the reader's NULLs into the mask.
   */
  private static final class ReadNode extends Node {
    private final Column column;
    private final KdbType type;
    private final byte[] bytes;
    private final double[] doubles;

    ReadNode(Column column, KdbType type, Kind kind) {
      super(kind);
      this.column = column;
      this.type = type;
      this.bytes = type == KdbType.BOOLEAN || type == KdbType.CHAR ? new byte[Blocks.ROWS] : null;
      this.doubles = type == KdbType.DATETIME ? new double[Blocks.ROWS] : null;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      long[] v = out.longs;
      boolean[] nulls = out.nulls;
      boolean any = false;
      switch (type) {
        case BOOLEAN -> {
          readBytes(column, from, length, gather, bytes);
          for (int i = 0; i < length; i++) {
            v[i] = bytes[i] != 0 ? 1 : 0;
          }
        }
        case CHAR -> {
          readBytes(column, from, length, gather, bytes);
          for (int i = 0; i < length; i++) {
            boolean n = bytes[i] == Nulls.CHAR_NULL;
            v[i] = bytes[i] & 0xff;
            nulls[i] = n;
            any |= n;
          }
        }
        case REAL -> {
          readDoubles(column, from, length, gather, out.doubles);
          for (int i = 0; i < length; i++) {
            boolean n = Double.isNaN(out.doubles[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        case DATETIME -> {
          readDoubles(column, from, length, gather, doubles);
          for (int i = 0; i < length; i++) {
            boolean n = Double.isNaN(doubles[i]);
            v[i] = n ? 0 : CalciteValues.datetimeMillis(doubles[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        case TIMESTAMP -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] == Nulls.LONG_NULL;
            nulls[i] = n;
            any |= n;
          }
        }
        case DATE -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] == Nulls.INT_NULL;
            v[i] = CalciteValues.epochDay((int) v[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        case MONTH -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] == Nulls.INT_NULL;
            v[i] = CalciteValues.monthEpochDay((int) v[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        // Times of day: -1 (outside one day) is NULL like the sentinel.
        case TIME -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            long m = v[i] == Nulls.INT_NULL ? -1 : CalciteValues.millisOfDay(v[i]);
            v[i] = m;
            nulls[i] = m < 0;
            any |= m < 0;
          }
        }
        case MINUTE -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            long m = v[i] == Nulls.INT_NULL ? -1 : CalciteValues.minuteOfDay(v[i]);
            v[i] = m;
            nulls[i] = m < 0;
            any |= m < 0;
          }
        }
        case SECOND -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            long m = v[i] == Nulls.INT_NULL ? -1 : CalciteValues.secondOfDay(v[i]);
            v[i] = m;
            nulls[i] = m < 0;
            any |= m < 0;
          }
        }
        // Exact timespans: the raw nanoseconds, NULL outside one day.
        case TIMESPAN -> {
          readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] < 0 || v[i] >= Temporals.NANOS_PER_DAY;
            nulls[i] = n;
            any |= n;
          }
        }
        default -> throw new IllegalStateException("not read for comparison: " + type);
      }
      out.anyNull = any;
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as raw longs. */
  private static void readLongs(Column c, long from, int length, int[] gather, long[] dst) {
    if (gather == null) {
      c.getLongs(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        c.getLongs(from + gather[j], dst, j, 1);
      }
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as doubles. */
  private static void readDoubles(Column c, long from, int length, int[] gather, double[] dst) {
    if (gather == null) {
      c.getDoubles(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        c.getDoubles(from + gather[j], dst, j, 1);
      }
    }
  }

  /** Rows {@code [from, from + length)}, or {@code from + gather[j]}, as raw bytes. */
  private static void readBytes(Column c, long from, int length, int[] gather, byte[] dst) {
    if (gather == null) {
      c.getBytes(from, dst, 0, length);
    } else {
      for (int j = 0; j < length; j++) {
        dst[j] = c.getByte(from + gather[j]);
      }
    }
  }

  /**
   * The null test of any column, for COUNT: primitive for the types whose only null is a
   * sentinel, NaN or the empty symbol; through the column's reader (exactly the rows' NULLs, such
   * as times outside one day) for the others.
   */
  private static final class NullTestNode extends Node {
    private final Column column;
    private final KdbType type;
    private final ValueReader reader;
    private final long[] longs;
    private final int[] indices;

    NullTestNode(Column column, KdbType type, ValueReader reader) {
      super(null);
      this.column = column;
      this.type = type;
      this.reader = reader;
      this.indices = column instanceof EnumColumn ? new int[Blocks.ROWS] : null;
      this.longs = type == null ? null : switch (type) {
        case SHORT, INT, LONG, MONTH, DATE, TIMESTAMP -> new long[Blocks.ROWS];
        default -> null;
      };
    }

    @Override
    void eval(long from, int length, int[] gather) {
      boolean[] nulls = out.nulls;
      if (type == KdbType.BOOLEAN || type == KdbType.BYTE) {
        Arrays.fill(nulls, 0, length, false);
      } else if (longs != null) {
        long nullValue = type == KdbType.SHORT ? Nulls.SHORT_NULL
            : type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
        if (gather == null) {
          column.getLongs(from, longs, 0, length);
        } else {
          for (int j = 0; j < length; j++) {
            column.getLongs(from + gather[j], longs, j, 1);
          }
        }
        for (int i = 0; i < length; i++) {
          nulls[i] = longs[i] == nullValue;
        }
      } else if (type == KdbType.CHAR) {
        for (int i = 0; i < length; i++) {
          nulls[i] = column.getByte(row(from, i, gather)) == Nulls.CHAR_NULL;
        }
      } else if (column instanceof EnumColumn e) {
        if (gather == null) {
          e.indices(from, indices, 0, length);
        } else {
          for (int j = 0; j < length; j++) {
            e.indices(from + gather[j], indices, j, 1);
          }
        }
        for (int i = 0; i < length; i++) {
          nulls[i] = indices[i] < 0 || e.domain().symbol(indices[i]).isEmpty();
        }
      } else {
        for (int i = 0; i < length; i++) {
          nulls[i] = reader.read(column, row(from, i, gather)) == null;
        }
      }
      boolean any = false;
      for (int i = 0; i < length; i++) {
        any |= nulls[i];
      }
      out.anyNull = any;
    }
  }

  /** The row of position {@code i}: dense from {@code from}, or gathered. */
  private static long row(long from, int i, int[] gather) {
    return gather == null ? from + i : from + gather[i];
  }

  /** A literal, filled into the whole block once. */
  private static final class LiteralNode extends Node {
    LiteralNode(Expr.Literal l) {
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

  /** {@code + - * /} of two operands already of this node's kind. */
  private static final class BinaryNode extends Node {
    private final Expr.Op op;
    private final Node left;
    private final Node right;

    BinaryNode(Expr.Op op, Node left, Node right, Kind kind) {
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
  private static final class NegateNode extends Node {
    private final Node operand;

    NegateNode(Node operand, Kind kind) {
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
  private static final class FloorNode extends Node {
    private final Node operand;
    private final boolean ceil;

    FloorNode(Node operand, boolean ceil, Kind kind) {
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
  private static final class AbsNode extends Node {
    private final Node operand;

    AbsNode(Node operand, Kind kind) {
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
  private static final class CastNode extends Node {
    private final Node operand;

    CastNode(Node operand, Kind kind) {
      super(kind);
      this.operand = operand;
    }

    @Override
    void eval(long from, int length, int[] gather) {
      operand.run(from, length, gather);
      nullsOf(operand.out, null, length);
      Vector in = operand.out;
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
