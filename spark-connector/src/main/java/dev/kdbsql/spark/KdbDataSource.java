package dev.kdbsql.spark;

import dev.kdbsql.spark.read.DatabaseCache;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code kdb} data source: {@code spark.read.format("kdb").option("table", "trade")
 * .load("/path/to/hdb")} reads a table of a kdb+ database on disk, without q (options in
 * {@link KdbOptions}, types in {@link SparkTypes}). Spark makes one instance per {@code load} and
 * asks it for the schema and then the table; the database is discovered once for both. The
 * schema is the database's own: a user-specified schema is refused.
 */
public final class KdbDataSource implements TableProvider, DataSourceRegister {
  /** The short name registered with Spark. */
  public static final String SHORT_NAME = "kdb";

  private KdbOptions requested;
  private KdbSparkTable loaded;

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return table(options).schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning,
      Map<String, String> properties) {
    return table(properties);
  }

  private synchronized KdbSparkTable table(Map<String, String> properties) {
    KdbOptions options = KdbOptions.parse(properties);
    if (options.equals(requested)) {
      return loaded;
    }
    Database db = Database.open(localPath(options.path()), options.storage());
    KdbTable table = pick(db, options);
    String snapshot = UUID.randomUUID().toString();
    DatabaseCache.register(snapshot, db);
    loaded = new KdbSparkTable(table, options.withTable(table.name()), snapshot);
    requested = options;
    return loaded;
  }

  /**
   * The database path: a plain path, or a {@code file:} URI (Spark's catalog qualifies the path
   * of {@code CREATE TABLE ... USING kdb} so). Other file systems have no memory-mapped files.
   */
  static Path localPath(String path) {
    if (path.startsWith("file:")) {
      return Path.of(URI.create(path));
    }
    if (path.matches("[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      throw new IllegalArgumentException("kdb+ databases are read from a local or mounted file "
          + "system, by path: " + path + " is not one");
    }
    return Path.of(path);
  }

  /** The table the options name (exact case first, then ignoring case), or the only one. */
  private static KdbTable pick(Database db, KdbOptions options) {
    String name = options.table();
    Map<String, Object> all = new TreeMap<>(db.tables());
    all.putAll(db.unreadableTables());
    if (name == null || name.isBlank()) {
      if (all.size() == 1) {
        return db.table(all.keySet().iterator().next());
      }
      throw new IllegalArgumentException("option table is required: the database at "
          + db.root() + " holds " + (all.isEmpty() ? "no tables" : "tables " + all.keySet()));
    }
    if (all.containsKey(name)) {
      return db.table(name);
    }
    String match = null;
    for (String n : all.keySet()) {
      if (n.equalsIgnoreCase(name)) {
        if (match != null) {
          throw new IllegalArgumentException("table " + name + " is ambiguous in " + db.root()
              + ": " + match + " and " + n + " differ only in case");
        }
        match = n;
      }
    }
    if (match == null) {
      throw new IllegalArgumentException("no table " + name + " in the kdb+ database at "
          + db.root() + " (tables: " + all.keySet() + ")");
    }
    return db.table(match);
  }
}
