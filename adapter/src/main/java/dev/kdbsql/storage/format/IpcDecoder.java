package dev.kdbsql.storage.format;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.column.Values;
import dev.kdbsql.storage.io.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a q object serialized as {@code ff 01} + the IPC payload: flat tables, keyed tables,
 * dictionaries, general lists, symbol lists and atoms.
 *
 * <p>Simple vectors are not copied: they come back as {@link VectorRef}s pointing into the image,
 * so a flat table's columns read straight from the (mapped) file. Every length is checked against
 * the bytes left before anything is allocated, and nesting is bounded, so a lying file gives a
 * {@link StorageException} naming the offset, never an OutOfMemoryError or a stack overflow.
 */
public final class IpcDecoder {
  private static final int MAX_DEPTH = 64;

  private final Bytes bytes;
  private long pos;

  private IpcDecoder(Bytes bytes, long pos) {
    this.bytes = bytes;
    this.pos = pos;
  }

  /** A simple vector of {@code count} atoms of {@code type} at {@code offset} in the image. */
  public record VectorRef(KdbType type, Attribute attribute, long offset, long count) {}

  /** A symbol vector (decoded: symbols are not fixed width). */
  public record SymbolVector(String[] symbols, Attribute attribute) {}

  /** An enumerated vector inside a flat object: int32 indices into domain {@code domain}. */
  public record EnumRef(String domain, Attribute attribute, long offset, long count) {}

  /** A dictionary; keys and values are decoded objects of the same count. */
  public record Dict(Object keys, Object values) {}

  /** A table: column names and column objects, in order. */
  public record Table(String[] names, List<Object> columns) {}

  /** Decodes the object of the {@code ff 01} file image {@code bytes}. */
  public static Object decodeFile(Bytes bytes) {
    if (bytes.length() < 3 || (bytes.getByte(0) & 0xff) != 0xff || bytes.getByte(1) != 1) {
      throw new StorageException(bytes.file(), 0, "expected a serialized q object (ff 01)");
    }
    IpcDecoder d = new IpcDecoder(bytes, 2);
    Object o = d.object(0);
    return o;
  }

  private StorageException bad(long at, String what) {
    return new StorageException(bytes.file(), at, what);
  }

  private int u8() {
    need(1, "a byte");
    return bytes.getByte(pos++) & 0xff;
  }

  private int i32() {
    need(4, "an int32");
    int v = bytes.getInt(pos);
    pos += 4;
    return v;
  }

  private void need(long n, String what) {
    if (n < 0 || pos + n > bytes.length() || pos + n < pos) {
      throw bad(pos, "truncated: expected " + what + " (" + n + " bytes) but the file has "
          + Math.max(0, bytes.length() - pos) + " left");
    }
  }

  private int count(int width, String what) {
    long at = pos;
    int n = i32();
    if (n < 0) {
      throw bad(at, "negative count " + n + " for " + what);
    }
    long left = bytes.length() - pos;
    if ((long) n * Math.max(width, 1) > left) {
      throw bad(at, "count " + n + " of " + what + " needs at least " + (long) n * Math.max(width, 1)
          + " bytes but only " + left + " remain");
    }
    return n;
  }

  private String symbol() {
    long start = pos;
    long end = start;
    long len = bytes.length();
    while (end < len && bytes.getByte(end) != 0) {
      end++;
    }
    if (end >= len) {
      throw bad(start, "symbol not terminated by NUL before the end of the file");
    }
    if (end - start > Integer.MAX_VALUE - 8) {
      throw bad(start, "symbol too long");
    }
    byte[] b = new byte[(int) (end - start)];
    bytes.getBytes(start, b, 0, b.length);
    pos = end + 1;
    return new String(b, StandardCharsets.UTF_8);
  }

  private Attribute attribute() {
    long at = pos;
    int a = u8();
    Attribute attr = Attribute.ofCode(a);
    if (attr == null) {
      throw bad(at, "unknown attribute code " + a);
    }
    return attr;
  }

  private Object object(int depth) {
    if (depth > MAX_DEPTH) {
      throw bad(pos, "objects nested deeper than " + MAX_DEPTH);
    }
    long at = pos;
    int t = (byte) u8();
    if (t == -11) {
      return symbol();
    }
    if (t < 0 && t >= -19) {
      return atom(-t, at);
    }
    if (t > 0 && t <= 19) {
      Attribute attr = attribute();
      if (t == 11) {
        int n = count(1, "symbols");
        String[] syms = new String[n];
        for (int i = 0; i < n; i++) {
          syms[i] = symbol();
        }
        return new SymbolVector(syms, attr);
      }
      KdbType type = KdbType.ofCode(t);
      if (type == null) {
        throw bad(at, "unknown vector type " + t);
      }
      int n = count(type.width(), type.name().toLowerCase() + " atoms");
      VectorRef v = new VectorRef(type, attr, pos, n);
      pos += (long) n * type.width();
      return v;
    }
    if (t >= 20 && t <= 76) {
      String domain = symbol();
      Attribute attr = attribute();
      int n = count(4, "enumeration indices");
      EnumRef e = new EnumRef(domain, attr, pos, n);
      pos += 4L * n;
      return e;
    }
    switch (t) {
      case 0 -> {
        attribute();
        int n = count(1, "list items");
        List<Object> items = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
          items.add(object(depth + 1));
        }
        return items;
      }
      case 98 -> {
        attribute();
        Object d = object(depth + 1);
        if (!(d instanceof Dict dict) || !(dict.keys() instanceof SymbolVector names)
            || !(dict.values() instanceof List<?> cols) || cols.size() != names.symbols().length) {
          throw bad(at, "table whose payload is not a dictionary of column names to columns");
        }
        @SuppressWarnings("unchecked")
        List<Object> columns = (List<Object>) cols;
        return new Table(names.symbols(), columns);
      }
      case 99, 127 -> {
        Object k = object(depth + 1);
        Object v = object(depth + 1);
        return new Dict(k, v);
      }
      default -> throw bad(at, "unsupported object type " + t
          + " (functions and other non-data objects are not tables)");
    }
  }

  private Object atom(int t, long at) {
    KdbType type = KdbType.ofCode(t);
    if (type == null) {
      throw bad(at, "unknown atom type " + (-t));
    }
    need(type.width(), type.name().toLowerCase() + " atom");
    long p = pos;
    pos += type.width();
    return switch (type.width()) {
      case 1 -> Values.ofByte(type, bytes.getByte(p));
      case 2 -> {
        short s = bytes.getShort(p);
        yield s == Short.MIN_VALUE ? null : (Object) s;
      }
      case 4 -> type == KdbType.REAL ? nanToNull(bytes.getFloat(p)) : Values.ofInt(type, bytes.getInt(p));
      case 8 -> type == KdbType.FLOAT || type == KdbType.DATETIME
          ? Values.ofDouble(type, bytes.getDouble(p)) : Values.ofLong(type, bytes.getLong(p));
      case 16 -> {
        long hi = Long.reverseBytes(bytes.getLong(p));
        long lo = Long.reverseBytes(bytes.getLong(p + 8));
        yield hi == 0 && lo == 0 ? null : new java.util.UUID(hi, lo);
      }
      default -> throw bad(at, "unexpected atom width");
    };
  }

  private static Object nanToNull(float f) {
    return Float.isNaN(f) ? null : (Object) f;
  }
}
