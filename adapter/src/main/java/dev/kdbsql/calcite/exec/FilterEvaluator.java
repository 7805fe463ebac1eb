package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate.Op;
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
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.runtime.SqlFunctions;

/**
 * Evaluates a {@link Predicate} over one slice's mapped columns into a selection bitmap (bit
 * {@code r} of word {@code r >>> 6} set when row {@code r} is selected), one leaf at a time in
 * primitive loops over blocks read in bulk, combining leaves word by word. Comparisons are turned
 * into one closed range of raw values (and a flag to invert it) before the loop, so the loop body
 * has no operator dispatch and nulls (the type's sentinel, NaN, the empty symbol, the blank char)
 * are never selected except by IS NULL. Symbol leaves (LIKE included, with Calcite's own LIKE)
 * are decided once per domain value, then applied to the enum indices; string LIKE goes row by
 * row.
 *
 * <p>Attributes narrow the work, trusted as q trusts them: on a sorted ({@code s#}) column a
 * comparison or IN list is a binary search; on a parted ({@code p#}) symbol column each value's
 * one run is known ({@link PartedRuns}, found by galloping once per file), so a symbol leaf
 * costs a pass over the runs. Within an
 * AND, such leaves go first and the others are evaluated only between the first and the last row
 * they selected. Stateless apart from the field offset, so one evaluator serves many threads.
 */
public final class FilterEvaluator {
  private final int offset;
  private final PartedRuns partedRuns;

  /**
   * Creates an evaluator for a table whose stored column {@code c} is field {@code c + offset},
   * keeping the runs of its p# columns in {@code partedRuns}.
   */
  public FilterEvaluator(int offset, PartedRuns partedRuns) {
    this.offset = offset;
    this.partedRuns = partedRuns;
  }

  /** The rows of {@code slice} (of {@code rows} rows) that {@code p} selects. */
  public Selection select(Predicate p, TableSlice slice, long rows) {
    long[] bits = Selection.newWords(rows);
    if (rows > 0) {
      select(p, slice, 0, rows, bits);
    }
    return new Selection(bits);
  }

  /**
   * The rows of {@code slice} (of {@code rows} rows) within {@code [from, to)} that {@code p}
   * selects, as a bitmap over the whole slice (no bit set outside the range).
   */
  public Selection select(Predicate p, TableSlice slice, long rows, long from, long to) {
    long[] bits = Selection.newWords(rows);
    if (from < to) {
      select(p, slice, from, to, bits);
    }
    return new Selection(bits);
  }

  /** ORs into {@code bits} the rows in {@code [from, to)} that {@code p} selects. */
  private void select(Predicate p, TableSlice slice, long from, long to, long[] bits) {
    if (p instanceof Predicate.And a) {
      and(a.parts(), slice, from, to, bits);
    } else if (p instanceof Predicate.Or o) {
      for (Predicate part : o.parts()) {
        select(part, slice, from, to, bits);
      }
    } else {
      leaf(p, slice, from, to, bits);
    }
  }

  /**
   * ANDs {@code parts} over {@code [from, to)}: leaves an attribute makes cheap first, then each
   * part only between the first and the last row still selected.
   */
  private void and(List<Predicate> parts, TableSlice slice, long from, long to, long[] bits) {
    List<Predicate> ordered = new ArrayList<>(parts);
    ordered.sort((a, b) -> Boolean.compare(!indexed(a, slice), !indexed(b, slice)));
    long[] acc = null;
    for (Predicate part : ordered) {
      long[] b = new long[bits.length];
      select(part, slice, from, to, b);
      if (acc == null) {
        acc = b;
      } else {
        int lo = (int) (from >>> 6);
        int hi = (int) ((to - 1) >>> 6);
        for (int w = lo; w <= hi; w++) {
          acc[w] &= b[w];
        }
      }
      from = Selection.next(acc, from);
      if (from < 0) {
        return;
      }
      to = Selection.previous(acc, to) + 1;
    }
    int lo = (int) (from >>> 6);
    int hi = (int) ((to - 1) >>> 6);
    for (int w = lo; w <= hi; w++) {
      bits[w] |= acc[w];
    }
  }

