package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;

/** Exports guids as FixedSizeBinary(16) in display order; the all-zero guid is null. */
final class GuidExporter implements ColumnExporter {

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    FixedSizeBinaryVector v = (FixedSizeBinaryVector) target;
    v.allocateNew(n);
    ArrowBuf data = v.getDataBuffer();
    ArrowBuf valid = v.getValidityBuffer();
    for (int i = 0; i < n; i++) {
      long hi = c.getGuidHigh(from + i);
      long lo = c.getGuidLow(from + i);
      if (hi != 0 || lo != 0) {
        data.setLong(16L * i, Long.reverseBytes(hi));
        data.setLong(16L * i + 8, Long.reverseBytes(lo));
        BitVectorHelper.setBit(valid, i);
      }
    }
    v.setValueCount(n);
  }
}
