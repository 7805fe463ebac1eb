package dev.kdbsql.storage;

import dev.kdbsql.storage.format.ColumnFiles;
import dev.kdbsql.storage.format.FlatObjects;
import dev.kdbsql.storage.format.SymbolLists;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.EntryKind;
import dev.kdbsql.storage.io.FileStamp;
import dev.kdbsql.storage.io.FileImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table of a {@link Database}: its layout, schema and slices.
 *
 * <p>The schema is read on first use: for a partitioned table, from the last partition that holds
 * the table (as q does); the virtual partition column is not part of {@link #columns()}. The
 * data is read through {@link #slices()}: one slice per partition directory (or a single slice),
 * each owning the files it opens. Thread-safe.
 */
public final class KdbTable {
  private final Database db;
  private final String name;
  private final TableLayout layout;
  private final Path location;
  private final List<Partition> partitions;
  private volatile List<ColumnInfo> columns;
  private volatile Path schemaSource;
  /** Slices whose count passed every check, by location, with the files the checks read. */
  private final Map<Path, CheckedCount> checked = new ConcurrentHashMap<>();

  /** A slice's row count that passed every check, valid while its files are as stamped. */
  private record CheckedCount(long rows, List<FileStamp> stamps) {
  }

  private KdbTable(Database db, String name, TableLayout layout, Path location,
      List<Partition> partitions) {
    this.db = db;
    this.name = name;
    this.layout = layout;
    this.location = location;
    this.partitions = partitions;
  }

  static KdbTable flat(Database db, String name, Path file) {
    return new KdbTable(db, name, TableLayout.FLAT, file, List.of());
  }

  static KdbTable splayed(Database db, String name, Path dir) {
    return new KdbTable(db, name, TableLayout.SPLAYED, dir, List.of());
  }

  static KdbTable partitioned(Database db, String name, List<Partition> partitions) {
    return new KdbTable(db, name, TableLayout.PARTITIONED, null, partitions);
  }

  /** The table's name. */
  public String name() {
    return name;
  }

  /** How the table is stored. */
  public TableLayout layout() {
    return layout;
  }

  /** The database the table belongs to. */
  public Database database() {
    return db;
  }

  /** The partition kind of a partitioned table, else null. */
  public PartitionKind partitionKind() {
    return layout == TableLayout.PARTITIONED ? db.partitionKind() : null;
  }

  /** The flat file or splayed directory; null for a partitioned table. */
  public Path location() {
    return location;
  }

  /** The stored columns, in {@code .d} order (without the virtual partition column). */
  public List<ColumnInfo> columns() {
    List<ColumnInfo> c = columns;
    if (c == null) {
      c = List.copyOf(readSchema());
      columns = c;
    }
    return c;
  }

  /** The index of column {@code name} (exact case), or -1. */
  public int columnIndex(String columnName) {
    List<ColumnInfo> cs = columns();
    for (int i = 0; i < cs.size(); i++) {
      if (cs.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  private List<ColumnInfo> readSchema() {
    return switch (layout) {
      case FLAT -> {
        try (TableSlice s = slice(null, location, true)) {
          yield s.flatSchema();
        }
      }
      case SPLAYED -> splaySchema(location);
      case PARTITIONED -> {
        for (int i = partitions.size() - 1; i >= 0; i--) {
          List<Path> dirs = partitions.get(i).dirs();
          for (int j = dirs.size() - 1; j >= 0; j--) {
            // An unreadable partition is never skipped for an older one: q reads the schema
            // from the last partition and would fail there too.
            db.checkReadable(dirs.get(j));
            Path t = dirs.get(j).resolve(name);
            EntryKind kind = EntryKind.of(t);
            if (kind == EntryKind.DIRECTORY) {
              schemaSource = t;
              yield splaySchema(t);
            }
            if (kind == EntryKind.FILE) {
              schemaSource = t;
              try (TableSlice s = slice(partitions.get(i), t, true)) {
                yield s.flatSchema();
              }
            }
          }
        }
        throw new StorageException(null, "table " + name + " is in no partition");
      }
    };
  }

  /**
   * Where {@link #columns()} was read from: the table's file or directory, or for a partitioned
   * table the last partition holding it. Messages about a column disagreeing with the schema name
   * it, since a damaged last partition shows up as a mismatch in healthy ones.
   */
  Path schemaSource() {
    columns();
    return layout == TableLayout.PARTITIONED ? schemaSource : location;
  }

  private List<ColumnInfo> splaySchema(Path dir) {
    List<String> names = readD(dir);
    List<ColumnInfo> out = new ArrayList<>(names.size());
    List<Bytes> opened = new ArrayList<>();
    try {
      for (String n : names) {
        // Read through the channel: the type and attribute are in the header, and mapping
        // each file only to unmap it again cost a fresh JVM's first statement on a table.
        Column c = ColumnFiles.probe(columnFile(dir, n), db::domain, opened::add);
        out.add(new ColumnInfo(n, c.type(), c.attribute()));
      }
    } finally {
      opened.forEach(Bytes::close);
    }
    return out;
  }

  /** Reads a splayed table's {@code .d}: the column names, checked to be safe file names. */
  static List<String> readD(Path dir) {
    Path d = dir.resolve(".d");
    if (EntryKind.of(d) != EntryKind.FILE) {
      throw new StorageException(d, "missing .d file: " + dir + " is not a splayed table without it");
    }
    List<String> names;
    try (Bytes b = FileImages.open(d)) {
      names = SymbolLists.read(b);
    }
    for (String n : names) {
      if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.equals(".") || n.equals("..")
          || n.indexOf('\0') >= 0) {
        throw new StorageException(d, "column name '" + n + "' is not a valid file name");
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new StorageException(d, "duplicate column names in " + names);
    }
    return names;
  }

  static Path columnFile(Path dir, String column) {
    return dir.resolve(column);
  }

  /**
   * Fresh slices over the whole table, in storage order (partitions ascending, then segments in
   * {@code par.txt} order). Each slice opens files lazily and must be closed by the caller.
   */
  public List<TableSlice> slices() {
    return slices(partitions);
  }

  /** Fresh slices over the given partitions only (which must be this database's). */
  public List<TableSlice> slices(List<Partition> selected) {
    if (layout != TableLayout.PARTITIONED) {
      return List.of(slice(null, location, layout == TableLayout.FLAT));
    }
    List<TableSlice> out = new ArrayList<>();
    for (Partition p : selected) {
      boolean found = false;
      for (Path dir : p.dirs()) {
        // Only a partition that was read and lacks the table is "missing" it; one that cannot
        // be listed, or whose entry cannot be resolved, fails naming it.
        db.checkReadable(dir);
        Path t = dir.resolve(name);
        EntryKind kind = EntryKind.of(t);
        if (kind != EntryKind.ABSENT) {
          out.add(slice(p, t, kind == EntryKind.FILE));
          found = true;
        }
      }
      if (!found) {
        if (db.options().strictPartitions()) {
          throw new StorageException(p.dirs().get(0).resolve(name), "table " + name
              + " is missing from partition " + p.name() + " (strict partitions)");
        }
        out.add(slice(p, null, false));
      }
    }
    return out;
  }

  /** The partitions of a partitioned table (all partitions of the database), else empty. */
  public List<Partition> partitions() {
    return partitions;
  }

  private TableSlice slice(Partition p, Path where, boolean flat) {
    return new TableSlice(this, p, where, flat);
  }

  /**
   * The checked row count of the slice at {@code location}, when it was checked before and none
   * of the files the checks read has changed since (one {@code stat} each); else -1.
   */
  long checkedRows(Path location) {
    CheckedCount c = checked.get(location);
    if (c == null) {
      return -1;
    }
    if (!FileStamp.unchanged(c.stamps())) {
      checked.remove(location, c);
      return -1;
    }
    return c.rows();
  }

  /** Remembers that the slice at {@code location} has {@code rows}, checked from these files. */
  void rememberChecked(Path location, long rows, List<FileStamp> stamps) {
    checked.put(location, new CheckedCount(rows, List.copyOf(stamps)));
  }

  /** Total rows, from file headers and lengths (no column data is read). */
  public long rowCount() {
    long n = 0;
    for (TableSlice s : slices()) {
      try (s) {
        n += s.rowCount();
      }
    }
    return n;
  }

  Map<String, Column> flatColumns(Bytes b) {
    return FlatObjects.tableColumns(b, db::domain);
  }

  @Override
  public String toString() {
    return name + " (" + layout.name().toLowerCase() + ")";
  }
}
