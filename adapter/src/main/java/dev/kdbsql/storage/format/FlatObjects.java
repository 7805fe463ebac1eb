package dev.kdbsql.storage.format;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.column.ObjectListColumn;
import dev.kdbsql.storage.column.SymbolArrayColumn;
import dev.kdbsql.storage.column.VectorColumn;
import dev.kdbsql.storage.io.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns objects decoded by {@link IpcDecoder} into columns: the columns of a flat (single-file)
 * table, keyed tables included, and general-list columns.
 */
public final class FlatObjects {
  private FlatObjects() {}

  /**
   * The columns of the flat table stored in {@code b}, by name in table order (key columns first
   * for a keyed table); throws when the file holds something other than a table.
   */
  public static Map<String, Column> tableColumns(Bytes b, DomainResolver domains) {
    Object o = IpcDecoder.decodeFile(b);
    Map<String, Column> out = new LinkedHashMap<>();
    if (o instanceof IpcDecoder.Dict d && d.keys() instanceof IpcDecoder.Table k
        && d.values() instanceof IpcDecoder.Table v) {
      addColumns(out, k, b, domains);
      addColumns(out, v, b, domains);
    } else if (o instanceof IpcDecoder.Table t) {
      addColumns(out, t, b, domains);
    } else {
      throw new StorageException(b.file(), 2, "file holds a serialized object that is not a table");
    }
    long rows = -1;
    for (Map.Entry<String, Column> e : out.entrySet()) {
      if (rows >= 0 && e.getValue().size() != rows) {
        throw new StorageException(b.file(), -1, "ragged flat table: column " + e.getKey()
            + " has " + e.getValue().size() + " rows, expected " + rows);
      }
      rows = e.getValue().size();
    }
    return out;
  }

  /** Whether the serialized object starting at byte 2 of {@code b} is a table (keyed or not). */
  public static boolean isTable(Bytes b) {
    if (b.length() < 4 || (b.getByte(0) & 0xff) != 0xff || b.getByte(1) != 1) {
      return false;
    }
    int t = b.getByte(2);
    return t == 98 || ((t == 99 || t == 127) && b.getByte(3) == 98);
  }

  private static void addColumns(Map<String, Column> out, IpcDecoder.Table t, Bytes b,
      DomainResolver domains) {
    for (int i = 0; i < t.names().length; i++) {
      String name = t.names()[i];
      if (out.containsKey(name)) {
        throw new StorageException(b.file(), -1, "duplicate column name " + name);
      }
      out.put(name, column(t.columns().get(i), b, domains));
    }
  }

  private static Column column(Object o, Bytes b, DomainResolver domains) {
    if (o instanceof IpcDecoder.VectorRef v) {
      return VectorColumn.of(b, v.offset(), v.count(), v.type(), v.attribute());
    }
    if (o instanceof IpcDecoder.SymbolVector s) {
      return new SymbolArrayColumn(b.file(), s.symbols(), s.attribute());
    }
    if (o instanceof IpcDecoder.EnumRef e) {
      return new EnumColumn(b, e.offset(), e.count(), 4, domains.resolve(e.domain(), b.file()),
          e.attribute());
    }
    if (o instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) list;
      return listColumn(b.file(), items, b);
    }
    throw new StorageException(b.file(), -1, "flat table column is not a list");
  }

  /** A general-list column: each item decoded to a Java value (strings for char vectors). */
  static Column listColumn(Path file, List<Object> items, Bytes b) {
    List<Object> values = new ArrayList<>(items.size());
    ColumnType type = null;
    boolean mixed = false;
    for (Object item : items) {
      ColumnType t = itemType(item);
      if (type == null) {
        type = t;
      } else if (!type.equals(t)) {
        mixed = true;
      }
      values.add(decode(item, b));
    }
    return new ObjectListColumn(file, type == null || mixed ? ColumnType.GENERAL : type, values);
  }

  private static ColumnType itemType(Object item) {
    if (item instanceof IpcDecoder.VectorRef v) {
      return ColumnType.listOf(v.type());
    }
    if (item instanceof IpcDecoder.SymbolVector) {
      return ColumnType.listOf(KdbType.SYMBOL);
    }
    return ColumnType.GENERAL;
  }

  /** A decoded Java value for an object from {@link IpcDecoder}. */
  static Object decode(Object o, Bytes b) {
    if (o instanceof IpcDecoder.VectorRef v) {
      if (v.type() == KdbType.CHAR) {
        byte[] s = new byte[(int) v.count()];
        b.getBytes(v.offset(), s, 0, s.length);
        return new String(s, StandardCharsets.UTF_8);
      }
      VectorColumn c = VectorColumn.of(b, v.offset(), v.count(), v.type(), v.attribute());
      List<Object> out = new ArrayList<>((int) v.count());
      for (long i = 0; i < v.count(); i++) {
        out.add(c.getObject(i));
      }
      return out;
    }
    if (o instanceof IpcDecoder.SymbolVector s) {
      List<Object> out = new ArrayList<>(s.symbols().length);
      for (String sym : s.symbols()) {
        out.add(sym.isEmpty() ? null : sym);
      }
      return out;
    }
    if (o instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object x : list) {
        out.add(decode(x, b));
      }
      return out;
    }
    if (o instanceof IpcDecoder.Dict d) {
      // Not Map.of: a decoded part may be a null atom.
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", decode(d.keys(), b));
      m.put("value", decode(d.values(), b));
      return m;
    }
    if (o instanceof IpcDecoder.Table t) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < t.names().length; i++) {
        m.put(t.names()[i], decode(t.columns().get(i), b));
      }
      return m;
    }
    if (o instanceof IpcDecoder.EnumRef) {
      throw new StorageException(b.file(), -1, "enumeration nested inside a list is not supported");
    }
    return o;
  }
}
