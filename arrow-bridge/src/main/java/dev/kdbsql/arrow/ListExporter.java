package dev.kdbsql.arrow;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Exports nested lists of numbers and booleans as List&lt;element&gt;. The storage layer has no
 * primitive accessor for a list item, so values come through {@link Column#getObject}: the one
 * boxed path in the export, used only for such (rare) columns.
 */
final class ListExporter implements ColumnExporter {
  /** Element types this exporter handles; other nested columns are refused when the schema is made. */
  static final Set<KdbType> ELEMENTS = EnumSet.of(KdbType.BOOLEAN, KdbType.BYTE, KdbType.SHORT,
      KdbType.INT, KdbType.LONG, KdbType.REAL, KdbType.FLOAT);

  private final KdbType element;

  ListExporter(KdbType element) {
    this.element = element;
  }

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    ListVector v = (ListVector) target;
    v.clear();
    v.allocateNew();
    FieldVector child = v.getDataVector();
    for (int i = 0; i < n; i++) {
      Object o = c.getObject(from + i);
      if (o == null) {
        v.setNull(i);
        continue;
      }
      if (!(o instanceof List<?> items)) {
        throw new IllegalArgumentException(c.file() + ": row " + (from + i) + " of a " + c.type()
            + " column holds an atom (" + o + "), not a list");
      }
      int start = v.startNewValue(i);
      for (int k = 0; k < items.size(); k++) {
        set(child, start + k, items.get(k));
      }
      v.endValue(i, items.size());
    }
    v.setValueCount(n);
  }

  private void set(FieldVector child, int at, Object item) {
    if (item == null) {
      while (child.getValueCapacity() <= at) {
        child.reAlloc();
      }
      child.setNull(at);
      return;
    }
    switch (element) {
      case BOOLEAN -> ((BitVector) child).setSafe(at, (Boolean) item ? 1 : 0);
      case BYTE -> ((UInt1Vector) child).setSafe(at, ((Number) item).intValue());
      case SHORT -> ((SmallIntVector) child).setSafe(at, (Short) item);
      case INT -> ((IntVector) child).setSafe(at, (Integer) item);
      case LONG -> ((BigIntVector) child).setSafe(at, (Long) item);
      case REAL -> ((Float4Vector) child).setSafe(at, (Float) item);
      case FLOAT -> ((Float8Vector) child).setSafe(at, (Double) item);
      default -> throw new IllegalStateException("no list export for " + element);
    }
  }
}
