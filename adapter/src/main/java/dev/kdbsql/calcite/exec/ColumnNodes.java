package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.Arrays;

/**
 * The {@link ExprNode}s that read a stored column: its values, Calcite's view of them, or its
 * NULLs.
 */
final class ColumnNodes {
  private ColumnNodes() {
  }

  /**
   * A stored column; its null sentinel (or NaN) becomes the null mask. A byte column (SMALLINT in
   * SQL) is read unsigned and has no null, as its reader says.
   */
  static final class Field extends ExprNode {
    private final Column column;
    private final long nullValue;
    private final byte[] bytes;

    Field(Column column, KdbType type, Kind kind) {
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
        ExprNode.readBytes(column, from, length, gather, bytes);
        long[] v = out.longs;
        for (int i = 0; i < length; i++) {
          v[i] = bytes[i] & 0xff;
        }
      } else if (kind.integral()) {
        long[] v = out.longs;
        ExprNode.readLongs(column, from, length, gather, v);
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
        ExprNode.readDoubles(column, from, length, gather, v);
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
  static final class Read extends ExprNode {
    private final Column column;
    private final KdbType type;
    private final byte[] bytes;
    private final double[] doubles;

    Read(Column column, KdbType type, Kind kind) {
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
          ExprNode.readBytes(column, from, length, gather, bytes);
          for (int i = 0; i < length; i++) {
            v[i] = bytes[i] != 0 ? 1 : 0;
          }
        }
        case CHAR -> {
          ExprNode.readBytes(column, from, length, gather, bytes);
          for (int i = 0; i < length; i++) {
            boolean n = bytes[i] == Nulls.CHAR_NULL;
            v[i] = bytes[i] & 0xff;
            nulls[i] = n;
            any |= n;
          }
        }
        case REAL -> {
          ExprNode.readDoubles(column, from, length, gather, out.doubles);
          for (int i = 0; i < length; i++) {
            boolean n = Double.isNaN(out.doubles[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        case DATETIME -> {
          ExprNode.readDoubles(column, from, length, gather, doubles);
          for (int i = 0; i < length; i++) {
            boolean n = Double.isNaN(doubles[i]);
            v[i] = n ? 0 : CalciteValues.datetimeMillis(doubles[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        case TIMESTAMP -> {
          ExprNode.readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] == Nulls.LONG_NULL;
            nulls[i] = n;
            any |= n;
          }
        }
        case DATE -> {
          ExprNode.readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] == Nulls.INT_NULL;
            v[i] = CalciteValues.epochDay((int) v[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        case MONTH -> {
          ExprNode.readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            boolean n = v[i] == Nulls.INT_NULL;
            v[i] = CalciteValues.monthEpochDay((int) v[i]);
            nulls[i] = n;
            any |= n;
          }
        }
        // Times of day: -1 (outside one day) is NULL like the sentinel.
        case TIME -> {
          ExprNode.readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            long m = v[i] == Nulls.INT_NULL ? -1 : CalciteValues.millisOfDay(v[i]);
            v[i] = m;
            nulls[i] = m < 0;
            any |= m < 0;
          }
        }
        case MINUTE -> {
          ExprNode.readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            long m = v[i] == Nulls.INT_NULL ? -1 : CalciteValues.minuteOfDay(v[i]);
            v[i] = m;
            nulls[i] = m < 0;
            any |= m < 0;
          }
        }
        case SECOND -> {
          ExprNode.readLongs(column, from, length, gather, v);
          for (int i = 0; i < length; i++) {
            long m = v[i] == Nulls.INT_NULL ? -1 : CalciteValues.secondOfDay(v[i]);
            v[i] = m;
            nulls[i] = m < 0;
            any |= m < 0;
          }
        }
        // Exact timespans: the raw nanoseconds, NULL outside one day.
        case TIMESPAN -> {
          ExprNode.readLongs(column, from, length, gather, v);
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

  /**
   * The null test of any column, for COUNT: primitive for the types whose only null is a
   * sentinel, NaN or the empty symbol; through the column's reader (exactly the rows' NULLs, such
   * as times outside one day) for the others.
   */
  static final class NullTest extends ExprNode {
    private final Column column;
    private final KdbType type;
    private final ValueReader reader;
    private final long[] longs;
    private final int[] indices;

    NullTest(Column column, KdbType type, ValueReader reader) {
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
        ExprNode.readLongs(column, from, length, gather, longs);
        for (int i = 0; i < length; i++) {
          nulls[i] = longs[i] == nullValue;
        }
      } else if (type == KdbType.CHAR) {
        for (int i = 0; i < length; i++) {
          nulls[i] = column.getByte(ExprNode.row(from, i, gather)) == Nulls.CHAR_NULL;
        }
      } else if (column instanceof EnumColumn e) {
        ExprNode.readIndices(e, from, length, gather, indices);
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
}
