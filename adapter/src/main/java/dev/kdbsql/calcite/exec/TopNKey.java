package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.SortKey;
import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;

/**
 * One sort key of a {@link TopN} over one slice: the raw-to-ordered conversion of its
 * {@link KeyKind}, the comparison of two rows, and {@link #effective}, the key with direction and
 * null placement folded in, whose order never contradicts the exact comparison (ties may hide an
 * order, which the full comparison then decides). Guids and text have keys of their own
 * ({@link GuidKey}, {@link TextKey}); {@link RawInterval} tests a block's raw values at once.
 */
class TopNKey {
  final SortKey sortKey;
  final Column column;
  final KeyKind kind;
  /** The key of NULL: first or last whatever the direction. */
  final long nullKey;
  /** {@code -1} descending, {@code 0} ascending: {@code v ^ flip} is the direction folded in. */
  final long flip;
  /** Scratch of the bulk reads, allocated on first use (a key belongs to one slice). */
  private int[] ints;
  private long[] longs;
  private byte[] bytes;
  private double[] doubles;

  TopNKey(SortKey sortKey, Column column, KeyKind kind) {
    this.sortKey = sortKey;
    this.column = column;
    this.kind = kind;
    this.nullKey = sortKey.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
    this.flip = sortKey.descending() ? -1L : 0L;
  }

  /**
   * What {@link #effective} keys compare on across slices: keys of two slices compare only if
   * their scales are the same object (the kind, or the symbol domain of ranks).
   */
  Object scale() {
    return kind;
  }

  /**
   * Whether rows of effective key {@code e} all hold the same value, so that a tie there is a
   * tie in Calcite's order. Only a long's extreme value (0W) folds onto NULL's key: its
   * complement is {@link Long#MIN_VALUE}, and ascending it is {@link Long#MAX_VALUE}.
   */
  boolean exactAt(long e) {
    return kind != KeyKind.LONG || e != Long.MIN_VALUE && e != Long.MAX_VALUE;
  }

  /** The ordered value of {@code row}, {@link Long#MIN_VALUE} for NULL. */
  long raw(long row) {
    return switch (kind) {
      case BOOLEAN, BYTE, CHAR -> ofByte(column.getByte(row));
      case DOUBLE -> ofDouble(column.type().element() == KdbType.REAL
          ? column.getFloat(row) : column.getDouble(row));
      case DATETIME -> ofDouble(column.getDouble(row));
      case SHORT -> ofLong(column.getShort(row));
      case LONG, NANOS_OF_DAY -> ofLong(column.getLong(row));
      case INT, DATE, MONTH, MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY ->
          ofLong(column.getInt(row));
      case CONSTANT, SYMBOL_RANK, GUID, TEXT, COMPUTED ->
          throw new IllegalStateException(kind.name());
    };
  }

  /** The ordered value of a boolean, byte or char. */
  private long ofByte(byte b) {
    return switch (kind) {
      case BOOLEAN -> b != 0 ? 1 : 0;
      case CHAR -> b == Nulls.CHAR_NULL ? Long.MIN_VALUE : b & 0xff;
      default -> b & 0xff;
    };
  }

  /** The ordered value of a real, float or datetime (NaN is NULL). */
  private long ofDouble(double v) {
    if (Double.isNaN(v)) {
      return Long.MIN_VALUE;
    }
    // Datetimes as the readers compute them (CalciteValues).
    return kind == KeyKind.DATETIME ? CalciteValues.datetimeMillis(v) : orderedBits(v);
  }

  /** The ordered value of a short, int-like or long-like value, widened. */
  private long ofLong(long v) {
    return switch (kind) {
      case SHORT -> v == Nulls.SHORT_NULL ? Long.MIN_VALUE : v;
      case INT -> v == Nulls.INT_NULL ? Long.MIN_VALUE : v;
      // Dates and months as the readers compute them (CalciteValues).
      case DATE -> v == Nulls.INT_NULL ? Long.MIN_VALUE : CalciteValues.epochDay((int) v);
      case MONTH -> v == Nulls.INT_NULL ? Long.MIN_VALUE : CalciteValues.monthEpochDay((int) v);
      case MILLIS_OF_DAY -> ofDay((int) v, 1);
      case SECONDS_OF_DAY -> ofDay((int) v, 1_000);
      case MINUTES_OF_DAY -> ofDay((int) v, 60_000);
      // Exact timespans: their nanoseconds, NULL outside one day (the sentinel included).
      case NANOS_OF_DAY -> v < 0 || v >= Temporals.NANOS_PER_DAY ? Long.MIN_VALUE : v;
      default -> v;
    };
  }

