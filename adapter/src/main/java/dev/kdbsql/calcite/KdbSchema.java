package dev.kdbsql.calcite;

import com.google.common.base.Suppliers;
import com.google.common.collect.Multimap;
import dev.kdbsql.calcite.exec.SliceRunner;
import dev.kdbsql.calcite.sql.KdbFunctions;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.Lookup;

/**
 * One kdb+ database root as a Calcite schema: a table per kdb+ table (flat, splayed or
 * partitioned; partitions never appear as tables), plus the kdb-flavoured functions
 * ({@code xbar}, {@code wavg}, {@code weighted_avg}, {@code first}, {@code last}, see
 * {@link KdbFunctions}).
 *
 * <p>The database is opened (discovered) when the schema is created, so a path that is not a
 * database fails at once, naming the path; the table map is built on first use and kept. The
 * schema is therefore a snapshot of the database's tables and partitions at that moment: a
 * partition written later is seen by schemas (connections) created after it is complete.
 * Tables storage could not read are not listed, but querying one by name gives its recorded
 * error (see {@link KdbTableLookup}).
 */
public final class KdbSchema extends AbstractSchema {
  private final Database database;
  private final KdbTypeMapper mapper;
  private final SliceRunner runner;
  private final boolean pushdown;
  private final long joinMemory;
  private final boolean directScan;
  private final Supplier<Map<String, Table>> tables;
  private final Supplier<Lookup<Table>> lookup;

  /** Creates a schema over an opened database. */
  public KdbSchema(Database database, KdbSchemaOptions options) {
    this.database = database;
    this.mapper = new KdbTypeMapper(options.timespan());
    this.runner = new SliceRunner(options.threads());
    this.pushdown = options.pushdown();
    this.joinMemory = options.joinMemoryLimit();
    this.directScan = options.directScan();
    this.tables = Suppliers.memoize(this::buildTables);
    this.lookup = Suppliers.memoize(
        () -> new KdbTableLookup(super.tables(), database));
  }

  /**
   * Opens the database at {@code root}; throws {@link dev.kdbsql.storage.StorageException}
   * naming the path when it is not one.
   */
  public static KdbSchema open(Path root, KdbSchemaOptions options) {
    return new KdbSchema(Database.open(root, options.storage()), options);
  }

  /** The database behind the schema. */
  public Database database() {
    return database;
  }

  private Map<String, Table> buildTables() {
    Map<String, Table> out = new LinkedHashMap<>();
    for (Map.Entry<String, KdbTable> e : database.tables().entrySet()) {
      out.put(e.getKey(), new KdbCalciteTable(e.getValue(), mapper, runner, pushdown,
          joinMemory, directScan));
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables.get();
  }

  @Override
  public Lookup<Table> tables() {
    return lookup.get();
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return KdbFunctions.all();
  }

  @Override
  public boolean isMutable() {
    return false;
  }

  @Override
  public String toString() {
    return "KdbSchema(" + database.root() + ")";
  }
}
