package dev.kdbsql.spark.read;

import dev.kdbsql.calcite.exec.FilterEvaluator;
import dev.kdbsql.calcite.exec.PartedRuns;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.DatabaseOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The databases open in this JVM, by snapshot: the tasks of one scan on one executor share a
 * single discovery of the database and a single load of its symbol domains (a TAQ {@code sym}
 * file holds millions of symbols) instead of repeating them per task. A snapshot is one
 * {@code load}: the driver registers the database it planned with, so a local session never
 * discovers twice, and an executor opens the same root once per snapshot. A few snapshots are
 * kept, least recently used first out. Beside them, the runs of p# columns that the scans'
 * filters found.
 */
public final class DatabaseCache {
  private static final int CAPACITY = 8;

  private static final Map<Key, Database> OPEN = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Database> eldest) {
      return size() > CAPACITY;
    }
  };

  private record Key(String root, DatabaseOptions options, String snapshot) {}

  /**
   * The runs of each table's p# columns, kept across scans and snapshots ({@link PartedRuns}
   * checks each file's identity before using what it found in it).
   */
  private static final Map<String, PartedRuns> RUNS = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PartedRuns> eldest) {
      return size() > 4 * CAPACITY;
    }
  };

  private DatabaseCache() {}

  /** Registers {@code db}, opened by the driver, as snapshot {@code snapshot}. */
  public static void register(String snapshot, Database db) {
    synchronized (OPEN) {
      OPEN.put(new Key(db.root().toString(), db.options(), snapshot), db);
    }
  }

  /**
   * The filter evaluator of table {@code table} of the database at {@code root}: one per table
   * and JVM, so that the tasks of every scan share the runs of its p# columns.
   */
  public static FilterEvaluator evaluator(String root, String table) {
    PartedRuns runs;
    synchronized (RUNS) {
      runs = RUNS.computeIfAbsent(root + '\0' + table, k -> new PartedRuns());
    }
    // Conditions name stored columns by their index: no offset.
    return new FilterEvaluator(0, runs);
  }

  /**
   * The database at {@code root} as of {@code snapshot}: the one already open in this JVM, or a
   * fresh discovery (outside the lock, so a slow file system does not hold up other scans).
   */
  public static Database open(String root, DatabaseOptions options, String snapshot) {
    Key key = new Key(root, options, snapshot);
    synchronized (OPEN) {
      Database db = OPEN.get(key);
      if (db != null) {
        return db;
      }
    }
    Database db = Database.open(Path.of(root), options);
    synchronized (OPEN) {
      Database raced = OPEN.putIfAbsent(key, db);
      return raced != null ? raced : db;
    }
  }
}
