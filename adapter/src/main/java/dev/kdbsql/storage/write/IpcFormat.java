package dev.kdbsql.storage.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a table as a flat file, as {@code `:t set t} does (docs/kdb-format.md §7): {@code ff 01}
 * followed by the IPC serialization of the table: {@code 62 00 63}, the column names as a symbol
 * vector, then a general list of the columns. Symbols are stored as plain symbol vectors (not
 * enumerated) and strings as a general list of char vectors. IPC counts are 32-bit, so flat
 * tables are for small tables.
 */
final class IpcFormat {
  private IpcFormat() {}

  static void writeTable(LeOutput out, TableData t) throws IOException {
    out.putByte(0xff);
    out.putByte(0x01);
    out.putByte(98);
    out.putByte(0);
    out.putByte(99);
    symbols(out, t.columnNames().toArray(new String[0]));
    out.putByte(0);
    out.putByte(0);
    out.putInt(t.columns().size());
    for (ColumnData c : t.columns().values()) {
      if (c.isSymbol()) {
        symbols(out, c.stringValues());
      } else if (c.isList()) {
        out.putByte(0);
        out.putByte(0);
        out.putInt(c.length());
        int[] offsets = c.listOffsets();
        for (int i = 0; i < c.length(); i++) {
          out.putByte(c.kdbType().code());
          out.putByte(0);
          out.putInt(offsets[i + 1] - offsets[i]);
          VectorFormat.writeData(out, c.listElements(), offsets[i], offsets[i + 1]);
        }
      } else if (c.isString()) {
        out.putByte(0);
        out.putByte(0);
        out.putInt(c.length());
        for (String s : c.stringValues()) {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          out.putByte(10);
          out.putByte(0);
          out.putInt(b.length);
          out.putBytes(b);
        }
      } else {
        out.putByte(c.kdbType().code());
        out.putByte(0);
        out.putInt(c.length());
        VectorFormat.writeData(out, c);
      }
    }
  }

  private static void symbols(LeOutput out, String[] names) throws IOException {
    out.putByte(11);
    out.putByte(0);
    out.putInt(names.length);
    for (String s : names) {
      out.putBytes(s.getBytes(StandardCharsets.UTF_8));
      out.putByte(0);
    }
  }
}
