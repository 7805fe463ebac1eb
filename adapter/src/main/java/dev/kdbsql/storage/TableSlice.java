package dev.kdbsql.storage;

import dev.kdbsql.storage.column.NullColumn;
import dev.kdbsql.storage.format.ColumnFiles;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.EntryKind;
import dev.kdbsql.storage.io.FileStamp;
import dev.kdbsql.storage.io.FileImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The rows of a table in one place: one partition directory of a partitioned table, or the whole
 * splayed or flat table. Opens column files on first use and owns them: {@link #close()} releases
 * every file the slice opened, and its columns must not be used afterwards.
 *
 * <p>Checks as it opens: every column has the slice's row count (no ragged columns) and the type
 * of the table's schema; a schema column missing here reads as nulls (unless
 * {@link DatabaseOptions#strictColumns()}), and a table missing from the partition reads as empty.
 * {@link #rowCount()} checks every column of the schema first (from its headers), so a count
 * from headers (what {@code COUNT(*)} answers) has passed every check a full read of the slice
 * applies to the files:
 * it is the count a full read gives, or the error it would fail with. Only the values themselves
 * (an enumeration index, a nested item) are checked later, when read. Thread-safe.
 */
public final class TableSlice implements AutoCloseable {
  private final KdbTable table;
  private final Partition partition;
  private final Path where;
  private final boolean flatFile;
  private final List<Bytes> opened = new ArrayList<>();
  private Column[] columns;
  private List<String> localNames;
  private Map<String, Column> flat;
  private long rowCount = -1;
  private boolean validated;
  /** How {@link #rowCount} reads the files it checks. */
  private Function<Path, Bytes> probe = FileImages::probe;
  private boolean closed;

  /** {@code flatFile}: {@code where} is a flat table file, not a splayed table directory. */
  TableSlice(KdbTable table, Partition partition, Path where, boolean flatFile) {
    this.table = table;
    this.partition = partition;
    this.where = where;
    this.flatFile = flatFile;
  }

  /** The table this slice belongs to. */
  public KdbTable table() {
    return table;
  }

  /** The partition, or null for a table that is not partitioned. */
  public Partition partition() {
    return partition;
  }

  /** The directory or file of this slice; null when the table is missing from the partition. */
  public Path location() {
    return where;
  }

  private synchronized void own(Bytes b) {
    if (closed) {
      b.close();
      throw new StorageException(b.file(), "slice already closed");
    }
    opened.add(b);
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException(where, "slice already closed");
    }
  }

  private boolean isFlat() {
    return where != null && flatFile;
  }

  private synchronized Map<String, Column> flat() {
    checkOpen();
    if (flat == null) {
      Bytes b = FileImages.open(where);
      own(b);
      flat = table.flatColumns(b);
    }
    return flat;
  }

  List<ColumnInfo> flatSchema() {
    List<ColumnInfo> out = new ArrayList<>();
    flat().forEach((n, c) -> out.add(new ColumnInfo(n, c.type(), c.attribute())));
    return out;
  }

  private synchronized List<String> localNames() {
    if (localNames == null) {
      localNames = where == null ? List.of() : isFlat() ? List.copyOf(flat().keySet())
          : KdbTable.readD(where);
    }
    return localNames;
  }

  /**
   * Number of rows: the length of the slice's first column, read from its header or file size
   * (0 when the table is missing from the partition), once every column of the schema has been
   * checked against it as {@link #column} checks what it opens (row count, type, companions,
   * enumeration domain): the count a full read gives, or the error naming the file that a full
   * read would fail with. Columns not yet opened are checked from their headers, read without
   * mapping the files ({@link FileImages#probe}). The table remembers a count that passed, with a
   * stamp of every file the checks read ({@link FileStamp}, taken before reading it, trusted only
   * for files that had not changed for a while): while the stamps hold, the next slice of the
   * same place takes the count after one {@code stat} per file, for the files are what they were
   * when checked.
   */
  public synchronized long rowCount() {
    checkOpen();
    if (!validated) {
      boolean splay = where != null && !isFlat();
      long known = splay && rowCount < 0 ? table.checkedRows(where) : -1;
      if (known >= 0) {
        rowCount = known;
      } else {
        // Stamps only mean something if taken before the reads: a slice that read its .d or a
        // column already is checked, but not remembered.
        List<FileStamp> stamps = splay && localNames == null && rowCount < 0
            ? new ArrayList<>() : null;
        long readFrom = FileStamp.now();
        if (stamps != null) {
          stamps.add(FileStamp.of(where.resolve(".d")));
          probe = f -> {
            stamps.add(FileStamp.of(f));
            return FileImages.probe(f);
          };
        }
        try {
          firstColumnRows();
          List<ColumnInfo> schema = table.columns();
          for (int i = 0; i < schema.size(); i++) {
            if (columns == null || columns[i] == null) {
              ColumnInfo info = schema.get(i);
              withProbes(probes -> openColumn(info, true, probes));
            }
          }
        } finally {
          probe = FileImages::probe;
        }
        if (stamps != null && FileStamp.settled(stamps, readFrom)) {
          table.rememberChecked(where, rowCount, stamps);
        }
      }
      validated = true;
    }
    return rowCount;
  }

  /** The length of the slice's first column, from its header or file size. */
  private synchronized long firstColumnRows() {
    checkOpen();
    if (rowCount < 0) {
      List<String> names = localNames();
      if (names.isEmpty()) {
        rowCount = 0;
      } else if (isFlat()) {
        rowCount = flat().values().iterator().next().size();
      } else {
        rowCount = withProbes(probes -> ColumnFiles.open(
            KdbTable.columnFile(where, names.get(0)), table.database()::domain, probes, probe))
            .size();
      }
    }
    return rowCount;
  }

  /** Runs {@code check} with an owner for the images it probes, and closes them after it. */
  private static Column withProbes(Function<Consumer<Bytes>, Column> check) {
    List<Bytes> probes = new ArrayList<>();
    Column c;
    try {
      c = check.apply(probes::add);
    } catch (RuntimeException e) {
      closeAll(probes, e);
      throw e;
    }
    RuntimeException failure = closeAll(probes, null);
    if (failure != null) {
      throw failure;
    }
    return c;
  }

  /** Closes {@code images}; their failures are added to {@code failure}, or the first returned. */
  private static RuntimeException closeAll(List<Bytes> images, RuntimeException failure) {
    for (Bytes b : images) {
      try {
        b.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }

  /** Column {@code index} of the table's schema, opened on first use. */
  public synchronized Column column(int index) {
    checkOpen();
    List<ColumnInfo> schema = table.columns();
    if (columns == null) {
      columns = new Column[schema.size()];
    }
    Column c = columns[index];
    if (c == null) {
      c = openColumn(schema.get(index), false, this::own);
      columns[index] = c;
    }
    return c;
  }

  /**
   * Opens the column {@code info} (only {@code probe} its headers when asked), its images going
   * to {@code owner}, and checks it against the slice and the schema.
   */
  private Column openColumn(ColumnInfo info, boolean probe, Consumer<Bytes> owner) {
    long rows = firstColumnRows();
    if (!localNames().contains(info.name())) {
      if (where != null && table.database().options().strictColumns()) {
        throw new StorageException(where, "column " + info.name() + " of table " + table.name()
            + " is missing here (strict columns)");
      }
      return new NullColumn(where, info.type(), rows);
    }
    Column c;
    if (isFlat()) {
      c = flat().get(info.name());
    } else {
      Path file = KdbTable.columnFile(where, info.name());
      if (!EntryKind.exists(file)) {
        throw new StorageException(file, "column file listed in .d is missing");
      }
      Database db = table.database();
      c = ColumnFiles.open(file, db::domain, owner, probe ? this.probe : db::openImage);
    }
    if (c.size() != rows) {
      String first = localNames().get(0);
      throw new StorageException(c.file(), "ragged table: column " + info.name() + " has "
          + c.size() + " rows but column " + first + " has " + rows
          + (isFlat() ? "" : " (" + KdbTable.columnFile(where, first) + ")"));
    }
    if (!compatible(info.type(), c.type())) {
      throw new StorageException(c.file(), "column " + info.name() + " has type " + c.type()
          + " here but " + info.type() + " in the table's schema (read from "
          + table.schemaSource() + ")");
    }
    return c;
  }

  /** Nested columns are typed by sampling, so only their nesting must agree. */
  private static boolean compatible(ColumnType schema, ColumnType here) {
    if (schema.nested() || here.nested()) {
      return schema.nested() == here.nested();
    }
    return schema.equals(here);
  }

  /**
   * Closes every slice of {@code slices}, even after a failure; the first failure is thrown with
   * the others suppressed.
   */
  public static void closeAll(Iterable<TableSlice> slices) {
    RuntimeException failure = null;
    for (TableSlice s : slices) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (Bytes b : opened) {
      try {
        b.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return table.name() + (partition == null ? "" : "@" + partition.name()) + " (" + where + ")";
  }
}
