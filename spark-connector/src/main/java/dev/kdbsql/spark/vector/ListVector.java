package dev.kdbsql.spark.vector;

import dev.kdbsql.spark.KdbOptions;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.vectorized.ColumnarArray;

/**
 * Lists of one simple type as ArrayType: each row's items are appended to one child vector of
 * the element type, the row being an offset and a length into it. The storage layer has no
 * primitive accessor for list items, so they come through {@link Column#getObject}, the one boxed
 * path of the connector, for these rare columns only. An atom where a list was expected (kdb+
 * allows it in a general list that sampling typed) is a list of one item; a null row is null.
 */
public final class ListVector extends KdbColumnVector {
  private final ElementVector items;
  private final int[] offsets;
  private final int[] lengths;

  public ListVector(KdbType element, ArrayType type, KdbOptions options, int capacity) {
    super(type, capacity);
    items = new ElementVector(element, type.elementType(), options);
    offsets = new int[capacity];
    lengths = new int[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    int n = rows.size();
    items.clear();
    int nn = 0;
    for (int i = 0; i < n; i++) {
      long row = rows.row(i);
      Object o = c.getObject(row);
      offsets[i] = items.size();
      isNull[i] = o == null;
      if (o == null) {
        lengths[i] = 0;
        nn++;
        continue;
      }
      try {
        if (o instanceof List<?> list) {
          for (Object item : list) {
            items.add(item);
          }
          lengths[i] = list.size();
        } else {
          items.add(o);
          lengths[i] = 1;
        }
      } catch (ArithmeticException e) {
        throw SparkValues.outOfRange(c, row, e);
      }
    }
    nulls = nn;
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    return isNullAt(rowId) ? null : new ColumnarArray(items, offsets[rowId], lengths[rowId]);
  }
}
