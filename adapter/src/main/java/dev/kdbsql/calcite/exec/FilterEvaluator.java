package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.runtime.SqlFunctions;

/**
 * Evaluates a {@link Predicate} over one slice's mapped columns into a selection bitmap (bit
 * {@code r} of word {@code r >>> 6} set when row {@code r} is selected), in primitive loops over
 * blocks read in bulk.
 *
 * <p>Every part of the predicate that reads one column (a comparison, IN, NOT IN, IS NULL, LIKE,
 * and any AND or OR of those on the same column) is evaluated in one pass over that column:
 * numeric ones are compiled first into one set of key ranges ({@link Keys}, {@link KeyRanges})
 * matched by a loop chosen for its shape ({@link KeyMatcher}: one range, a hash set of the
 * values of an IN list, binary search); symbol ones are decided once per domain value (for IN,
 * NOT IN and comparisons, once per value of the list and once for all the others), then applied
 * to the enumeration indices; bytes, chars and booleans through a table of their 256 values;
 * string LIKE row by row. Nulls (the type's sentinel, NaN, the empty symbol, the blank char) are
 * selected only by IS NULL. A comparison of two expressions ({@code bid > ask}) computes both
 * sides a block at a time ({@link ExprComparison}) and compares them row by row.
 *
 * <p>What is known of a column narrows the work. Trusted as q trusts them: on a sorted
 * ({@code s#}) column the selected ranges of values are ranges of rows, found by binary search;
 * on a parted ({@code p#}) symbol column each value's one run is known ({@link PartedRuns}).
 * Learnt by reading, and kept between queries ({@link BlockStatistics}): the minimum, maximum
 * and null count of each block of a numeric column, which skip blocks the predicate cannot
 * select and take whole the blocks it selects entirely, and show a column that ascends without
 * {@code s#} (then searched as one); the runs of a symbol column without {@code p#} that is
 * sorted or clustered (then used as the {@code p#} runs are). Within an AND, the parts on such
 * columns go first, and each next part is evaluated only over the runs of rows still selected.
 * Apart from what it compiles once per query, stateless: one evaluator serves the threads of a
 * query.
 */
public final class FilterEvaluator {
  /** An AND evaluates its next part over at most this many runs of selected rows. */
  private static final int MAX_INTERVALS = 4096;
  /** A sorted column is binary-searched for at most this many ranges of values. */
  private static final int MAX_SEARCHED_RANGES = 256;

  private final int offset;
  private final PartedRuns partedRuns;
  private final BlockStatistics statistics;
  /** Per predicate (by identity) and use: its key matcher, symbol sets, accepted values. */
  private final Map<Compiled, Object> compiled = new ConcurrentHashMap<>();

  private enum Use {
    KEYS, BYTES, SYMBOL_SET, ACCEPTED
  }

