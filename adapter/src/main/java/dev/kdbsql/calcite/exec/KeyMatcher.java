package dev.kdbsql.calcite.exec;

/**
 * Selects the rows of a block of keys ({@link Keys}) that a compiled one-column predicate
 * ({@link Keys.Filter}) selects, in a primitive loop chosen for the shape of the set: one range;
 * many single keys (an IN list) in an open-addressing hash table; many ranges (a NOT IN list,
 * the times of an IN list of times) by binary search. A set is matched through its complement
 * when that has fewer ranges (NOT IN (a, b, c) is "not one of three keys"). Decides whole blocks
 * from their statistics ({@link #block}). Immutable, so shared by the threads of a query.
 */
abstract class KeyMatcher {
  /** {@link #block}: no row of the block is selected. */
  static final int NONE = 0;
  /** {@link #block}: some rows may be selected; the block must be read. */
  static final int SOME = 1;
  /** {@link #block}: every row of the block is selected. */
  static final int ALL = 2;

  /** The non-null keys selected. */
  final KeyRanges set;
  /** Whether null rows are selected. */
  final boolean nulls;
  /** The key of a null value. */
  final long nullKey;

  KeyMatcher(KeyRanges set, boolean nulls, long nullKey) {
    this.set = set;
    this.nulls = nulls;
    this.nullKey = nullKey;
  }

  /** The matcher of {@code f} over keys whose null is {@code nullKey}. */
  static KeyMatcher of(Keys.Filter f, long nullKey) {
    KeyRanges set = f.set();
    KeyRanges complement = set.complement();
    boolean invert = complement.size() < set.size();
    KeyRanges r = invert ? complement : set;
    if (r.size() == 1 || r.size() == 0) {
      return r.size() == 1 ? new OneRange(set, f.nulls(), nullKey, r.lo[0], r.hi[0], invert)
          : new OneRange(set, f.nulls(), nullKey, 1, 0, invert);
    }
    if (r.size() > 4 && r.allPoints()) {
      return new Points(set, f.nulls(), nullKey, r, invert);
    }
    return new Search(set, f.nulls(), nullKey, r, invert);
  }

  /** Whether a non-null key is selected. */
  abstract boolean matches(long k);

  /** Whether the row of key {@code k} (null or not) is selected. */
  final boolean selects(long k) {
    return k == nullKey ? nulls : matches(k);
  }

  /** Whether nothing at all is selected. */
  final boolean nothing() {
    return !nulls && set.size() == 0;
  }

  /**
   * Sets in {@code bits} the rows {@code base + i} ({@code i < len}) whose key
   * {@code keys[start + i]} is selected.
   */
  abstract void select(long[] keys, int start, int len, long base, long[] bits);

  /**
   * What the predicate selects of a block of {@code rows} rows whose non-null keys lie in
   * {@code [min, max]} and {@code nullCount} of which are null: {@link #NONE}, {@link #ALL}, or
   * {@link #SOME} when the block must be read.
   */
  final int block(long min, long max, int nullCount, int rows) {
    if (nullCount == rows) {
      return nulls ? ALL : NONE;
    }
    boolean every = set.contains(min, max);
    boolean any = every || set.intersects(min, max);
    if (nullCount == 0) {
      return every ? ALL : any ? SOME : NONE;
    }
    return nulls ? (every ? ALL : SOME) : (any ? SOME : NONE);
  }

  /** One range of keys, or its complement. */
  static final class OneRange extends KeyMatcher {
    private final long lo;
    private final long hi;
    private final boolean invert;

    OneRange(KeyRanges set, boolean nulls, long nullKey, long lo, long hi, boolean invert) {
      super(set, nulls, nullKey);
      this.lo = lo;
      this.hi = hi;
      this.invert = invert;
    }

    @Override
    boolean matches(long k) {
      return (k >= lo && k <= hi) != invert;
    }

    @Override
    void select(long[] keys, int start, int len, long base, long[] bits) {
      long lo = this.lo;
      long hi = this.hi;
      boolean invert = this.invert;
      long nullKey = this.nullKey;
      if (matches(nullKey) == nulls) {
        // The null key falls where it should: no test for it in the loop.
        for (int i = 0; i < len; i++) {
          long k = keys[start + i];
          if ((k >= lo && k <= hi) != invert) {
            Selection.set(bits, base + i);
          }
        }
        return;
      }
      boolean nulls = this.nulls;
      for (int i = 0; i < len; i++) {
        long k = keys[start + i];
        if (k == nullKey ? nulls : (k >= lo && k <= hi) != invert) {
          Selection.set(bits, base + i);
        }
      }
    }
  }

  /** Many single keys in an open-addressing hash table, or their complement. */
  static final class Points extends KeyMatcher {
    private final long[] table;
    private final int mask;
    private final int shift;
    private final long min;
    private final long max;
    private final boolean invert;

    Points(KeyRanges set, boolean nulls, long nullKey, KeyRanges points, boolean invert) {
      super(set, nulls, nullKey);
      this.invert = invert;
      int n = points.size();
      int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n * 2L - 1));
      int capacity = 1 << Math.max(bits, 3);
      table = new long[capacity];
      // The null key marks an empty slot: it is never looked up (nulls are tested first).
      java.util.Arrays.fill(table, nullKey);
      mask = capacity - 1;
      shift = 64 - Integer.numberOfTrailingZeros(capacity);
      for (int i = 0; i < n; i++) {
        long k = points.lo[i];
        if (k != nullKey) {
          int h = slot(k);
          while (table[h] != nullKey) {
            h = (h + 1) & mask;
          }
          table[h] = k;
        }
      }
      min = points.lo[0];
      max = points.hi[n - 1];
    }

    private int slot(long k) {
      return (int) ((k * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private boolean contains(long k) {
      if (k < min || k > max) {
        return false;
      }
      long[] t = table;
      int h = slot(k);
      while (true) {
        long x = t[h];
        if (x == k) {
          return true;
        }
        if (x == nullKey) {
          return false;
        }
        h = (h + 1) & mask;
      }
    }

    @Override
    boolean matches(long k) {
      return contains(k) != invert;
    }

    @Override
    void select(long[] keys, int start, int len, long base, long[] bits) {
      long nullKey = this.nullKey;
      boolean nulls = this.nulls;
      boolean invert = this.invert;
      for (int i = 0; i < len; i++) {
        long k = keys[start + i];
        if (k == nullKey ? nulls : contains(k) != invert) {
          Selection.set(bits, base + i);
        }
      }
    }
  }

  /** Ranges found by binary search, or their complement. */
  static final class Search extends KeyMatcher {
    private final KeyRanges ranges;
    private final long min;
    private final long max;
    private final boolean invert;

    Search(KeyRanges set, boolean nulls, long nullKey, KeyRanges ranges, boolean invert) {
      super(set, nulls, nullKey);
      this.ranges = ranges;
      this.invert = invert;
      this.min = ranges.lo[0];
      this.max = ranges.hi[ranges.size() - 1];
    }

    @Override
    boolean matches(long k) {
      return (k >= min && k <= max && ranges.find(k) >= 0) != invert;
    }

    @Override
    void select(long[] keys, int start, int len, long base, long[] bits) {
      long nullKey = this.nullKey;
      boolean nulls = this.nulls;
      for (int i = 0; i < len; i++) {
        long k = keys[start + i];
        if (k == nullKey ? nulls : matches(k)) {
          Selection.set(bits, base + i);
        }
      }
    }
  }
}
