package dev.kdbsql.calcite;

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
 * instead of saying "Object not found". Listing ({@link #getNames}) shows only readable tables,
 * so that JDBC metadata and tools that describe every listed table keep working.
 */
final class KdbTableLookup implements Lookup<Table> {
  private final Lookup<Table> readable;
  private final Map<String, StorageException> unreadable;

  /** Creates the lookup over {@code readable} and the recorded errors of {@code unreadable}. */
  KdbTableLookup(Lookup<Table> readable, Map<String, StorageException> unreadable) {
    this.readable = readable;
    this.unreadable = unreadable;
  }

  @Override
  public Table get(String name) {
    Table t = readable.get(name);
    if (t == null && unreadable.containsKey(name)) {
      throw unreadable.get(name);
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
    }
    return t;
  }

  @Override
  public Set<String> getNames(LikePattern pattern) {
    return readable.getNames(pattern);
  }
}