  /** Whether {@code p} is a leaf an attribute of its column makes cheap. */
  private boolean indexed(Predicate p, TableSlice slice) {
    if (p instanceof Predicate.And || p instanceof Predicate.Or) {
      return false;
    }
    Column c = slice.column(field(p) - offset);
    Attribute a = c.attribute();
    return a == Attribute.SORTED && !c.type().nested() && c.type().element() != KdbType.SYMBOL
        && (p instanceof Predicate.In || p instanceof Predicate.Compare cmp
            && cmp.op() != Op.NE)
        || a == Attribute.PARTED && c instanceof EnumColumn;
  }

  /** The table field a leaf reads. */
  private static int field(Predicate leaf) {
    if (leaf instanceof Predicate.Compare c) {
      return c.field();
    }
    if (leaf instanceof Predicate.In in) {
      return in.field();
    }
    if (leaf instanceof Predicate.Like like) {
      return like.field();
    }
    return ((Predicate.IsNull) leaf).field();
  }

  private void leaf(Predicate p, TableSlice slice, long from, long to, long[] bits) {
    Column column = slice.column(field(p) - offset);
    if (column.type().nested()) {
      strings(p, column, from, to, bits);
      return;
    }
    KdbType type = column.type().element();
    switch (type) {
      case SYMBOL -> symbols(p, column, from, to, bits, partedRuns);
      case FLOAT, REAL -> doubles(p, column, from, to, bits);
      case BOOLEAN, BYTE, CHAR -> bytes(p, column, type, from, to, bits);
      default -> longs(p, column, type, from, to, bits);
    }
  }

  /** A comparison as a closed range of raw values and whether it is inverted (for {@code <>}). */
  private record LongRange(long lo, long hi, boolean invert) {
    static LongRange of(Predicate.Compare cmp) {
      long x = ((Value.Int64) cmp.value()).value();
      return switch (cmp.op()) {
        case EQ -> new LongRange(x, x, false);
        case NE -> new LongRange(x, x, true);
        case LT -> x == Long.MIN_VALUE ? null : new LongRange(Long.MIN_VALUE, x - 1, false);
        case LE -> new LongRange(Long.MIN_VALUE, x, false);
        case GT -> x == Long.MAX_VALUE ? null : new LongRange(x + 1, Long.MAX_VALUE, false);
        case GE -> new LongRange(x, Long.MAX_VALUE, false);
      };
    }
  }

  /** Shorts, ints, longs and their temporals, widened to long; the sentinel is the minimum. */
  private static void longs(Predicate p, Column c, KdbType type, long from, long to,
      long[] bits) {
    long nullValue = type.width() == 2 ? Nulls.SHORT_NULL
        : type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
    if (c.attribute() == Attribute.SORTED && sortedLongs(p, c, nullValue, from, to, bits)) {
      return;
    }
    long[] buf = new long[(int) Math.min(Blocks.ROWS, to - from)];
    if (p instanceof Predicate.IsNull n) {
      for (long start = from; start < to; start += buf.length) {
        int len = (int) Math.min(buf.length, to - start);
        c.getLongs(start, buf, 0, len);
        for (int i = 0; i < len; i++) {
          if ((buf[i] == nullValue) != n.negated()) {
            Selection.set(bits, start + i);
          }
        }
      }
      return;
    }
    if (p instanceof Predicate.In in) {
      long[] values = in.values().stream().mapToLong(v -> ((Value.Int64) v).value())
          .sorted().toArray();
      for (long start = from; start < to; start += buf.length) {
        int len = (int) Math.min(buf.length, to - start);
        c.getLongs(start, buf, 0, len);
        for (int i = 0; i < len; i++) {
          long v = buf[i];
          if (v != nullValue && Arrays.binarySearch(values, v) >= 0) {
            Selection.set(bits, start + i);
          }
        }
      }
      return;
    }
    LongRange range = LongRange.of((Predicate.Compare) p);
    if (range == null) {
      return;
    }
    long lo = range.lo();
    long hi = range.hi();
    boolean invert = range.invert();
    for (long start = from; start < to; start += buf.length) {
      int len = (int) Math.min(buf.length, to - start);
      c.getLongs(start, buf, 0, len);
      for (int i = 0; i < len; i++) {
        long v = buf[i];
        if (v != nullValue && (v >= lo && v <= hi) != invert) {
          Selection.set(bits, start + i);
        }
      }
    }
  }