  /**
   * Whether a row of {@code [from, from + len)} may have an {@link #effective} key of at most
   * {@code cap}; false only when none has. For shorts, ints and longs, whose key is their raw
   * value or its complement, the rows that may enter are the raw values of one interval, and
   * the block is tested against it without folding each row (see {@link RawInterval}): the
   * test that skips nearly every block once the heaps hold good rows.
   */
  boolean mayHold(long from, int len, long cap) {
    RawInterval in = interval(cap);
    if (in == null) {
      return true;
    }
    if (in.empty()) {
      return false;
    }
    if (kind == KeyKind.INT) {
      column.getInts(from, ints(), 0, len);
      return in.anyIn(ints, len);
    }
    column.getLongs(from, longs(), 0, len);
    return in.anyIn(longs, len);
  }

  /**
   * The rows of {@code [from, from + len)} whose {@link #effective} key is at most
   * {@code cap}: their offsets in the block into {@code at}, their keys into {@code out} (at
   * the same places); returns how many. Shorts, ints and longs pick them on their raw values
   * and fold only those; other kinds fold the whole block first.
   */
  int select(long from, int len, long cap, int[] at, long[] out) {
    RawInterval in = interval(cap);
    if (in == null) {
      fill(from, len, out);
      int n = 0;
      for (int i = 0; i < len; i++) {
        long e = out[i];
        at[n] = i;
        out[n] = e;
        n += e <= cap ? 1 : 0;
      }
      return n;
    }
    if (in.empty()) {
      return 0;
    }
    if (kind == KeyKind.INT) {
      int[] v = ints();
      column.getInts(from, v, 0, len);
      int n = in.select(v, len, at);
      for (int j = 0; j < n; j++) {
        out[j] = fold(ofLong(v[at[j]]));
      }
      return n;
    }
    long[] v = longs();
    column.getLongs(from, v, 0, len);
    int n = in.select(v, len, at);
    for (int j = 0; j < n; j++) {
      out[j] = fold(ofLong(v[at[j]]));
    }
    return n;
  }

  /** The raw values of key at most {@code cap}, for shorts, ints and longs under a cap. */
  private RawInterval interval(long cap) {
    if (cap == Long.MAX_VALUE) {
      return null;
    }
    return switch (kind) {
      case SHORT -> RawInterval.of(16, sortKey, cap);
      case INT -> RawInterval.of(32, sortKey, cap);
      case LONG -> RawInterval.of(64, sortKey, cap);
      default -> null;
    };
  }

  /**
   * Fills {@code out[0..len)} with {@link #effective} of rows {@code [from, from + len)}.
   * Columns are read in bulk; shorts, ints and longs are folded without a branch, other kinds
   * through their conversion per value.
   */
  void fill(long from, int len, long[] out) {
    switch (kind) {
      case SHORT, INT, LONG -> {
        column.getLongs(from, out, 0, len);
        // The sentinel of the width is the null.
        long nullValue = kind == KeyKind.LONG ? Nulls.LONG_NULL
            : kind == KeyKind.INT ? Nulls.INT_NULL : Nulls.SHORT_NULL;
        for (int i = 0; i < len; i++) {
          long v = out[i];
          out[i] = v == nullValue ? nullKey : v ^ flip;
        }
      }
      case BOOLEAN, BYTE, CHAR -> {
        byte[] b = bytes();
        column.getBytes(from, b, 0, len);
        for (int i = 0; i < len; i++) {
          out[i] = fold(ofByte(b[i]));
        }
      }
      case DOUBLE, DATETIME -> {
        double[] d = doubles();
        column.getDoubles(from, d, 0, len);
        for (int i = 0; i < len; i++) {
          out[i] = fold(ofDouble(d[i]));
        }
      }
      case DATE, MONTH, MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY, NANOS_OF_DAY -> {
        column.getLongs(from, out, 0, len);
        for (int i = 0; i < len; i++) {
          out[i] = fold(ofLong(out[i]));
        }
      }
      default -> {
        for (int i = 0; i < len; i++) {
          out[i] = effective(from + i);
        }
      }
    }
  }

