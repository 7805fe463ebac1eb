package dev.kdbsql.storage;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * One partition of a partitioned database: its value and the directories holding it, one per
 * segment that has it (a segmented database may split one date across segments; the partition
 * is their union, in {@code par.txt} order).
 *
 * @param kind how partitions are named
 * @param value days since 2000-01-01 (date), months since 2000-01 (month), or the number
 * @param name the directory name
 * @param dirs the partition directories, at least one
 */
public record Partition(PartitionKind kind, long value, String name, List<Path> dirs) {
  public Partition {
    dirs = List.copyOf(dirs);
  }

  /** The date of a date partition. */
  public LocalDate date() {
    return Temporals.date((int) value);
  }

  /** The month of a month partition. */
  public YearMonth month() {
    return Temporals.month((int) value);
  }
}