  /**
   * A comparison or IN list over an ascending ({@code s#}) column by binary search: each range
   * of values is one range of rows. Nulls, the smallest values, are never in a range. Returns
   * false for what it does not handle ({@code <>}, IS NULL).
   */
  private static boolean sortedLongs(Predicate p, Column c, long nullValue, long from, long to,
      long[] bits) {
    if (p instanceof Predicate.In in) {
      for (Value v : in.values()) {
        long x = ((Value.Int64) v).value();
        if (x != nullValue) {
          Selection.setRange(bits, firstAtLeast(c, x, from, to),
              x == Long.MAX_VALUE ? to : firstAtLeast(c, x + 1, from, to));
        }
      }
      return true;
    }
    if (!(p instanceof Predicate.Compare cmp) || cmp.op() == Op.NE) {
      return false;
    }
    LongRange range = LongRange.of(cmp);
    if (range != null) {
      long lo = Math.max(range.lo(), nullValue + 1);
      Selection.setRange(bits, firstAtLeast(c, lo, from, to),
          range.hi() == Long.MAX_VALUE ? to : firstAtLeast(c, range.hi() + 1, from, to));
    }
    return true;
  }

  /** The first row in {@code [from, to)} of an ascending column whose value is at least x. */
  private static long firstAtLeast(Column c, long x, long from, long to) {
    long lo = from;
    long hi = to;
    long[] one = new long[1];
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      c.getLongs(mid, one, 0, 1);
      if (one[0] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Booleans, bytes (unsigned) and chars (the blank is null); byte by byte. */
  private static void bytes(Predicate p, Column c, KdbType type, long from, long to,
      long[] bits) {
    boolean hasNull = type == KdbType.CHAR;
    if (p instanceof Predicate.IsNull n) {
      for (long r = from; r < to; r++) {
        if ((hasNull && c.getByte(r) == Nulls.CHAR_NULL) != n.negated()) {
          Selection.set(bits, r);
        }
      }
      return;
    }
    boolean[] accept = new boolean[256];
    if (p instanceof Predicate.In in) {
      for (Value v : in.values()) {
        long x = ((Value.Int64) v).value();
        if (x >= 0 && x < 256) {
          accept[(int) x] = true;
        }
      }
    } else {
      LongRange range = LongRange.of((Predicate.Compare) p);
      for (int x = 0; range != null && x < 256; x++) {
        accept[x] = (x >= range.lo() && x <= range.hi()) != range.invert();
      }
    }
    if (hasNull) {
      accept[Nulls.CHAR_NULL & 0xff] = false;
    }
    if (type == KdbType.BOOLEAN) {
      // Any non-zero byte is true.
      Arrays.fill(accept, 2, 256, accept[1]);
    }
    byte[] buf = new byte[(int) Math.min(Blocks.ROWS, to - from)];
    for (long start = from; start < to; start += buf.length) {
      int len = (int) Math.min(buf.length, to - start);
      c.getBytes(start, buf, 0, len);
      for (int i = 0; i < len; i++) {
        if (accept[buf[i] & 0xff]) {
          Selection.set(bits, start + i);
        }
      }
    }
  }

  /** Reals and floats, widened to double; NaN is null. A strict bound becomes an inclusive one. */
  private static void doubles(Predicate p, Column c, long from, long to, long[] bits) {
    double[] buf = new double[(int) Math.min(Blocks.ROWS, to - from)];
    if (p instanceof Predicate.IsNull n) {
      for (long start = from; start < to; start += buf.length) {
        int len = (int) Math.min(buf.length, to - start);
        c.getDoubles(start, buf, 0, len);
        for (int i = 0; i < len; i++) {
          if (Double.isNaN(buf[i]) != n.negated()) {
            Selection.set(bits, start + i);
          }
        }
      }
      return;
    }
    if (p instanceof Predicate.In in) {
      double[] values = in.values().stream().mapToDouble(v -> ((Value.Float64) v).value())
          .toArray();
      for (long start = from; start < to; start += buf.length) {
        int len = (int) Math.min(buf.length, to - start);
        c.getDoubles(start, buf, 0, len);
        for (int i = 0; i < len; i++) {
          for (double x : values) {
            if (buf[i] == x) {
              Selection.set(bits, start + i);
              break;
            }
          }
        }
      }
      return;
    }
    Predicate.Compare cmp = (Predicate.Compare) p;
    double x = ((Value.Float64) cmp.value()).value();
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    switch (cmp.op()) {
      case EQ, NE -> {
        lo = x;
        hi = x;
      }
      case LT -> hi = Math.nextDown(x);
      case LE -> hi = x;
      case GT -> lo = Math.nextUp(x);
      case GE -> lo = x;
    }
    boolean invert = cmp.op() == Op.NE;
    for (long start = from; start < to; start += buf.length) {
      int len = (int) Math.min(buf.length, to - start);
      c.getDoubles(start, buf, 0, len);
      for (int i = 0; i < len; i++) {
        double v = buf[i];
        if (!Double.isNaN(v) && (v >= lo && v <= hi) != invert) {
          Selection.set(bits, start + i);
        }
      }
    }
  }

  /** Strings (char lists): IS [NOT] NULL and LIKE, row by row. */
  private static void strings(Predicate p, Column c, long from, long to, long[] bits) {
    SqlFunctions.LikeFunction like = likeFunction(p);
    for (long r = from; r < to; r++) {
      boolean isNull = c.isNull(r);
      boolean selected = p instanceof Predicate.IsNull n ? isNull != n.negated()
          : !isNull && like(like, (Predicate.Like) p, c.getString(r));
      if (selected) {
        Selection.set(bits, r);
      }
    }
  }

  /**
   * Calcite's LIKE for a LIKE leaf, else null: only LIKE needs Calcite's runtime, so the other
   * leaves also run where calcite-core is absent (the Spark connector's jar).
   */
  private static SqlFunctions.LikeFunction likeFunction(Predicate p) {
    return p instanceof Predicate.Like ? new SqlFunctions.LikeFunction() : null;
  }

  private static boolean like(SqlFunctions.LikeFunction like, Predicate.Like p, String s) {
    return p.escape() == null ? like.like(s, p.pattern()) : like.like(s, p.pattern(), p.escape());
  }

  /** Symbols: the predicate is decided per domain value, then looked up per row by index. */
  private static void symbols(Predicate p, Column c, long from, long to, long[] bits,
      PartedRuns partedRuns) {
    SqlFunctions.LikeFunction like = likeFunction(p);
    if (!(c instanceof EnumColumn e)) {
      for (long r = from; r < to; r++) {
        if (test(p, c.getSymbol(r), like)) {
          Selection.set(bits, r);
        }
      }
      return;
    }
    SymbolDomain domain = e.domain();
    boolean[] accept = new boolean[domain.size() + 1];
    accept[0] = test(p, "", like);
    for (int i = 0; i < domain.size(); i++) {
      accept[i + 1] = test(p, domain.symbol(i), like);
    }
    PartedRuns.Runs runs = e.attribute() == Attribute.PARTED ? partedRuns.of(e) : null;
    if (runs != null) {
      long[] starts = runs.starts();
      int[] indices = runs.indices();
      for (int k = 0; k < runs.count(); k++) {
        if (accept[indices[k] + 1]) {
          Selection.setRange(bits, Math.max(starts[k], from), Math.min(starts[k + 1], to));
        }
      }
      return;
    }
    int[] buf = new int[(int) Math.max(0, Math.min(Blocks.ROWS, to - from))];
    for (long start = from; start < to; start += buf.length) {
      int len = (int) Math.min(buf.length, to - start);
      e.indices(start, buf, 0, len);
      for (int i = 0; i < len; i++) {
        if (accept[buf[i] + 1]) {
          Selection.set(bits, start + i);
        }
      }
    }
  }


  /** Whether symbol leaf {@code p} is TRUE for {@code s}; the empty symbol is SQL NULL. */
  private static boolean test(Predicate p, String s, SqlFunctions.LikeFunction like) {
    if (p instanceof Predicate.IsNull n) {
      return s.isEmpty() != n.negated();
    }
    if (s.isEmpty()) {
      return false;
    }
    if (p instanceof Predicate.Like l) {
      return like(like, l, s);
    }
    if (p instanceof Predicate.In in) {
      return in.values().contains(new Value.Sym(s));
    }
    Predicate.Compare cmp = (Predicate.Compare) p;
    return s.equals(((Value.Sym) cmp.value()).value()) == (cmp.op() == Op.EQ);
  }
}
