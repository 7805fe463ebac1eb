package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Nulls;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** kdb+ ints as IntegerType, and dates and months as DateType (epoch days, see {@link SparkValues}). */
public final class IntVector extends KdbColumnVector {
  /** What the ints hold. */
  public enum Kind {
    INT(DataTypes.IntegerType),
    DATE(DataTypes.DateType),
    MONTH(DataTypes.DateType);

    private final DataType type;

    Kind(DataType type) {
      this.type = type;
    }
  }

  private final Kind kind;
  private final int[] values;

  public IntVector(Kind kind, int capacity) {
    super(kind.type, capacity);
    this.kind = kind;
    values = new int[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    int n = rows.size();
    int[] v = values;
    rows.ints(c::getInts, v);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      nn += v[i] == Nulls.INT_NULL ? 1 : 0;
    }
    nulls = nn;
    if (nn > 0) {
      for (int i = 0; i < n; i++) {
        isNull[i] = v[i] == Nulls.INT_NULL;
      }
    }
    if (kind == Kind.INT) {
      return;
    }
    int i = 0;
    try {
      for (; i < n; i++) {
        if (v[i] != Nulls.INT_NULL) {
          v[i] = kind == Kind.DATE ? SparkValues.date(v[i]) : SparkValues.month(v[i]);
        }
      }
    } catch (ArithmeticException e) {
      throw SparkValues.outOfRange(c, rows.row(i), e);
    }
  }

  @Override
  public int getInt(int rowId) {
    return values[rowId];
  }
}
