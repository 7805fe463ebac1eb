package dev.kdbsql.storage.write;

import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
/**
 * The values of one column to be written: a kdb+ type and the caller's primitive array, held
 * without copying (only {@link #booleans(boolean[])} converts, to bytes). Values use kdb+'s own encodings and sentinels (see
 * {@link dev.kdbsql.storage.Nulls} and {@link dev.kdbsql.storage.Temporals}): a null int is
 * {@code Integer.MIN_VALUE}, a date is days since 2000-01-01, the null symbol is {@code ""}.
 * Float and real NaNs are written as q's canonical null bit patterns.
 *
 * <p>Four shapes exist, each with its own file format: simple vectors (types 1..19 except 11,
 * written as {@code fe 20}), symbols (enumerated against a domain, {@code fd 20}), strings
 * (lists of chars) and lists of other simple atoms, both written as an anymap pair {@code col} +
 * {@code col#}. The arrays must not be
 * changed while a write is in progress.
 */
public final class ColumnData {
  private final KdbType type;
  private final boolean string;
  private final Object values;
  private final Object extra;
  private final int length;

  private ColumnData(KdbType type, boolean string, Object values, Object extra, int length) {
    this.type = type;
    this.string = string;
    this.values = values;
    this.extra = extra;
    this.length = length;
  }

  private static KdbType require(KdbType t, boolean ok, String factory) {
    if (!ok) {
      throw new IllegalArgumentException(factory + " cannot hold kdb+ type " + t);
    }
    return t;
  }

