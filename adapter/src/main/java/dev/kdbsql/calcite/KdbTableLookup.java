package dev.kdbsql.calcite;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.StorageException;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;

/**
 * The table lookup of a {@link KdbSchema}: its readable tables, plus the tables storage found
 * but could not read ({@link dev.kdbsql.storage.Database#unreadableTables()}, such as a splayed
 * directory without {@code .d}). Looking one of those up by name throws its recorded
 * {@link StorageException}, which names the file, so a query on it explains what is wrong
 * instead of saying "Object not found"; so does a name found nowhere while a partition could not
 * be read ({@link Database#unknownTable}), which may hold it. Listing ({@link #getNames}) shows
 * only readable tables, so that JDBC metadata and tools that describe every listed table keep
 * working.
 */
final class KdbTableLookup implements Lookup<Table> {
  private final Lookup<Table> readable;
  private final Database database;
  private final Map<String, StorageException> unreadable;

  /** Creates the lookup over {@code readable} and the recorded errors of {@code database}. */
  KdbTableLookup(Lookup<Table> readable, Database database) {
    this.readable = readable;
    this.database = database;
    this.unreadable = database.unreadableTables();
  }

  @Override
  public Table get(String name) {
    Table t = readable.get(name);
    if (t == null) {
      StorageException e = unreadable.containsKey(name) ? unreadable.get(name)
          : database.unknownTable(name);
      if (e != null) {
        throw e;
      }
    }
    return t;
  }

  @Override
  public Named<Table> getIgnoreCase(String name) {
    Named<Table> t = readable.getIgnoreCase(name);
    if (t == null) {
      for (Map.Entry<String, StorageException> e : unreadable.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          throw e.getValue();
        }
      }
      StorageException e = database.unknownTable(name);
      if (e != null) {
        throw e;
      }
    }
    return t;
  }

  @Override
  public Set<String> getNames(LikePattern pattern) {
    return readable.getNames(pattern);
  }
}