  /** The key of what is compiled of predicate {@code p} (by identity) for {@code use}. */
  private record Compiled(Predicate p, Use use) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Compiled c && c.p == p && c.use == use;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(p) * 31 + use.ordinal();
    }
  }

  /**
   * Creates an evaluator for a table whose stored column {@code c} is field {@code c + offset},
   * keeping the runs of its p# columns in {@code partedRuns} and what it learns of columns in
   * the JVM's shared statistics.
   */
  public FilterEvaluator(int offset, PartedRuns partedRuns) {
    this(offset, partedRuns, BlockStatistics.SHARED);
  }

  /** As above, with the statistics kept in {@code statistics}. */
  FilterEvaluator(int offset, PartedRuns partedRuns, BlockStatistics statistics) {
    this.offset = offset;
    this.partedRuns = partedRuns;
    this.statistics = statistics;
  }

  /** The rows of {@code slice} (of {@code rows} rows) that {@code p} selects. */
  public Selection select(Predicate p, TableSlice slice, long rows) {
    return select(p, slice, rows, 0, rows);
  }

  /**
   * The rows of {@code slice} (of {@code rows} rows) within {@code [from, to)} that {@code p}
   * selects, as a bitmap over the whole slice (no bit set outside the range).
   */
  public Selection select(Predicate p, TableSlice slice, long rows, long from, long to) {
    long[] bits = Selection.newWords(rows);
    if (from < to) {
      select(p, slice, new long[] {from, to}, bits);
    }
    return new Selection(bits);
  }

  /**
   * ORs into {@code bits} the rows that {@code p} selects within the runs of rows
   * {@code iv} ({@code from, to} pairs, ascending, disjoint).
   */
  private void select(Predicate p, TableSlice slice, long[] iv, long[] bits) {
    if (p instanceof Predicate.ByPartition b) {
      select(b.on(slice.partition().value()), slice, iv, bits);
      return;
    }
    int f = field(p);
    if (f >= 0) {
      column(p, slice.column(f - offset), iv, bits);
    } else if (p instanceof Predicate.ExprCompare x) {
      ExprComparison.select(x, slice, offset, iv, bits);
    } else if (p instanceof Predicate.And a) {
      and(a.parts(), slice, iv, bits);
    } else {
      for (Predicate part : ((Predicate.Or) p).parts()) {
        select(part, slice, iv, bits);
      }
    }
  }

  /**
   * ANDs {@code parts} within the runs {@code iv}: parts an attribute or the column's runs make
   * cheap first, then each part only over the runs of rows still selected (or between the first
   * and the last of them when they are too many).
   */
  private void and(List<Predicate> parts, TableSlice slice, long[] iv, long[] bits) {
    List<Predicate> ordered = new ArrayList<>(parts);
    ordered.sort((a, b) -> Integer.compare(cost(a, slice), cost(b, slice)));
    long[] acc = null;
    for (Predicate part : ordered) {
      long[] b = new long[bits.length];
      select(part, slice, iv, b);
      int lo = (int) (iv[0] >>> 6);
      int hi = (int) ((iv[iv.length - 1] - 1) >>> 6);
      if (acc == null) {
        acc = b;
      } else {
        for (int w = lo; w <= hi; w++) {
          acc[w] &= b[w];
        }
      }
      long first = Selection.next(acc, iv[0]);
      if (first < 0 || first >= iv[iv.length - 1]) {
        return;
      }
      long end = Selection.previous(acc, iv[iv.length - 1]) + 1;
      long[] runs = Selection.intervals(acc, first, end, MAX_INTERVALS);
      iv = runs != null ? runs : new long[] {first, end};
    }
    int lo = (int) (iv[0] >>> 6);
    int hi = (int) ((iv[iv.length - 1] - 1) >>> 6);
    for (int w = lo; w <= hi; w++) {
      bits[w] |= acc[w];
    }
  }

  /** 0 for a part on a column whose attribute or runs index it, 1 for another, 2 for several. */
  private int cost(Predicate p, TableSlice slice) {
    int f = field(p);
    if (f < 0) {
      return 2;
    }
    Column c = slice.column(f - offset);
    if (c instanceof EnumColumn) {
      return 0;
    }
    return c.attribute() == Attribute.SORTED && !c.type().nested()
        && Keys.keyed(c.type().element()) ? 0 : 1;
  }

  /** The table field every leaf of {@code p} reads, or -1 when they read several. */
  private static int field(Predicate p) {
    if (p instanceof Predicate.Compare c) {
      return c.field();
    }
    if (p instanceof Predicate.In in) {
      return in.field();
    }
    if (p instanceof Predicate.NotIn in) {
      return in.field();
    }
    if (p instanceof Predicate.Like like) {
      return like.field();
    }
    if (p instanceof Predicate.Text text) {
      return text.field();
    }
    if (p instanceof Predicate.IsNull n) {
      return n.field();
    }
    if (p instanceof Predicate.ExprCompare || p instanceof Predicate.ByPartition) {
      return -1;
    }
    List<Predicate> parts = p instanceof Predicate.And a ? a.parts()
        : ((Predicate.Or) p).parts();
    int f = -2;
    for (Predicate part : parts) {
      int g = field(part);
      if (g < 0 || f != -2 && g != f) {
        return -1;
      }
      f = g;
    }
    return f < 0 ? -1 : f;
  }

  /** {@code p}, reading only column {@code c}, within the runs {@code iv}. */
  private void column(Predicate p, Column c, long[] iv, long[] bits) {
    if (c.type().nested()) {
      strings(p, c, iv, bits);
      return;
    }
    KdbType type = c.type().element();
    if (type == KdbType.SYMBOL) {
      symbols(p, c, iv, bits);
    } else if (Keys.keyed(type)) {
      keys(p, c, type, iv, bits);
    } else {
      bytes(p, c, type, iv, bits);
    }
  }

  private KeyMatcher matcher(Predicate p, KdbType type) {
    return (KeyMatcher) compiled.computeIfAbsent(new Compiled(p, Use.KEYS), k -> KeyMatcher.of(
        Keys.compile(p, Keys.doubles(type)), Keys.nullKey(type)));
  }

  /** A numeric column: keys matched per block, blocks decided by their statistics. */
  private void keys(Predicate p, Column c, KdbType type, long[] iv, long[] bits) {
    KeyMatcher m = matcher(p, type);
    if (m.nothing()) {
      return;
    }
    boolean doubles = Keys.doubles(type);
    BlockStats stats = statistics.blocks(c, m.nullKey);
    boolean sorted = c.attribute() == Attribute.SORTED || stats != null && stats.ascending();
    if (sorted && m.set.size() <= MAX_SEARCHED_RANGES) {
      sortedKeys(m, c, doubles, iv, bits);
      return;
    }
    long rows = c.size();
    long[] keys = new long[Blocks.ROWS];
    double[] scratch = doubles ? new double[Blocks.ROWS] : null;
    for (int i = 0; i < iv.length; i += 2) {
      long from = iv[i];
      long to = iv[i + 1];
      for (long start = from / Blocks.ROWS * Blocks.ROWS; start < to; start += Blocks.ROWS) {
        int b = (int) (start / Blocks.ROWS);
        int length = (int) Math.min(Blocks.ROWS, rows - start);
        long s = Math.max(from, start);
        int len = (int) (Math.min(to, start + length) - s);
        if (stats != null) {
          if (!stats.known(b)) {
            // First read of the block: all of it, to learn its statistics.
            Keys.read(c, doubles, start, length, keys, scratch);
            stats.record(b, keys);
            m.select(keys, (int) (s - start), len, s, bits);
            continue;
          }
          int decided = m.block(stats.min(b), stats.max(b), stats.nulls(b), length);
          if (decided == KeyMatcher.NONE) {
            continue;
          }
          if (decided == KeyMatcher.ALL) {
            Selection.setRange(bits, s, s + len);
            continue;
          }
        }
        Keys.read(c, doubles, s, len, keys, scratch);
        m.select(keys, 0, len, s, bits);
      }
    }
  }

  /**
   * An ascending column (nulls first, as {@code s#} and q's sort have them): each selected range
   * of keys is one range of rows, found by binary search.
   */
  private static void sortedKeys(KeyMatcher m, Column c, boolean doubles, long[] iv,
      long[] bits) {
    long firstValue = m.nullKey + 1;
    for (int i = 0; i < iv.length; i += 2) {
      long from = iv[i];
      long to = iv[i + 1];
      if (m.nulls) {
        Selection.setRange(bits, from, firstAtLeast(c, doubles, firstValue, from, to));
      }
      KeyRanges set = m.set;
      for (int r = 0; r < set.size(); r++) {
        long lo = Math.max(set.lo[r], firstValue);
        long hi = set.hi[r];
        if (lo <= hi) {
          Selection.setRange(bits, firstAtLeast(c, doubles, lo, from, to),
              hi == Long.MAX_VALUE ? to : firstAtLeast(c, doubles, hi + 1, from, to));
        }
      }
    }
  }

  /** The first row in {@code [from, to)} of an ascending column whose key is at least k. */
  private static long firstAtLeast(Column c, boolean doubles, long k, long from, long to) {
    long lo = from;
    long hi = to;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (Keys.at(c, doubles, mid) < k) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Booleans, bytes (unsigned) and chars (the blank is null): a table of the 256 values. */
  private void bytes(Predicate p, Column c, KdbType type, long[] iv, long[] bits) {
    boolean[] accept = (boolean[]) compiled.computeIfAbsent(new Compiled(p, Use.BYTES), k -> {
      Keys.Filter f = Keys.compile(p, false);
      boolean[] a = new boolean[256];
      for (int x = 0; x < 256; x++) {
        a[x] = f.set().find(x) >= 0;
      }
      if (type == KdbType.CHAR) {
        a[Nulls.CHAR_NULL & 0xff] = f.nulls();
      }
      if (type == KdbType.BOOLEAN) {
        // Any non-zero byte is true.
        java.util.Arrays.fill(a, 2, 256, a[1]);
      }
      return a;
    });
    byte[] buf = new byte[Blocks.ROWS];
    for (int i = 0; i < iv.length; i += 2) {
      long to = iv[i + 1];
      for (long start = iv[i]; start < to; start += buf.length) {
        int len = (int) Math.min(buf.length, to - start);
        c.getBytes(start, buf, 0, len);
        for (int j = 0; j < len; j++) {
          if (accept[buf[j] & 0xff]) {
            Selection.set(bits, start + j);
          }
        }
      }
    }
  }

  /** Strings (char lists): IS [NOT] NULL and LIKE, row by row. */
  private void strings(Predicate p, Column c, long[] iv, long[] bits) {
    SqlFunctions.LikeFunction like = likeFunction(p);
    for (int i = 0; i < iv.length; i += 2) {
      for (long r = iv[i]; r < iv[i + 1]; r++) {
        boolean isNull = c.isNull(r);
        if (test(p, isNull ? "" : c.getString(r), isNull, like)) {
          Selection.set(bits, r);
        }
      }
    }
  }

  /** Which values of a symbol domain a predicate accepts: index {@code i} at {@code i + 1}. */
  private record Accepted(boolean[] accept, int count) {
  }

  /** Symbols: the predicate is decided per domain value, then looked up per row by index. */
  private void symbols(Predicate p, Column c, long[] iv, long[] bits) {
    SqlFunctions.LikeFunction like = likeFunction(p);
    if (!(c instanceof EnumColumn e)) {
      for (int i = 0; i < iv.length; i += 2) {
        for (long r = iv[i]; r < iv[i + 1]; r++) {
          String s = c.getSymbol(r);
          if (test(p, s, s.isEmpty(), like)) {
            Selection.set(bits, r);
          }
        }
      }
      return;
    }
    Accepted accepted = accepted(p, e.domain());
    if (accepted.count() == 0) {
      return;
    }
    boolean[] accept = accepted.accept();
    if (accepted.count() == accept.length) {
      for (int i = 0; i < iv.length; i += 2) {
        Selection.setRange(bits, iv[i], iv[i + 1]);
      }
      return;
    }
    PartedRuns.Runs runs = null;
    if (e.attribute() == Attribute.PARTED) {
      runs = partedRuns.of(e);
    } else {
      SymbolRuns found = statistics.runs(e);
      runs = found == null ? null : found.asRuns();
    }
    if (runs != null) {
      long[] starts = runs.starts();
      int[] indices = runs.indices();
      for (int i = 0; i < iv.length; i += 2) {
        long from = iv[i];
        long to = iv[i + 1];
        for (int k = runContaining(starts, from); k < runs.count() && starts[k] < to; k++) {
          if (accept[indices[k] + 1]) {
            Selection.setRange(bits, Math.max(starts[k], from), Math.min(starts[k + 1], to));
          }
        }
      }
      return;
    }
    int[] buf = new int[Blocks.ROWS];
    for (int i = 0; i < iv.length; i += 2) {
      long to = iv[i + 1];
      for (long start = iv[i]; start < to; start += buf.length) {
        int len = (int) Math.min(buf.length, to - start);
        e.indices(start, buf, 0, len);
        for (int j = 0; j < len; j++) {
          if (accept[buf[j] + 1]) {
            Selection.set(bits, start + j);
          }
        }
      }
    }
  }

  /** The run holding row {@code r} (runs start at {@code starts[k]}, the first at 0). */
  private static int runContaining(long[] starts, long r) {
    int lo = 0;
    int hi = starts.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= r) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * The domain values {@code p} accepts. A predicate of comparisons, IN, NOT IN and IS NULL is
   * decided for each value it names (found through the domain's index) and once for all the
   * others; one with LIKE, or over a domain holding a symbol twice, for every value.
   */
  @SuppressWarnings("unchecked")
  private Accepted accepted(Predicate p, SymbolDomain domain) {
    Map<SymbolDomain, Accepted> byDomain = (Map<SymbolDomain, Accepted>) compiled
        .computeIfAbsent(new Compiled(p, Use.ACCEPTED), k -> Collections.synchronizedMap(
            new IdentityHashMap<>()));
    return byDomain.computeIfAbsent(domain, d -> {
      SqlFunctions.LikeFunction like = likeFunction(p);
      boolean[] accept = new boolean[d.size() + 1];
      accept[0] = test(p, "", true, like);
      Set<String> named = new HashSet<>();
      if (named(p, named) && d.distinct()) {
        int longest = named.stream().mapToInt(String::length).max().orElse(0);
        // Equal to no named value, and not null: stands for every value not named.
        boolean others = test(p, "x".repeat(longest + 1), false, like);
        java.util.Arrays.fill(accept, 1, accept.length, others);
        for (String s : named) {
          int i = s.isEmpty() ? -1 : d.indexOf(s);
          if (i >= 0) {
            accept[i + 1] = test(p, s, false, like);
          }
        }
        // The empty symbol enumerated in the domain is the null symbol too.
        int empty = d.indexOf("");
        if (empty >= 0) {
          accept[empty + 1] = accept[0];
        }
      } else {
        for (int i = 0; i < d.size(); i++) {
          String s = d.symbol(i);
          accept[i + 1] = test(p, s, s.isEmpty(), like);
        }
      }
      int count = 0;
      for (boolean a : accept) {
        count += a ? 1 : 0;
      }
      return new Accepted(accept, count);
    });
  }

  /**
   * Adds to {@code out} the symbols {@code p}'s leaves name; false when a leaf is decided by
   * more than equality with named values (LIKE).
   */
  private static boolean named(Predicate p, Set<String> out) {
    if (p instanceof Predicate.And a) {
      return a.parts().stream().allMatch(x -> named(x, out));
    }
    if (p instanceof Predicate.Or o) {
      return o.parts().stream().allMatch(x -> named(x, out));
    }
    if (p instanceof Predicate.Compare c) {
      out.add(((Value.Sym) c.value()).value());
      return true;
    }
    List<Value> values = p instanceof Predicate.In in ? in.values()
        : p instanceof Predicate.NotIn in ? in.values() : null;
    if (values != null) {
      values.forEach(v -> out.add(((Value.Sym) v).value()));
      return true;
    }
    return p instanceof Predicate.IsNull;
  }

  /** The symbols of an IN or NOT IN list, as a set (made once per query). */
  @SuppressWarnings("unchecked")
  private Set<String> symbolSet(Predicate leaf, List<Value> values) {
    return (Set<String>) compiled.computeIfAbsent(new Compiled(leaf, Use.SYMBOL_SET), k -> {
      Set<String> s = new HashSet<>();
      for (Value v : values) {
        s.add(((Value.Sym) v).value());
      }
      return s;
    });
  }

  /**
   * Calcite's LIKE when {@code p} has a LIKE leaf, else null: only LIKE needs Calcite's runtime,
   * so the other leaves also run where calcite-core is absent (the Spark connector's jar).
   */
  private static SqlFunctions.LikeFunction likeFunction(Predicate p) {
    return hasLike(p) ? new SqlFunctions.LikeFunction() : null;
  }

  private static boolean hasLike(Predicate p) {
    List<Predicate> parts = p instanceof Predicate.And a ? a.parts()
        : p instanceof Predicate.Or o ? o.parts() : List.of();
    return p instanceof Predicate.Like || parts.stream().anyMatch(FilterEvaluator::hasLike);
  }

  /**
   * Whether {@code p} (whose leaves read one symbol or string column) is TRUE for {@code s};
   * {@code isNull} for SQL NULL (the empty symbol, the null string), which only IS NULL selects.
   */
  private boolean test(Predicate p, String s, boolean isNull, SqlFunctions.LikeFunction like) {
    if (p instanceof Predicate.And a) {
      for (Predicate part : a.parts()) {
        if (!test(part, s, isNull, like)) {
          return false;
        }
      }
      return true;
    }
    if (p instanceof Predicate.Or o) {
      for (Predicate part : o.parts()) {
        if (test(part, s, isNull, like)) {
          return true;
        }
      }
      return false;
    }
    if (p instanceof Predicate.IsNull n) {
      return isNull != n.negated();
    }
    if (p instanceof Predicate.Text t) {
      return t.test().test(isNull ? null : s);
    }
    if (isNull) {
      return false;
    }
    if (p instanceof Predicate.Like l) {
      boolean matches;
      if (l.ignoreCase()) {
        matches = l.escape() == null ? like.ilike(s, l.pattern())
            : like.ilike(s, l.pattern(), l.escape());
      } else {
        matches = l.escape() == null ? like.like(s, l.pattern())
            : like.like(s, l.pattern(), l.escape());
      }
      return matches != l.negated();
    }
    if (p instanceof Predicate.In in) {
      return symbolSet(in, in.values()).contains(s);
    }
    if (p instanceof Predicate.NotIn in) {
      return !symbolSet(in, in.values()).contains(s);
    }
    Predicate.Compare cmp = (Predicate.Compare) p;
    return s.equals(((Value.Sym) cmp.value()).value()) == (cmp.op() == Predicate.Op.EQ);
  }
}
