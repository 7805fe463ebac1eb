package dev.kdbsql.storage.robust;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every value of a database, keyed by table, slice and column, as {@link Column#getObject} gives
 * it: what a mutated copy is compared against. Broken tables throw their recorded error.
 */
final class Snapshot {
  private Snapshot() {}

  static Map<String, List<Object>> of(Path root) {
    try (Database db = Database.open(root)) {
      return of(db);
    }
  }

  /** Reads {@code db}, which may be shared with other threads: every slice is its own. */
  static Map<String, List<Object>> of(Database db) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (StorageException e : db.unreadableTables().values()) {
      throw e;
    }
    for (KdbTable t : db.tables().values()) {
      int slice = 0;
      for (TableSlice s : t.slices()) {
        try (s) {
          for (int i = 0; i < t.columns().size(); i++) {
            Column c = s.column(i);
            List<Object> values = new ArrayList<>();
            for (long r = 0; r < s.rowCount(); r++) {
              values.add(c.getObject(r));
            }
            out.put(t.name() + "/" + slice + "/" + t.columns().get(i).name(), values);
          }
        }
        slice++;
      }
    }
    return out;
  }
}
