package dev.kdbsql.storage;

import dev.kdbsql.storage.format.ColumnFiles;
import dev.kdbsql.storage.format.FlatObjects;
import dev.kdbsql.storage.format.SymbolLists;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.EntryKind;
import dev.kdbsql.storage.io.FileImages;
import dev.kdbsql.storage.io.MappedFileCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A kdb+ database on disk, discovered as q's {@code \l} discovers it (docs/kdb-format.md §10): flat
 * tables (single files), splayed tables (directories with {@code .d}), partitioned tables
 * (directories named as dates, months, years or ints) and segmented databases ({@code par.txt}),
 * in any mixture. Names ending in {@code $} and files that are not tables are left alone.
 *
 * <p>Discovery is cheap: it lists directories and peeks at file headers; it reads no column
 * data. Symbol domains load once, on first use, and are shared by every table. The database never
 * writes a byte. Thread-safe; {@link #close()} drops cached domains and lets go of the mappings
 * its slices kept for later queries ({@link #openImage}); every open column belongs to the
 * {@link TableSlice} that opened it, and stays readable until that slice closes.
 */
public final class Database implements AutoCloseable {
  private static final String PAR_TXT = "par.txt";

  private final Path root;
  private final DatabaseOptions options;
  private final PartitionKind partitionKind;
  private final List<Partition> partitions;
  private final Map<String, KdbTable> tables;
  private final Map<String, StorageException> unreadable;
  private final Map<Path, StorageException> unreadablePartitions;
  private final Map<Path, SymbolDomain> domains = new ConcurrentHashMap<>();

  private Database(Path root, DatabaseOptions options, PartitionKind kind,
      List<Partition> partitions, Map<String, KdbTable> tables,
      Map<String, StorageException> unreadable, Map<Path, StorageException> unreadablePartitions) {
    this.root = root;
    this.options = options;
    this.partitionKind = kind;
    this.partitions = List.copyOf(partitions);
    this.tables = Collections.unmodifiableMap(tables);
    this.unreadable = Collections.unmodifiableMap(unreadable);
    this.unreadablePartitions = Collections.unmodifiableMap(unreadablePartitions);
  }

  /** Opens the database at {@code root} with the default (forgiving) options. */
  public static Database open(Path root) {
    return open(root, DatabaseOptions.DEFAULT);
  }

  /**
   * Opens the database at {@code root}: a directory holding tables, partitions or
   * {@code par.txt}; a splayed table directory; or a flat table file.
   */
  public static Database open(Path root, DatabaseOptions options) {
    Path r = root.toAbsolutePath().normalize();
    if (!Files.exists(r)) {
      throw new StorageException(r, "not a kdb+ database: no such file or directory");
    }
    return new Discovery(r, options).run();
  }

  /** The database root as given, absolute and normalized. */
  public Path root() {
    return root;
  }

  /** The options the database was opened with. */
  public DatabaseOptions options() {
    return options;
  }

  /** How partitions are named, or null when the database has none. */
  public PartitionKind partitionKind() {
    return partitionKind;
  }

  /** The partitions, ascending by value; empty when the database is not partitioned. */
  public List<Partition> partitions() {
    return partitions;
  }

  /** Readable tables by name, in name order. */
  public Map<String, KdbTable> tables() {
    return tables;
  }

  /**
   * The table {@code name} (exact case), or null; throws the recorded error for a table that is
   * broken, and {@link #unknownTable}'s for a name found nowhere while a partition was unreadable.
   */
  public KdbTable table(String name) {
    KdbTable t = tables.get(name);
    if (t != null) {
      return t;
    }
    StorageException e = unreadable.get(name);
    if (e == null) {
      e = unknownTable(name);
    }
    if (e != null) {
      throw e;
    }
    return null;
  }

  /** Directories that look like tables but cannot be read, with the reason. */
  public Map<String, StorageException> unreadableTables() {
    return unreadable;
  }

  /**
   * Partition directories that could not be listed or resolved (a symbolic link loop, a link to
   * nowhere, no permission), with the error naming each. They stay partitions: a scan that
   * reaches one fails with its error rather than reading it as a partition without the table,
   * while queries whose partitions are all readable run (q, too, fails only where it reads). The
   * last partition is never among them: it holds the schemas, and {@link #open} fails without it.
   */
  public Map<Path, StorageException> unreadablePartitions() {
    return unreadablePartitions;
  }

  /**
   * The error for a table {@code name} found in no readable partition while some partition could
   * not be read (it may hold the table), naming that partition; null when every partition was
   * read, and the table simply does not exist.
   */
  public StorageException unknownTable(String name) {
    if (unreadablePartitions.isEmpty()) {
      return null;
    }
    Map.Entry<Path, StorageException> first = unreadablePartitions.entrySet().iterator().next();
    Path dir = first.getKey();
    String reason = first.getValue().getMessage();
    if (reason.startsWith(dir + ": ")) {
      reason = reason.substring(dir.toString().length() + 2);
    }
    return new StorageException(dir, -1, "no table " + name + " in the partitions that could be "
        + "read, and this one may hold it: " + reason, first.getValue());
  }

  /** Throws the recorded error of partition directory {@code dir} if it could not be read. */
  void checkReadable(Path dir) {
    StorageException e = unreadablePartitions.get(dir);
    if (e != null) {
      throw e;
    }
  }

  /**
   * The domain {@code name} for the enumerated column in {@code columnFile}: the file of that
   * name in the root, or else in the nearest ancestor of the column's table that has one
   * (docs/kdb-format.md §10.4).
   */
  SymbolDomain domain(String name, Path columnFile) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new StorageException(columnFile, "enumeration names an invalid domain `" + name + "`");
    }
    List<Path> tried = new ArrayList<>();
    Path candidate = root.resolve(name);
    tried.add(candidate);
    // The root's file must be readable if it is there; ancestors beyond the root may be closed
    // to us and are only looked at.
    EntryKind.of(candidate);
    if (!isSymbolList(candidate)) {
      candidate = null;
      Path dir = columnFile.getParent();
      for (int i = 0; dir != null && i < 4; i++, dir = dir.getParent()) {
        Path c = dir.resolve(name);
        tried.add(c);
        if (isSymbolList(c)) {
          candidate = c;
          break;
        }
      }
    }
    if (candidate == null) {
      throw new StorageException(columnFile, "enumeration domain `" + name + "` not found (looked for "
          + tried + ")");
    }
    return domains.computeIfAbsent(candidate,
        f -> new SymbolDomain(name, f, SymbolLists.read(f)));
  }

  /** Whether {@code f} is a symbol list file; the column named like the domain is not. */
  private boolean isSymbolList(Path f) {
    if (domains.containsKey(f)) {
      return true;
    }
    if (!Files.isRegularFile(f)) {
      return false;
    }
    try (Bytes b = FileImages.open(f)) {
      return b.length() >= 3 && (b.getByte(0) & 0xff) == 0xff && b.getByte(1) == 1
          && b.getByte(2) == 11;
    }
  }

  /**
   * Opens a column file's image for a slice: large plain files through the process's
   * {@link MappedFileCache}, so that the next query's slices find them mapped. The caller owns
   * the image.
   */
  Bytes openImage(Path file) {
    return MappedFileCache.shared().open(file, this);
  }

  @Override
  public void close() {
    domains.clear();
    MappedFileCache.shared().release(this);
  }

  @Override
  public String toString() {
    return "Database(" + root + ", " + tables.size() + " tables, " + partitions.size()
        + " partitions)";
  }

  /** One pass over the root, as {@code .Q.l}/{@code .Q.L} do it. */
  private static final class Discovery {
    private final Path root;
    private final DatabaseOptions options;
    private final Map<String, KdbTable> tables = new TreeMap<>();
    private final Map<String, StorageException> unreadable = new TreeMap<>();
    private final Map<Path, StorageException> unreadablePartitions = new LinkedHashMap<>();
    private Database db;
    private boolean sawDomainFile;

    Discovery(Path root, DatabaseOptions options) {
      this.root = root;
      this.options = options;
    }

    Database run() {
      if (Files.isRegularFile(root)) {
        boolean table;
        try (Bytes b = FileImages.open(root)) {
          table = FlatObjects.isTable(b);
        }
        if (!table) {
          throw new StorageException(root, "not a kdb+ database or table: the file holds no table");
        }
        return single(() -> flatTable(root, name(root)));
      }
      if (Files.isRegularFile(root.resolve(".d"))) {
        return single(() -> splayed(root, name(root)));
      }
      List<Path> entries = list(root);
      List<Path> partitionDirs = new ArrayList<>();
      boolean parTxt = false;
      List<Runnable> deferred = new ArrayList<>();
      for (Path p : entries) {
        String n = name(p);
        if (n.endsWith("$") || n.endsWith("#") || n.equals("html")) {
          continue;
        }
        if (n.equals(PAR_TXT) && Files.isRegularFile(p)) {
          parTxt = true;
        } else if (Character.isDigit(n.charAt(0))) {
          if (partitionDirectory(p)) {
            partitionDirs.add(p);
          }
        } else {
          EntryKind kind;
          try {
            kind = EntryKind.of(p);
          } catch (StorageException e) {
            // A link loop or an entry we may not read: q's `get` of it would fail as well.
            if (!n.contains(".")) {
              unreadable.put(n, e);
            }
            continue;
          }
          if (kind == EntryKind.DIRECTORY) {
            deferred.add(() -> rootDirectory(p, n));
          } else if (!n.contains(".") && kind == EntryKind.FILE) {
            deferred.add(() -> rootFile(p, n));
          }
        }
      }
      if (parTxt) {
        if (!partitionDirs.isEmpty()) {
          throw new StorageException(root, "both par.txt and partition directories ("
              + name(partitionDirs.get(0)) + ") at the root; q rejects this ('part)");
        }
        partitionDirs = segmentPartitions(root.resolve(PAR_TXT));
      }
      List<Partition> parts = partitions(partitionDirs);
      PartitionKind kind = parts.isEmpty() ? null : parts.get(0).kind();
      db = new Database(root, options, kind, parts, tables, unreadable, unreadablePartitions);
      deferred.forEach(Runnable::run);
      partitionedTables(parts);
      if (!parts.isEmpty()) {
        // q takes the table list and every schema from the last partition: its \l fails when
        // that one cannot be read, and so does this (rather than lose its tables silently).
        for (Path d : parts.get(parts.size() - 1).dirs()) {
          db.checkReadable(d);
        }
      }
      if (tables.isEmpty() && unreadable.isEmpty() && parts.isEmpty() && !parTxt && !sawDomainFile) {
        throw new StorageException(root, "not a kdb+ database: no tables, partitions, par.txt or "
            + "sym file found");
      }
      return db;
    }

    private Database single(Runnable add) {
      db = new Database(root, options, null, List.of(), tables, unreadable, unreadablePartitions);
      add.run();
      return db;
    }

    private void rootDirectory(Path dir, String name) {
      EntryKind d;
      try {
        d = EntryKind.of(dir.resolve(".d"));
      } catch (StorageException e) {
        unreadable.put(name, e);
        return;
      }
      if (d == EntryKind.FILE) {
        splayed(dir, name);
      } else if (containsColumnFiles(dir, name)) {
        unreadable.put(name, new StorageException(dir.resolve(".d"),
            "missing .d file: directory " + dir + " holds kdb+ column files but is not a splayed "
                + "table without it (q gives 'type)"));
      }
    }

    private void rootFile(Path file, String name) {
      try (Bytes b = FileImages.open(file)) {
        if (FlatObjects.isTable(b)) {
          flatTable(file, name);
        } else if (b.length() >= 3 && (b.getByte(0) & 0xff) == 0xff && b.getByte(1) == 1
            && b.getByte(2) == 11) {
          sawDomainFile = true;
        }
      } catch (StorageException e) {
        // A root file we cannot even classify is not a table; q would fail to `get` it. Record it
        // only if its name could be a table, so that querying it explains why.
        unreadable.put(name, e);
      }
    }

    private void flatTable(Path file, String name) {
      tables.put(name, KdbTable.flat(db, name, file));
    }

    private void splayed(Path dir, String name) {
      tables.put(name, KdbTable.splayed(db, name, dir));
    }

    /**
     * Whether {@code dir} holds kdb+ column files; a directory that cannot be listed is recorded
     * as unreadable under {@code name}, since it may be a table.
     */
    private boolean containsColumnFiles(Path dir, String name) {
      try (Stream<Path> s = Files.list(dir)) {
        return s.filter(Files::isRegularFile).limit(64).anyMatch(ColumnFiles::looksLikeColumn);
      } catch (IOException | java.io.UncheckedIOException e) {
        IOException io = e instanceof IOException i ? i : ((java.io.UncheckedIOException) e).getCause();
        unreadable.put(name, new StorageException(dir, -1, "cannot list directory: "
            + EntryKind.reason(io), io));
        return false;
      }
    }

    /**
     * Whether the digit-named entry {@code p} is a partition directory. One that cannot be
     * resolved or read (a link loop, a link to nowhere, no permission) is a partition all the
     * same, recorded as unreadable: taking it for anything else would drop its rows silently.
     */
    private boolean partitionDirectory(Path p) {
      try {
        return EntryKind.of(p) == EntryKind.DIRECTORY;
      } catch (StorageException e) {
        unreadablePartitions.put(p, partitionError(p, e));
        return true;
      }
    }

    private static StorageException partitionError(Path dir, StorageException e) {
      String detail = e.file() != null && e.file().equals(dir)
          ? e.getMessage().substring(dir.toString().length() + 2) : e.getMessage();
      if (detail.startsWith("cannot read: ")) {
        detail = detail.substring("cannot read: ".length());
      }
      return new StorageException(dir, -1, "partition " + name(dir) + " cannot be read ("
          + detail + "); q would fail on it too", e);
    }

    private List<Path> segmentPartitions(Path parTxt) {
      List<String> lines;
      try {
        lines = new String(Files.readAllBytes(parTxt), StandardCharsets.UTF_8).lines().toList();
      } catch (IOException e) {
        throw new StorageException(parTxt, -1, "cannot read: " + e.getMessage(), e);
      }
      List<Path> out = new ArrayList<>();
      int lineNo = 0;
      for (String raw : lines) {
        lineNo++;
        String line = raw.strip();
        if (line.isEmpty()) {
          continue;
        }
        Path seg = root.resolve(line).normalize();
        if (EntryKind.of(seg) != EntryKind.DIRECTORY) {
          throw new StorageException(parTxt, "line " + lineNo + ": segment " + seg
              + " is not a directory");
        }
        for (Path p : list(seg)) {
          String n = name(p);
          if (!n.endsWith("$") && Character.isDigit(n.charAt(0)) && partitionDirectory(p)) {
            out.add(p);
          }
        }
      }
      return out;
    }

    private List<Partition> partitions(List<Path> dirs) {
      if (dirs.isEmpty()) {
        return List.of();
      }
      List<String> names = dirs.stream().map(Discovery::name).sorted().toList();
      PartitionKind kind = PartitionKind.ofFirstName(names.get(0));
      Map<Long, List<Path>> byValue = new TreeMap<>();
      Map<Long, String> nameOf = new LinkedHashMap<>();
      for (Path d : dirs) {
        String n = name(d);
        Long v = kind.parse(n);
        if (v == null) {
          throw new StorageException(d, "partition directory name '" + n + "' is not a "
              + kind.columnName() + " (the first partition, " + names.get(0) + ", makes this a "
              + kind.columnName() + "-partitioned database; q reports 'part)");
        }
        byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(d);
        nameOf.putIfAbsent(v, n);
      }
      List<Partition> out = new ArrayList<>();
      byValue.forEach((v, ds) -> out.add(new Partition(kind, v, nameOf.get(v), ds)));
      return out;
    }

    /** Tables are those found in any partition, with the schema of the last one holding them. */
    private void partitionedTables(List<Partition> parts) {
      Map<String, Boolean> names = new TreeMap<>();
      for (Partition p : parts) {
        for (Path dir : p.dirs()) {
          if (unreadablePartitions.containsKey(dir)) {
            continue;
          }
          List<Path> entries;
          try {
            entries = list(dir);
          } catch (StorageException e) {
            unreadablePartitions.put(dir, partitionError(dir, e));
            continue;
          }
          for (Path e : entries) {
            String n = name(e);
            if (!n.endsWith("$") && !n.endsWith("#") && !n.contains(".")) {
              names.put(n, Boolean.TRUE);
            }
          }
        }
      }
      for (String n : names.keySet()) {
        tables.put(n, KdbTable.partitioned(db, n, parts));
        unreadable.remove(n);
      }
    }

    private static List<Path> list(Path dir) {
      try (Stream<Path> s = Files.list(dir)) {
        return s.sorted().toList();
      } catch (IOException e) {
        throw new StorageException(dir, -1, "cannot list directory: " + EntryKind.reason(e), e);
      } catch (java.io.UncheckedIOException e) {
        throw new StorageException(dir, -1, "cannot list directory: "
            + EntryKind.reason(e.getCause()), e);
      }
    }

    private static String name(Path p) {
      return p.getFileName().toString();
    }
  }
}