  /** The key of {@code row} with direction and nulls folded into one order. */
  long effective(long row) {
    return fold(raw(row));
  }

  /** Direction and null placement folded into an ordered value. */
  final long fold(long v) {
    return v == Long.MIN_VALUE ? nullKey : v ^ flip;
  }

  /** Exact order of two rows on this key. */
  int compare(long a, long b) {
    long x = raw(a);
    long y = raw(b);
    if (x == Long.MIN_VALUE || y == Long.MIN_VALUE) {
      return x == y ? 0 : (x == Long.MIN_VALUE) == sortKey.nullsFirst() ? -1 : 1;
    }
    int c = Long.compare(x, y);
    return sortKey.descending() ? -c : c;
  }

  final int[] ints() {
    if (ints == null) {
      ints = new int[Blocks.ROWS];
    }
    return ints;
  }

  private long[] longs() {
    if (longs == null) {
      longs = new long[Blocks.ROWS];
    }
    return longs;
  }

  private byte[] bytes() {
    if (bytes == null) {
      bytes = new byte[Blocks.ROWS];
    }
    return bytes;
  }

  private double[] doubles() {
    if (doubles == null) {
      doubles = new double[Blocks.ROWS];
    }
    return doubles;
  }

  /**
   * A double that is not NaN as a long of the same order ({@link Double#compare}'s): never
   * NULL's {@link Long#MIN_VALUE}, which only the bits of a NaN would give.
   */
  static long orderedBits(double v) {
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  private static long ofDay(int v, long millisPerUnit) {
    return v == Nulls.INT_NULL ? Long.MIN_VALUE : dayMillis(v * millisPerUnit);
  }

  private static long dayMillis(long millis) {
    long m = CalciteValues.millisOfDay(millis);
    return m < 0 ? Long.MIN_VALUE : m;
  }

  /**
   * How a column's raw values become the long whose order is Calcite's order of the decoded
   * values, with {@link Long#MIN_VALUE} for what decodes to NULL (a null sentinel, NaN, a blank
   * char, a time outside one day). Guids and text (strings, lists, symbols not enumerated) have
   * no such long: their key is a prefix of the value, whose ties the values decide. A computed
   * key ({@link ExprKey}) has no column.
   */
  enum KeyKind {
    CONSTANT, SYMBOL_RANK, BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, DOUBLE, DATE, MONTH, DATETIME,
    MILLIS_OF_DAY, SECONDS_OF_DAY, MINUTES_OF_DAY, NANOS_OF_DAY, GUID, TEXT, COMPUTED;

    static KeyKind of(KdbType type, TimespanMode timespan) {
      return switch (type) {
        case BOOLEAN -> BOOLEAN;
        case BYTE -> BYTE;
        case CHAR -> CHAR;
        case SHORT -> SHORT;
        case INT -> INT;
        case DATE -> DATE;
        case MONTH -> MONTH;
        case LONG, TIMESTAMP -> LONG;
        case TIMESPAN -> timespan == TimespanMode.NANOS ? LONG : NANOS_OF_DAY;
        case REAL, FLOAT -> DOUBLE;
        case DATETIME -> DATETIME;
        case TIME -> MILLIS_OF_DAY;
        case SECOND -> SECONDS_OF_DAY;
        case MINUTE -> MINUTES_OF_DAY;
        case SYMBOL, GUID -> throw new IllegalArgumentException("no primitive key for " + type);
      };
    }
  }

  /**
   * The raw values of a short, int or long key (of {@code bits} bits, null the smallest value)
   * whose {@link TopNKey#effective} key is at most a cap: an interval {@code [low, low + span]} of
   * values modulo {@code 2^bits}, which may wrap from the largest value to the null (descending,
   * nulls first). Testing a block against it is a branch-free pass the JIT vectorizes: the sign
   * of the borrow of {@code span - (v - low)}, unsigned, is clear for a value inside, and the
   * block holds one when the AND of all those words has a clear sign.
   */
  record RawInterval(int bits, long low, long span, boolean empty) {
    private static final RawInterval NONE = new RawInterval(64, 0, 0, true);

    /**
     * The values of {@code bits} bits whose key, ordered by {@code k}, is at most {@code cap}
     * (below {@link Long#MAX_VALUE}, which every value reaches).
     */
    static RawInterval of(int bits, SortKey k, long cap) {
      long nul = Long.MIN_VALUE >> (64 - bits);
      long max = ~nul;
      if (!k.descending()) {
        // Values up to the cap; the null (the smallest value) comes in when nulls go first.
        long up = Math.min(cap, max);
        if (k.nullsFirst()) {
          return new RawInterval(bits, nul, Math.max(up, nul) - nul, false);
        }
        return up <= nul ? NONE : new RawInterval(bits, nul + 1, up - nul - 1, false);
      }
      // Descending: a value v has the key ~v, so the values from ~cap up; after the largest
      // comes the null (modulo 2^bits) when nulls go first.
      long from = Math.max(~cap, nul + 1);
      if (from > max) {
        return k.nullsFirst() ? new RawInterval(bits, nul, 0, false) : NONE;
      }
      return new RawInterval(bits, from, max - from + (k.nullsFirst() ? 1 : 0), false);
    }

    /** Whether one of {@code v[0..len)} (32-bit values) lies inside. */
    boolean anyIn(int[] v, int len) {
      int l = (int) low;
      int w = (int) span;
      int acc = -1;
      for (int i = 0; i < len; i++) {
        int x = v[i] - l;
        acc &= (~w & x) | (~(w ^ x) & (w - x));
      }
      return acc >= 0;
    }

    /** Whether one of {@code v[0..len)} (values of {@link #bits}, widened) lies inside. */
    boolean anyIn(long[] v, int len) {
      long mask = bits == 64 ? -1L : (1L << bits) - 1;
      long l = low;
      long w = span & mask;
      long acc = -1;
      for (int i = 0; i < len; i++) {
        long x = (v[i] - l) & mask;
        acc &= (~w & x) | (~(w ^ x) & (w - x));
      }
      return acc >= 0;
    }

    /** The places of the values of {@code v[0..len)} (32-bit) inside, into {@code at}; how many. */
    int select(int[] v, int len, int[] at) {
      int l = (int) low;
      int w = (int) span;
      int n = 0;
      for (int i = 0; i < len; i++) {
        int x = v[i] - l;
        at[n] = i;
        // The borrow's sign is clear inside: one more place kept, without a branch.
        n += ~((~w & x) | (~(w ^ x) & (w - x))) >>> 31;
      }
      return n;
    }

    /** The places of the values of {@code v[0..len)} (widened) inside, into {@code at}. */
    int select(long[] v, int len, int[] at) {
      long mask = bits == 64 ? -1L : (1L << bits) - 1;
      long l = low;
      long w = span & mask;
      int n = 0;
      for (int i = 0; i < len; i++) {
        long x = (v[i] - l) & mask;
        at[n] = i;
        n += (int) (~((~w & x) | (~(w ^ x) & (w - x))) >>> 63);
      }
      return n;
    }
  }

  /**
   * A guid key. The reader's value is the guid's text ({@link java.util.UUID#toString}: lower
   * case hex digits, dashes at fixed places), whose String order is the order of the 128 bits
   * as an unsigned number; the null guid (all zero) is NULL. The key is the high 63 bits, ties
   * decided by the whole guid.
   */
  static final class GuidKey extends TopNKey {
    GuidKey(SortKey sortKey, Column column) {
      super(sortKey, column, KeyKind.GUID);
    }

    @Override
    long raw(long row) {
      long hi = column.getGuidHigh(row);
      return hi == 0 && column.getGuidLow(row) == 0 ? Long.MIN_VALUE : hi >>> 1;
    }

    @Override
    boolean exactAt(long e) {
      return false;
    }

    @Override
    int compare(long a, long b) {
      long ha = column.getGuidHigh(a);
      long la = column.getGuidLow(a);
      long hb = column.getGuidHigh(b);
      long lb = column.getGuidLow(b);
      boolean na = ha == 0 && la == 0;
      boolean nb = hb == 0 && lb == 0;
      if (na || nb) {
        return na == nb ? 0 : na == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = ha != hb ? Long.compareUnsigned(ha, hb) : Long.compareUnsigned(la, lb);
      return sortKey.descending() ? -c : c;
    }
  }

  /**
   * A key on the text the column's reader yields (strings, lists as their text, symbols that
   * are not enumerated), compared as Calcite compares those Strings: {@link String#compareTo}.
   * The key is the first four chars, ties decided by the whole text; every comparison reads the
   * values through the reader, so the order is Calcite's by construction.
   */
  static final class TextKey extends TopNKey {
    private final ValueReader reader;

    TextKey(SortKey sortKey, Column column, ValueReader reader) {
      super(sortKey, column, KeyKind.TEXT);
      this.reader = reader;
    }

    @Override
    long raw(long row) {
      Object v = reader.read(column, row);
      return v == null ? Long.MIN_VALUE : prefix((String) v);
    }

    /**
     * The first four chars (zero past the end) as an unsigned number, halved to stay clear of
     * NULL's key: a prefix of a lower String is never higher, so the key never contradicts
     * {@link String#compareTo}.
     */
    static long prefix(String s) {
      long p = 0;
      for (int i = 0; i < 4; i++) {
        p = p << 16 | (i < s.length() ? s.charAt(i) : 0);
      }
      return p >>> 1;
    }

    @Override
    boolean exactAt(long e) {
      return false;
    }

    @Override
    int compare(long a, long b) {
      String x = (String) reader.read(column, a);
      String y = (String) reader.read(column, b);
      if (x == null || y == null) {
        return x == y ? 0 : (x == null) == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = x.compareTo(y);
      return sortKey.descending() ? -c : c;
    }
  }

  /**
   * A key computed from the row's columns ({@link SortKey#expr}: {@code price * size}),
   * evaluated a block at a time by {@link ExprEvaluator}, exactly as Calcite's generated code
   * computes it: an integral value is its long, a DOUBLE the long of {@link Double#compare}'s
   * order (a NaN computed from values that are not null is a value, the largest, as Calcite's
   * sort has it); NULL where an operand is a kdb+ null. The one fold that is not exact is a
   * long's extreme value meeting NULL's key ({@link #exactAt}), which {@link #compare} decides.
   */
  static final class ExprKey extends TopNKey {
    private final ExprEvaluator evaluator;
    private final boolean doubles;

    ExprKey(SortKey sortKey, ExprEvaluator evaluator) {
      super(sortKey, null, KeyKind.COMPUTED);
      this.evaluator = evaluator;
      this.doubles = sortKey.expr().kind() == Expr.Kind.DOUBLE;
    }

    /** Keys of every slice compare: the expression is the same (the same key of one spec). */
    @Override
    Object scale() {
      return sortKey;
    }

    @Override
    boolean exactAt(long e) {
      return doubles || e != Long.MIN_VALUE && e != Long.MAX_VALUE;
    }

    @Override
    long raw(long row) {
      ExprEvaluator.Vector v = evaluator.evaluate(row, 1);
      if (v.anyNull && v.nulls[0]) {
        return Long.MIN_VALUE;
      }
      return doubles ? orderedBits(v.doubles[0]) : v.longs[0];
    }

    @Override
    void fill(long from, int len, long[] out) {
      ExprEvaluator.Vector v = evaluator.evaluate(from, len);
      boolean[] nulls = v.anyNull ? v.nulls : null;
      if (doubles) {
        double[] d = v.doubles;
        for (int i = 0; i < len; i++) {
          out[i] = nulls != null && nulls[i] ? nullKey : orderedBits(d[i]) ^ flip;
        }
      } else {
        long[] l = v.longs;
        for (int i = 0; i < len; i++) {
          out[i] = nulls != null && nulls[i] ? nullKey : l[i] ^ flip;
        }
      }
    }

    /** The value of {@code row} as the merge of the slices compares it: a Long, Double or null. */
    Object value(long row) {
      ExprEvaluator.Vector v = evaluator.evaluate(row, 1);
      if (v.anyNull && v.nulls[0]) {
        return null;
      }
      return doubles ? (Object) v.doubles[0] : (Object) v.longs[0];
    }

    @Override
    int compare(long a, long b) {
      Object x = value(a);
      Object y = value(b);
      if (x == null || y == null) {
        return x == y ? 0 : (x == null) == sortKey.nullsFirst() ? -1 : 1;
      }
      int c = doubles ? Double.compare((Double) x, (Double) y) : Long.compare((Long) x, (Long) y);
      return sortKey.descending() ? -c : c;
    }
  }
}
