package dev.kdbsql.spark.read;

import dev.kdbsql.spark.KdbOptions;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task needs to find its rows again on an executor: the database root, the options, the
 * snapshot the driver planned with (see {@link DatabaseCache}) and the table.
 *
 * @param root the database root, absolute
 * @param options the read's options
 * @param snapshot the id of the {@code load} this scan belongs to
 * @param table the table's name
 */
public record ScanTarget(String root, KdbOptions options, String snapshot, String table)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The table, in this JVM's copy of the snapshot. */
  public KdbTable open() {
    Database db = DatabaseCache.open(root, options.storage(), snapshot);
    KdbTable t = db.table(table);
    if (t == null) {
      throw new StorageException(db.root(), "table " + table + " is no longer in the database");
    }
    return t;
  }

  /**
   * The slice of {@code p}'s rows, opened (nothing mapped yet); the caller closes it. Fails,
   * naming the directory, when this JVM's discovery lacks the partition the driver planned.
   */
  public TableSlice slice(KdbInputPartition p) {
    KdbTable t = open();
    List<TableSlice> slices;
    if (p.partitionName() == null) {
      slices = t.slices();
    } else {
      slices = t.slices(List.of(partition(t, p)));
    }
    TableSlice found = null;
    List<TableSlice> others = new ArrayList<>();
    for (TableSlice s : slices) {
      if (found == null && s.location() != null && s.location().toString().equals(p.location())) {
        found = s;
      } else {
        others.add(s);
      }
    }
    TableSlice.closeAll(others);
    if (found == null) {
      throw new StorageException(Path.of(p.location()), "table " + table + " is no longer here "
          + "(the database changed since the job was planned)");
    }
    return found;
  }

  private static Partition partition(KdbTable t, KdbInputPartition p) {
    PartitionKind kind = t.partitionKind();
    Long value = kind == null ? null : kind.parse(p.partitionName());
    List<Partition> all = t.partitions();
    int lo = 0;
    int hi = all.size() - 1;
    while (value != null && lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long v = all.get(mid).value();
      if (v < value) {
        lo = mid + 1;
      } else if (v > value) {
        hi = mid - 1;
      } else {
        return all.get(mid);
      }
    }
    throw new StorageException(Path.of(p.location()), "partition " + p.partitionName()
        + " is no longer in the database (the database changed since the job was planned)");
  }
}