  /** Booleans (type 1, {@code b}). */
  public static ColumnData booleans(boolean[] v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) (v[i] ? 1 : 0);
    }
    return new ColumnData(KdbType.BOOLEAN, false, b, null, b.length);
  }

  /**
   * Guids (type 2, {@code g}): the 16 bytes as two big-endian halves, as {@link java.util.UUID}'s
   * most and least significant bits; the all-zero guid is null.
   */
  public static ColumnData guids(long[] high, long[] low) {
    if (high.length != low.length) {
      throw new IllegalArgumentException("guid halves differ in length: " + high.length + " and "
          + low.length);
    }
    return new ColumnData(KdbType.GUID, false, high, low, high.length);
  }

  /** One-byte values: booleans (0/1), bytes ({@code x}) or chars ({@code c}, space is null). */
  public static ColumnData bytes(KdbType type, byte[] v) {
    require(type, type == KdbType.BOOLEAN || type == KdbType.BYTE || type == KdbType.CHAR, "bytes");
    return new ColumnData(type, false, v, null, v.length);
  }

  /** Shorts (type 5, {@code h}). */
  public static ColumnData shorts(short[] v) {
    return new ColumnData(KdbType.SHORT, false, v, null, v.length);
  }

  /** Ints ({@code i}) or an int-encoded temporal: month, date, minute, second, time. */
  public static ColumnData ints(KdbType type, int[] v) {
    require(type, type.isIntLike(), "ints");
    return new ColumnData(type, false, v, null, v.length);
  }

  /** Longs ({@code j}) or a long-encoded temporal: timestamp, timespan. */
  public static ColumnData longs(KdbType type, long[] v) {
    require(type, type.isLongLike(), "longs");
    return new ColumnData(type, false, v, null, v.length);
  }

  /** Reals (type 8, {@code e}). */
  public static ColumnData reals(float[] v) {
    return new ColumnData(KdbType.REAL, false, v, null, v.length);
  }

  /** Floats ({@code f}) or datetimes ({@code z}, fractional days since 2000-01-01). */
  public static ColumnData doubles(KdbType type, double[] v) {
    require(type, type == KdbType.FLOAT || type == KdbType.DATETIME, "doubles");
    return new ColumnData(type, false, v, null, v.length);
  }

  /** Symbols ({@code s}); {@code ""} is the null symbol. Written as an enumeration. */
  public static ColumnData symbols(String[] v) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] == null || v[i].indexOf('\0') >= 0) {
        throw new IllegalArgumentException("symbol at row " + i + " is null or contains NUL; "
            + "use \"\" for the null symbol");
      }
    }
    return new ColumnData(KdbType.SYMBOL, false, v, null, v.length);
  }

  /** Strings (lists of chars, q's {@code C}), stored as UTF-8. Written as an anymap pair. */
  public static ColumnData strings(String[] v) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] == null) {
        throw new IllegalArgumentException("string at row " + i + " is null; use \"\"");
      }
    }
    return new ColumnData(KdbType.CHAR, true, v, null, v.length);
  }

  /**
   * Lists of atoms of one type (q's nested typed columns, such as {@code (1 2;3 4 5)}): row
   * {@code i} holds rows {@code [offsets[i], offsets[i + 1])} of {@code elements}, a simple
   * column (not symbols, not strings). Written as an anymap pair {@code col} + {@code col#}, as
   * q 3.6+ {@code set} writes a list of vectors.
   */
  public static ColumnData lists(ColumnData elements, int[] offsets) {
    if (elements.string || elements.isSymbol() || elements.isList()) {
      throw new IllegalArgumentException("lists of " + elements.type() + " cannot be written "
          + "(only lists of simple atoms)");
    }
    if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != elements.length) {
      throw new IllegalArgumentException("list offsets must run from 0 to the element count "
          + elements.length);
    }
    for (int i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1]) {
        throw new IllegalArgumentException("list offsets descend at row " + (i - 1));
      }
    }
    return new ColumnData(elements.type, false, elements, offsets, offsets.length - 1);
  }

  /** An empty column of {@code type}: for empty tables such as {@code .Q.chk} writes. */
  public static ColumnData empty(ColumnType type) {
    if (type.isString()) {
      return strings(new String[0]);
    }
    KdbType t = type.element();
    if (t != null && type.nested() && t != KdbType.SYMBOL) {
      return lists(empty(ColumnType.of(t)), new int[1]);
    }
    if (t == null || type.nested()) {
      throw new IllegalArgumentException("cannot write an empty column of type " + type
          + " (only simple types, symbols and strings)");
    }
    return switch (t) {
      case BOOLEAN, BYTE, CHAR -> bytes(t, new byte[0]);
      case GUID -> guids(new long[0], new long[0]);
      case SHORT -> shorts(new short[0]);
      case REAL -> reals(new float[0]);
      case FLOAT, DATETIME -> doubles(t, new double[0]);
      case SYMBOL -> symbols(new String[0]);
      default -> t.isLongLike() ? longs(t, new long[0]) : ints(t, new int[0]);
    };
  }

  /** The kdb+ type of the atoms (CHAR for strings). */
  public KdbType kdbType() {
    return type;
  }

  /** What the column holds, as the reader reports it. */
  public ColumnType type() {
    return string ? ColumnType.STRING : isList() ? ColumnType.listOf(type) : ColumnType.of(type);
  }

  /** Whether this is a column of lists of atoms ({@link #lists}). */
  public boolean isList() {
    return values instanceof ColumnData;
  }

  /** Whether this is a string (list of chars) column. */
  public boolean isString() {
    return string;
  }

  /** Whether this is a symbol column. */
  public boolean isSymbol() {
    return type == KdbType.SYMBOL;
  }

  /** Number of rows. */
  public int length() {
    return length;
  }

  /** The column with rows taken in {@code order} (a permutation or selection of row numbers). */
  public ColumnData select(int[] order) {
    int n = order.length;
    if (isList()) {
      int[] offsets = listOffsets();
      int[] out = new int[n + 1];
      for (int i = 0; i < n; i++) {
        out[i + 1] = out[i] + offsets[order[i] + 1] - offsets[order[i]];
      }
      int[] items = new int[out[n]];
      for (int i = 0, k = 0; i < n; i++) {
        for (int e = offsets[order[i]]; e < offsets[order[i] + 1]; e++) {
          items[k++] = e;
        }
      }
      return lists(listElements().select(items), out);
    }
    Object v;
    if (values instanceof byte[] a) {
      byte[] r = new byte[n];
      for (int i = 0; i < n; i++) {
        r[i] = a[order[i]];
      }
      v = r;
    } else if (values instanceof short[] a) {
      short[] r = new short[n];
      for (int i = 0; i < n; i++) {
        r[i] = a[order[i]];
      }
      v = r;
    } else if (values instanceof int[] a) {
      int[] r = new int[n];
      for (int i = 0; i < n; i++) {
        r[i] = a[order[i]];
      }
      v = r;
    } else if (values instanceof long[] a) {
      v = selectLongs(a, order);
    } else if (values instanceof float[] a) {
      float[] r = new float[n];
      for (int i = 0; i < n; i++) {
        r[i] = a[order[i]];
      }
      v = r;
    } else if (values instanceof double[] a) {
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = a[order[i]];
      }
      v = r;
    } else {
      String[] a = (String[]) values;
      String[] r = new String[n];
      for (int i = 0; i < n; i++) {
        r[i] = a[order[i]];
      }
      v = r;
    }
    Object x = extra == null ? null : selectLongs((long[]) extra, order);
    return new ColumnData(type, string, v, x, n);
  }

  private static long[] selectLongs(long[] a, int[] order) {
    long[] r = new long[order.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = a[order[i]];
    }
    return r;
  }

  byte[] byteValues() {
    return (byte[]) values;
  }

  short[] shortValues() {
    return (short[]) values;
  }

  int[] intValues() {
    return (int[]) values;
  }

  long[] longValues() {
    return (long[]) values;
  }

  /** Guid columns: the low halves ({@link #longValues()} holds the high ones). */
  long[] guidLowValues() {
    return (long[]) extra;
  }

  float[] floatValues() {
    return (float[]) values;
  }

  double[] doubleValues() {
    return (double[]) values;
  }

  String[] stringValues() {
    return (String[]) values;
  }

  /** List columns: the elements of all rows, in order. */
  ColumnData listElements() {
    return (ColumnData) values;
  }

  /** List columns: row {@code i} holds elements {@code [offsets[i], offsets[i + 1])}. */
  int[] listOffsets() {
    return (int[]) extra;
  }

  @Override
  public String toString() {
    return type() + "[" + length + "]";
  }
}
