package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.Epochs;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.Temporals;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;

/**
 * Fills the virtual partition column (not stored in any file): the partition's value on every
 * row, as a Date32 for date and month partitions and an Int32 for year and int partitions.
 */
final class PartitionExporter {
  private PartitionExporter() {}

  /** The value of partition {@code value} of {@code kind} in its Arrow encoding. */
  static int arrowValue(PartitionKind kind, long value) {
    return switch (kind) {
      case DATE -> Math.toIntExact(value + Temporals.EPOCH_DAYS_2000);
      case MONTH -> Epochs.monthToDays(Math.toIntExact(value));
      case YEAR, INT -> Math.toIntExact(value);
    };
  }

  /** Fills {@code v} with {@code n} copies of {@code value}. */
  static void fill(int value, int n, BaseFixedWidthVector v) {
    v.allocateNew(n);
    for (int i = 0; i < n; i++) {
      v.getDataBuffer().setInt(4L * i, value);
      BitVectorHelper.setBit(v.getValidityBuffer(), i);
    }
    v.setValueCount(n);
  }
}
