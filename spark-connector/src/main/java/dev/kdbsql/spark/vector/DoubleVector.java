package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import org.apache.spark.sql.types.DataTypes;

/**
 * kdb+ reals as FloatType and floats as DoubleType (reals read widened to double, which is exact);
 * NaN, q's null, is null; infinities stay.
 */
public final class DoubleVector extends KdbColumnVector {
  private final double[] values;

  public DoubleVector(KdbType type, int capacity) {
    super(type == KdbType.REAL ? DataTypes.FloatType : DataTypes.DoubleType, capacity);
    values = new double[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    int n = rows.size();
    double[] v = values;
    rows.doubles(c::getDoubles, v);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      nn += v[i] != v[i] ? 1 : 0;
    }
    nulls = nn;
    if (nn > 0) {
      for (int i = 0; i < n; i++) {
        isNull[i] = v[i] != v[i];
      }
    }
  }

  @Override
  public float getFloat(int rowId) {
    return (float) values[rowId];
  }

  @Override
  public double getDouble(int rowId) {
    return values[rowId];
  }
}
