package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A kdb+ 3.6+ mapped list (type 77, "anymap"): the column file holds one 8-byte reference per
 * row into the companion {@code col#}, whose items describe themselves. Symbols inside items are
 * indices into the companion {@code col##} symbol list.
 *
 * <p>Item layout (docs/kdb-format.md §5.2 and §16): a first byte {@code 0xfb} starts a full item
 * ({@code fb 00 type attr, int32, int64 count}, then data or, for general lists, tables and
 * dictionaries, 8-byte references); any other first byte is a compact item {@code 0x7f + type}
 * with, for vectors, a one-byte count. Item lengths are never derived from neighbouring
 * references, since q deduplicates equal items.
 */
public final class AnymapColumn implements Column {
  /** Where items start in {@code col#}: after its own 4096-byte {@code fd 20} page. */
  static final long DATA_BASE = 4096;
  private static final long OFFSET_MASK = 0x00ff_ffff_ffff_ffffL;
  private static final int MAX_DEPTH = 32;
  private static final int SAMPLE = 16;

  private final Bytes refs;
  private final long refsOffset;
  private final long size;
  private final Bytes data;
  private final String[] symbols;
  private final Path symbolsFile;
  private final ColumnType type;

  /**
   * Creates the column. {@code symbols} is the {@code col##} list (null when the file is absent),
   * {@code symbolsFile} its path for messages.
   */
  public AnymapColumn(Bytes refs, long refsOffset, long size, Bytes data, String[] symbols,
      Path symbolsFile) {
    this.refs = refs;
    this.refsOffset = refsOffset;
    this.size = size;
    this.data = data;
    this.symbols = symbols;
    this.symbolsFile = symbolsFile;
    this.type = inferType();
  }

  /** The type of the items, judged from the first few rows (strings by far the most common). */
  private ColumnType inferType() {
    KdbType seen = null;
    long n = Math.min(size, SAMPLE);
    for (long r = 0; r < n; r++) {
      long p = itemPos(r);
      int b = data.getByte(p) & 0xff;
      int t = b == 0xfb ? data.getByte(p + 2) : b - 0x7f;
      KdbType k = KdbType.ofCode(Math.abs(t));
      if (t == 20 || t == -20) {
        k = KdbType.SYMBOL;
      }
      if (k == null || (t < 0 && k != KdbType.CHAR) || (seen != null && seen != k)) {
        return ColumnType.GENERAL;
      }
      seen = k;
    }
    return seen == null ? ColumnType.STRING : ColumnType.listOf(seen);
  }

  private long itemPos(long row) {
    long ref = refs.getLong(refsOffset + (Objects.checkIndex(row, size) << 3));
    return DATA_BASE + (ref & OFFSET_MASK);
  }

  @Override
  public ColumnType type() {
    return type;
  }

  @Override
  public Attribute attribute() {
    return Attribute.NONE;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Path file() {
    return refs.file();
  }

  @Override
  public String getString(long row) {
    long p = itemPos(row);
    int b = data.getByte(p) & 0xff;
    if (b == 0x89) {
      return text(p + 2, data.getByte(p + 1) & 0xff);
    }
    if (b == 0x75) {
      return text(p + 1, 1);
    }
    if (b == 0xfb && data.getByte(p + 2) == 10) {
      return text(p + 16, checkedCount(p, 1));
    }
    Object o = item(p, 0);
    return o == null ? "" : o.toString();
  }

  private String text(long pos, long len) {
    byte[] b = new byte[(int) len];
    data.getBytes(pos, b, 0, b.length);
    return new String(b, StandardCharsets.UTF_8);
  }

  private long checkedCount(long p, int width) {
    long n = data.getLong(p + 8);
    long room = (data.length() - p - 16) / Math.max(width, 1);
    if (n < 0 || n > room || n > Integer.MAX_VALUE - 8) {
      throw new StorageException(data.file(), p + 8, "anymap item count " + n + " exceeds the "
          + room + " items that fit in the rest of the file");
    }
    return n;
  }

  @Override
  public Object getObject(long row) {
    return item(itemPos(row), 0);
  }

  @Override
  public boolean isNull(long row) {
    return false;
  }

  private Object item(long p, int depth) {
    if (depth > MAX_DEPTH) {
      throw new StorageException(data.file(), p, "anymap items nested deeper than " + MAX_DEPTH);
    }
    int b = data.getByte(p) & 0xff;
    if (b == 0xfb) {
      return fullItem(p, depth);
    }
    int t = b - 0x7f;
    if (t < 0) {
      return atom(-t, p + 1, p);
    }
    int n = data.getByte(p + 1) & 0xff;
    return vector(t, p + 2, n, p);
  }

  private Object fullItem(long p, int depth) {
    int t = data.getByte(p + 2);
    switch (t) {
      case 0, 77 -> {
        long n = checkedCount(p, 8);
        List<Object> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
          out.add(item(DATA_BASE + (data.getLong(p + 16 + 8 * i) & OFFSET_MASK), depth + 1));
        }
        return out;
      }
      case 98, 99 -> {
        Object keys = item(DATA_BASE + (data.getLong(p + 16) & OFFSET_MASK), depth + 1);
        Object vals = item(DATA_BASE + (data.getLong(p + 24) & OFFSET_MASK), depth + 1);
        return dictionary(keys, vals, p);
      }
      default -> {
        KdbType k = KdbType.ofCode(t);
        int width = t == 20 ? 8 : t == 11 ? 4 : k == null ? 0 : k.width();
        if (width == 0) {
          throw new StorageException(data.file(), p, "unsupported anymap item type " + t);
        }
        return vector(t, p + 16, checkedCount(p, width), p);
      }
    }
  }

  /** Tables and dictionaries inside an anymap: column name (or key) to value, in order. */
  private Map<Object, Object> dictionary(Object keys, Object vals, long p) {
    Map<Object, Object> m = new LinkedHashMap<>();
    if (keys instanceof List<?> ks && vals instanceof List<?> vs && ks.size() == vs.size()) {
      for (int i = 0; i < ks.size(); i++) {
        m.put(ks.get(i), vs.get(i));
      }
      return m;
    }
    if (keys instanceof Map<?, ?> && vals instanceof Map<?, ?>) {
      m.put("key", keys);
      m.put("value", vals);
      return m;
    }
    throw new StorageException(data.file(), p, "anymap table or dictionary with mismatched parts");
  }

  private Object vector(int t, long pos, long n, long itemPos) {
    if (t == 10) {
      return text(pos, n);
    }
    List<Object> out = new ArrayList<>((int) Math.min(n, 1 << 16));
    if (t == 11 || t == 20) {
      int w = t == 20 ? 8 : 4;
      for (long i = 0; i < n; i++) {
        out.add(symbolAt(w == 8 ? data.getLong(pos + 8 * i) : data.getInt(pos + 4 * i), pos + w * i));
      }
      return out;
    }
    KdbType k = KdbType.ofCode(t);
    if (k == null) {
      throw new StorageException(data.file(), itemPos, "unsupported anymap item type " + t);
    }
    for (long i = 0; i < n; i++) {
      out.add(atom(t, pos + i * k.width(), itemPos));
    }
    return out;
  }

  private Object atom(int t, long pos, long itemPos) {
    if (t == 11) {
      return symbolAt(data.getInt(pos), pos);
    }
    if (t == 20) {
      return symbolAt(data.getLong(pos), pos);
    }
    KdbType k = KdbType.ofCode(t);
    if (k == null) {
      throw new StorageException(data.file(), itemPos, "unsupported anymap atom type " + (-t));
    }
    return switch (k.width()) {
      case 1 -> k == KdbType.CHAR ? String.valueOf((char) (data.getByte(pos) & 0xff))
          : Values.ofByte(k, data.getByte(pos));
      case 2 -> {
        short s = data.getShort(pos);
        yield s == Short.MIN_VALUE ? null : (Object) s;
      }
      case 4 -> k == KdbType.REAL ? nanToNull(data.getFloat(pos)) : Values.ofInt(k, data.getInt(pos));
      case 8 -> k == KdbType.FLOAT || k == KdbType.DATETIME
          ? Values.ofDouble(k, data.getDouble(pos)) : Values.ofLong(k, data.getLong(pos));
      default -> {
        long hi = Long.reverseBytes(data.getLong(pos));
        long lo = Long.reverseBytes(data.getLong(pos + 8));
        yield hi == 0 && lo == 0 ? null : new java.util.UUID(hi, lo);
      }
    };
  }

  private static Object nanToNull(float f) {
    return Float.isNaN(f) ? null : (Object) f;
  }

  private String symbolAt(long index, long pos) {
    if (index == Long.MIN_VALUE || index == Integer.MIN_VALUE) {
      return null;
    }
    if (symbols == null) {
      throw new StorageException(data.file(), pos, "anymap item holds symbols but "
          + symbolsFile + " (the ## companion) is missing");
    }
    if (index < 0 || index >= symbols.length) {
      throw new StorageException(data.file(), pos, "symbol index " + index + " outside the "
          + symbols.length + " symbols of " + symbolsFile);
    }
    String s = symbols[(int) index];
    return s.isEmpty() ? null : s;
  }
}
