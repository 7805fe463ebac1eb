package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes tables into a kdb+ database root, in the layouts q reads with {@code \l}: splayed tables
 * at the root, partitions named by date, month, year or int, segmented databases
 * ({@code par.txt}, partitions dealt to segments as {@code .Q.par} does), flat tables, and the
 * {@code .Q.dpft} and {@code .Q.chk} conventions. Symbol columns are enumerated against domain
 * files at the root ({@code sym} by default), extended as {@code .Q.en} does.
 *
 * <p>Guarantees: files appear atomically (temporary name, then rename); within a table, grown
 * domains are saved before any column that uses them, and {@code .d} is written last; writing a
 * partition touches only that partition's table directory and the domain files, never other
 * partitions. Not thread-safe, and it assumes it is the only writer of the database while it
 * is in use (domains are loaded once and extended in memory).
 */
public final class DatabaseWriter {
  private static final String PAR_TXT = "par.txt";

  private final Path root;
  private final Domains domains;
  private final SplayWriter splays;

  private DatabaseWriter(Path root) {
    this.root = root;
    this.domains = new Domains(root);
    this.splays = new SplayWriter(domains);
  }

  /** A writer for the database at {@code root}, which is created if it does not exist. */
  public static DatabaseWriter open(Path root) {
    Path r = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(r);
    } catch (IOException e) {
      throw new StorageException(r, -1, "cannot create database root: " + e.getMessage(), e);
    }
    return new DatabaseWriter(r);
  }

  /** The database root. */
  public Path root() {
    return root;
  }

  /** Writes (or replaces) the splayed table {@code root/<table>/}; returns its directory. */
  public Path writeSplayed(String table, TableData data, WriteOptions options) {
    Path dir = root.resolve(checkTableName(table));
    splays.write(dir, data, options);
    return dir;
  }

  /**
   * Writes (or replaces) {@code table} in partition {@code p}: {@code root/<p>/<table>/}, or in a
   * segmented database the segment {@code .Q.par} chooses. Other partitions are not touched, so
   * this is also how a new day is appended to an existing database.
   */
  public Path writePartition(PartitionValue p, String table, TableData data, WriteOptions options) {
    Path dir = partitionDir(p).resolve(checkTableName(table));
    splays.write(dir, data, options);
    return dir;
  }

  /**
   * Starts writing (or replacing) the splayed table {@code root/<table>/} batch by batch, with
   * columns {@code names} of {@code types}; see {@link TableAppender}. The caller closes it.
   */
  public TableAppender appendSplayed(String table, List<String> names, List<ColumnType> types,
      WriteOptions options) {
    return new TableAppender(root.resolve(checkTableName(table)), names, types, domains,
        options);
  }

  /**
   * Starts writing (or replacing) {@code table} in partition {@code p} batch by batch, as
   * {@link #writePartition} would write it whole; see {@link TableAppender}.
   */
  public TableAppender appendPartition(PartitionValue p, String table, List<String> names,
      List<ColumnType> types, WriteOptions options) {
    return new TableAppender(partitionDir(p).resolve(checkTableName(table)), names, types,
        domains, options);
  }

  /**
   * Writes {@code table} into partition {@code p} as {@code .Q.dpft} does: rows sorted by the
   * symbol column {@code field} (stably), {@code p#} on it, and {@code field} first in {@code .d}.
   * New symbols are added to their domains in the order of the unsorted rows, as {@code .Q.en}
   * runs before the sort.
   */
  public Path writePartitionParted(PartitionValue p, String table, String field, TableData data,
      WriteOptions options) {
    ColumnData key = data.column(field);
    if (!key.isSymbol()) {
      throw new IllegalArgumentException("parted field " + field + " must be a symbol column, not "
          + key.type());
    }
    splays.enumerate(data, options);
    int[] order = RowOrder.ascending(key);
    TableData sorted = (order == null ? data : data.select(order)).withFirst(field);
    WriteOptions o = options.with(field, options.column(field).withAttribute(Attribute.PARTED));
    return writePartition(p, table, sorted, o);
  }

  /**
   * Makes this a segmented database: writes {@code par.txt} listing {@code segments} (absolute,
   * or relative to the root) and creates them. Refuses when partitions already sit at the root,
   * since q rejects a root holding both.
   */
  public void defineSegments(List<Path> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a segmented database needs at least one segment");
    }
    List<Path> existing = digitNamedDirs(root);
    if (!existing.isEmpty()) {
      throw new IllegalArgumentException(root + ": cannot add par.txt, partition "
          + existing.get(0).getFileName() + " is at the root (q: 'part)");
    }
    StringBuilder text = new StringBuilder();
    for (Path s : segments) {
      String line = s.toString();
      if (line.isBlank() || line.endsWith("/") || line.contains("\n")) {
        throw new IllegalArgumentException("invalid segment path '" + line + "'");
      }
      text.append(line).append('\n');
      try {
        Files.createDirectories(root.resolve(s));
      } catch (IOException e) {
        throw new StorageException(root.resolve(s), -1, "cannot create segment: "
            + e.getMessage(), e);
      }
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(root.resolve(PAR_TXT), out -> out.putBytes(bytes));
  }

  /** Writes (or replaces) the flat table file {@code root/<table>} ({@code set} without a slash). */
  public Path writeFlat(String table, TableData data) {
    Path file = root.resolve(checkTableName(table));
    AtomicFiles.write(file, out -> IpcFormat.writeTable(out, data));
    return file;
  }

  /**
   * {@code .Q.chk}: writes an empty table (same columns, types, attributes and domains) into every
   * partition that lacks one of the partitioned tables, using the latest partition holding the
   * table as template. Returns the directories written.
   */
  public List<Path> fillMissingTables() {
    return new EmptyTables(root, splays).fill();
  }

  /** The directory of partition {@code p}, creating nothing. */
  private Path partitionDir(PartitionValue p) {
    List<Path> segments = segments();
    Path base = segments.isEmpty() ? root
        : segments.get((int) Math.floorMod(p.value(), (long) segments.size()));
    checkKind(base, p);
    return base.resolve(p.dirName());
  }

  /** The segments listed in {@code par.txt}, or empty when the database is not segmented. */
  private List<Path> segments() {
    Path par = root.resolve(PAR_TXT);
    if (!Files.exists(par)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(par, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(root.resolve(line.strip()).normalize());
        }
      }
    } catch (IOException e) {
      throw new StorageException(par, -1, "cannot read: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new StorageException(par, "par.txt lists no segments");
    }
    return out;
  }

  private static void checkKind(Path base, PartitionValue p) {
    for (Path d : digitNamedDirs(base)) {
      String n = d.getFileName().toString();
      if (PartitionKind.ofFirstName(n) != p.kind()) {
        throw new IllegalArgumentException(base + ": cannot add " + p.kind().columnName()
            + " partition " + p.dirName() + " next to partition " + n);
      }
    }
  }

  private static List<Path> digitNamedDirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(d -> Character.isDigit(d.getFileName().toString().charAt(0)))
          .sorted().toList();
    } catch (IOException e) {
      throw new StorageException(dir, -1, "cannot list directory: " + e.getMessage(), e);
    }
  }

  private static String checkTableName(String table) {
    if (table.isEmpty() || table.startsWith(".") || table.contains("/") || table.contains("\\")
        || Character.isDigit(table.charAt(0)) || table.endsWith("#") || table.endsWith("$")
        || table.equals(PAR_TXT) || table.equals("sym") || table.contains(".")) {
      throw new IllegalArgumentException("table name '" + table + "' would not be read back as a"
          + " table (q skips or misreads such names; sym is the enumeration domain)");
    }
    return table;
  }
}
