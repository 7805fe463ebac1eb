package dev.kdbsql.storage.write;

import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.Temporals;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The partition a table is written into: its kind and value, which give the directory name
 * ({@code 2024.01.02}, {@code 2024.01}, {@code 2024}, {@code 42}) and, for segmented databases,
 * the segment ({@code .Q.par}: value mod number of segments).
 *
 * @param kind how the database is partitioned
 * @param value days since 2000-01-01 (date), months since 2000-01 (month), or the number
 */
public record PartitionValue(PartitionKind kind, long value) {
  public PartitionValue {
    if ((kind == PartitionKind.YEAR && (value < 1000 || value > 9999))
        || (kind == PartitionKind.INT && value < 0)) {
      throw new IllegalArgumentException(kind.columnName() + " partition " + value
          + " would not be read back as a " + kind.columnName());
    }
    if (kind == PartitionKind.INT && PartitionKind.ofFirstName(Long.toString(value)) != kind) {
      throw new IllegalArgumentException("int partition " + value + " has 4, 7 or 10 digits and "
          + "would be read back as a " + PartitionKind.ofFirstName(Long.toString(value))
          .columnName() + " partition");
    }
  }

  /** A date partition. */
  public static PartitionValue date(LocalDate d) {
    return new PartitionValue(PartitionKind.DATE, Temporals.dateValue(d));
  }

  /** A month partition. */
  public static PartitionValue month(YearMonth m) {
    return new PartitionValue(PartitionKind.MONTH, Temporals.monthValue(m));
  }

  /** A year partition (four digits). */
  public static PartitionValue year(int year) {
    return new PartitionValue(PartitionKind.YEAR, year);
  }

  /** An int partition (non-negative). */
  public static PartitionValue ofInt(long value) {
    return new PartitionValue(PartitionKind.INT, value);
  }

  /** The directory name q gives this partition. */
  public String dirName() {
    return switch (kind) {
      case DATE -> Temporals.date((int) value).toString().replace('-', '.');
      case MONTH -> Temporals.month((int) value).toString().replace('-', '.');
      case YEAR, INT -> Long.toString(value);
    };
  }
}
