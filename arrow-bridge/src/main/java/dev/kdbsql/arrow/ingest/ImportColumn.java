package dev.kdbsql.arrow.ingest;

import dev.kdbsql.arrow.Epochs;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.ColumnData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Collects the values of one Arrow field into the primitive array of its kdb+ type, with Arrow
 * nulls turned into kdb+ sentinels and epochs shifted back (see {@link Epochs}); then hands the
 * array to the writer as {@link ColumnData}, a batch at a time ({@link #drain}). Each subclass owns
 * one array shape and reads the Arrow vector classes that can hold its kdb+ type.
 */
abstract class ImportColumn {
  final String name;
  final KdbType type;
  int size;

  ImportColumn(String name, KdbType type) {
    this.name = name;
    this.type = type;
  }

  /** The collector for field {@code name} becoming a kdb+ column of {@code t}. */
  static ImportColumn of(String name, ColumnType t) {
    if (t.isString()) {
      return new Texts(name, KdbType.CHAR, true);
    }
    if (t.nested() && t.element() != null && t.element() != KdbType.SYMBOL) {
      return new Lists(name, of(name, ColumnType.of(t.element())));
    }
    if (t.nested() || t.element() == null) {
      throw new IllegalArgumentException("field " + name + ": the kdb+ writer writes no " + t
          + " columns (only simple types, symbols, strings and lists of simple atoms)");
    }
    KdbType k = t.element();
    return switch (k) {
      case BOOLEAN, BYTE, CHAR -> new Bytes(name, k);
      case GUID -> new Guids(name);
      case SHORT -> new Shorts(name);
      case REAL -> new Reals(name);
      case FLOAT, DATETIME -> new Doubles(name, k);
      case SYMBOL -> new Texts(name, k, false);
      default -> k.isLongLike() ? new Longs(name, k) : new Ints(name, k);
    };
  }

  /** Appends every value of {@code v}; {@code dictionary} is its decoded dictionary, or null. */
  abstract void append(FieldVector v, String[] dictionary);

  /** The collected column. */
  abstract ColumnData build();

  /** The values collected since the last drain, as a column; then starts over (keeping room). */
  final ColumnData drain() {
    ColumnData c = build();
    size = 0;
    return c;
  }

  /** The new length of a full array of length {@code capacity} that needs {@code n} more. */
  final int grow(int capacity, int n) {
    long need = (long) size + n;
    if (need > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("field " + name + ": more than " + (Integer.MAX_VALUE - 8)
          + " rows cannot be imported into one table or partition");
    }
    return need <= capacity ? capacity : (int) Math.max(need, Math.min(capacity * 2L,
        Integer.MAX_VALUE - 8));
  }

  final IllegalArgumentException unsupported(FieldVector v) {
    return new IllegalArgumentException("field " + name + ": Arrow type " + v.getField().getType()
        + " cannot be imported as kdb+ " + type.name().toLowerCase() + " (" + type.letter() + ")");
  }

  final IllegalArgumentException outOfRange(int row, Object value) {
    return new IllegalArgumentException("field " + name + ": value " + value + " at row "
        + (size + row) + " does not fit kdb+ " + type.name().toLowerCase());
  }

  /** The Arrow time unit of a temporal vector, or null. */
  static TimeUnit unit(FieldVector v) {
    ArrowType t = v.getField().getType();
    if (t instanceof ArrowType.Timestamp ts) {
      return ts.getUnit();
    }
    if (t instanceof ArrowType.Duration d) {
      return d.getUnit();
    }
    if (t instanceof ArrowType.Time tm) {
      return tm.getUnit();
    }
    return null;
  }

  /** The raw 4- or 8-byte value at {@code i} of a fixed-width vector, sign-extended. */
  static long raw(BaseFixedWidthVector v, int i) {
    ArrowBuf b = v.getDataBuffer();
    return v.getTypeWidth() == 4 ? b.getInt(4L * i) : b.getLong(8L * i);
  }

  /**
   * Converts {@code v} from {@code from} units to {@code to} units (floor when coarsening); the
   * source type's largest value and its negation, the infinities, map to {@code inf} and
   * {@code -inf}.
   */
  static long rescale(long v, long srcMax, long from, long to, long inf) {
    if (v == srcMax) {
      return inf;
    }
    if (v == -srcMax) {
      return -inf;
    }
    return from >= to ? Math.multiplyExact(v, from / to) : Math.floorDiv(v, to / from);
  }

  /** Booleans, bytes and chars. */
  static final class Bytes extends ImportColumn {
    private byte[] values = new byte[0];

    Bytes(String name, KdbType type) {
      super(name, type);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      byte nul = type == KdbType.CHAR ? Nulls.CHAR_NULL : 0;
      for (int i = 0; i < n; i++) {
        values[size + i] = v.isNull(i) ? nul : value(v, i);
      }
      size += n;
    }

    private byte value(FieldVector v, int i) {
      if (type == KdbType.BOOLEAN && v instanceof BitVector b) {
        return (byte) b.get(i);
      }
      if (type == KdbType.BYTE && v instanceof BaseIntVector b) {
        long x = b.getValueAsLong(i);
        if (x < -128 || x > 255) {
          throw outOfRange(i, x);
        }
        return (byte) x;
      }
      if (type == KdbType.CHAR && v instanceof VariableWidthFieldVector s) {
        String c = new String(s.get(i), StandardCharsets.UTF_8);
        if (c.length() != 1 || c.charAt(0) > 0xff) {
          throw outOfRange(i, "\"" + c + "\" (a char is one Latin-1 character)");
        }
        return (byte) c.charAt(0);
      }
      throw unsupported(v);
    }

    @Override
    ColumnData build() {
      return ColumnData.bytes(type, Arrays.copyOf(values, size));
    }
  }

  /** Shorts. */
  static final class Shorts extends ImportColumn {
    private short[] values = new short[0];

    Shorts(String name) {
      super(name, KdbType.SHORT);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      if (!(v instanceof BaseIntVector b)) {
        throw unsupported(v);
      }
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          values[size + i] = Nulls.SHORT_NULL;
        } else {
          long x = b.getValueAsLong(i);
          if (x != (short) x) {
            throw outOfRange(i, x);
          }
          values[size + i] = (short) x;
        }
      }
      size += n;
    }

    @Override
    ColumnData build() {
      return ColumnData.shorts(Arrays.copyOf(values, size));
    }
  }

  /** Ints and the int-encoded temporals: month, date, minute, second, time. */
  static final class Ints extends ImportColumn {
    private int[] values = new int[0];

    Ints(String name, KdbType type) {
      super(name, type);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      for (int i = 0; i < n; i++) {
        try {
          values[size + i] = v.isNull(i) ? Nulls.INT_NULL : value(v, i);
        } catch (ArithmeticException e) {
          throw outOfRange(i, v.getObject(i));
        }
      }
      size += n;
    }

    private int value(FieldVector v, int i) {
      switch (type) {
        case INT -> {
          if (v instanceof BaseIntVector b) {
            return Math.toIntExact(b.getValueAsLong(i));
          }
        }
        case DATE, MONTH -> {
          int days;
          if (v instanceof DateDayVector d) {
            days = d.get(i);
          } else if (v instanceof DateMilliVector d) {
            days = Math.toIntExact(Math.floorDiv(d.get(i), Temporals.MILLIS_PER_DAY));
          } else {
            break;
          }
          return type == KdbType.DATE ? Epochs.shift(days, -Temporals.EPOCH_DAYS_2000)
              : Epochs.daysToMonth(days);
        }
        case MINUTE, SECOND, TIME -> {
          TimeUnit u = unit(v);
          if (u != null && v instanceof BaseFixedWidthVector f
              && !(v instanceof TimeStampVector)) {
            long srcMax = f.getTypeWidth() == 4 ? Nulls.INT_INF : Nulls.LONG_INF;
            long to = type == KdbType.MINUTE ? 60_000_000_000L
                : type == KdbType.SECOND ? 1_000_000_000L : 1_000_000L;
            return Math.toIntExact(rescale(raw(f, i), srcMax, ImportTypes.nanosPer(u), to,
                Nulls.INT_INF));
          }
        }
        default -> {
        }
      }
      throw unsupported(v);
    }

    @Override
    ColumnData build() {
      return ColumnData.ints(type, Arrays.copyOf(values, size));
    }
  }

  /** Longs and the long-encoded temporals: timestamp, timespan. */
  static final class Longs extends ImportColumn {
    private long[] values = new long[0];

    Longs(String name, KdbType type) {
      super(name, type);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      for (int i = 0; i < n; i++) {
        try {
          values[size + i] = v.isNull(i) ? Nulls.LONG_NULL : value(v, i);
        } catch (ArithmeticException e) {
          throw outOfRange(i, v.getObject(i));
        }
      }
      size += n;
    }

    private long value(FieldVector v, int i) {
      if (type == KdbType.LONG && v instanceof BaseIntVector b) {
        return b.getValueAsLong(i);
      }
      if (type == KdbType.TIMESTAMP && v instanceof TimeStampVector t) {
        long ns = rescale(t.get(i), Nulls.LONG_INF, ImportTypes.nanosPer(unit(v)), 1,
            Nulls.LONG_INF);
        return Epochs.shift(ns, -Temporals.EPOCH_NANOS_2000);
      }
      if (type == KdbType.TIMESTAMP && v instanceof DateDayVector d) {
        return Math.multiplyExact(Epochs.shift(d.get(i), -Temporals.EPOCH_DAYS_2000),
            Temporals.NANOS_PER_DAY);
      }
      if (type == KdbType.TIMESPAN) {
        if (v instanceof DurationVector || v instanceof TimeSecVector
            || v instanceof TimeMilliVector || v instanceof TimeMicroVector
            || v instanceof TimeNanoVector) {
          BaseFixedWidthVector f = (BaseFixedWidthVector) v;
          long srcMax = f.getTypeWidth() == 4 ? Nulls.INT_INF : Nulls.LONG_INF;
          return rescale(raw(f, i), srcMax, ImportTypes.nanosPer(unit(v)), 1, Nulls.LONG_INF);
        }
        if (v instanceof BaseIntVector b) {
          return b.getValueAsLong(i);
        }
      }
      throw unsupported(v);
    }

    @Override
    ColumnData build() {
      return ColumnData.longs(type, Arrays.copyOf(values, size));
    }
  }

  /** Reals. */
  static final class Reals extends ImportColumn {
    private float[] values = new float[0];

    Reals(String name) {
      super(name, KdbType.REAL);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          values[size + i] = Float.NaN;
        } else if (v instanceof Float4Vector f) {
          values[size + i] = f.get(i);
        } else if (v instanceof Float8Vector f) {
          values[size + i] = (float) f.get(i);
        } else {
          throw unsupported(v);
        }
      }
      size += n;
    }

    @Override
    ColumnData build() {
      return ColumnData.reals(Arrays.copyOf(values, size));
    }
  }

  /** Floats and datetimes. */
  static final class Doubles extends ImportColumn {
    private double[] values = new double[0];

    Doubles(String name, KdbType type) {
      super(name, type);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      for (int i = 0; i < n; i++) {
        try {
          values[size + i] = v.isNull(i) ? Double.NaN : value(v, i);
        } catch (ArithmeticException e) {
          throw outOfRange(i, v.getObject(i));
        }
      }
      size += n;
    }

    private double value(FieldVector v, int i) {
      if (type == KdbType.DATETIME && v instanceof TimeStampVector t) {
        return Epochs.millisToDatetime(rescale(t.get(i), Nulls.LONG_INF,
            ImportTypes.nanosPer(unit(v)), 1_000_000L, Nulls.LONG_INF));
      }
      if (type == KdbType.FLOAT) {
        if (v instanceof Float8Vector f) {
          return f.get(i);
        }
        if (v instanceof Float4Vector f) {
          return f.get(i);
        }
        if (v instanceof DecimalVector d) {
          return d.getObject(i).doubleValue();
        }
        if (v instanceof BaseIntVector b) {
          return b.getValueAsLong(i);
        }
      }
      throw unsupported(v);
    }

    @Override
    ColumnData build() {
      return ColumnData.doubles(type, Arrays.copyOf(values, size));
    }
  }

  /** Guids, from 16-byte fixed-size binaries in display order. */
  static final class Guids extends ImportColumn {
    private long[] high = new long[0];
    private long[] low = new long[0];

    Guids(String name) {
      super(name, KdbType.GUID);
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      if (!(v instanceof FixedSizeBinaryVector f) || f.getByteWidth() != 16) {
        throw unsupported(v);
      }
      int n = v.getValueCount();
      if (high.length - size < n) {
        high = Arrays.copyOf(high, grow(high.length, n));
        low = Arrays.copyOf(low, high.length);
      }
      ArrowBuf data = f.getDataBuffer();
      for (int i = 0; i < n; i++) {
        boolean nul = v.isNull(i);
        high[size + i] = nul ? 0 : Long.reverseBytes(data.getLong(16L * i));
        low[size + i] = nul ? 0 : Long.reverseBytes(data.getLong(16L * i + 8));
      }
      size += n;
    }

    @Override
    ColumnData build() {
      return ColumnData.guids(Arrays.copyOf(high, size), Arrays.copyOf(low, size));
    }
  }

  /** Symbols and strings, from Utf8 (plain or dictionary-encoded); null becomes "". */
  static final class Texts extends ImportColumn {
    private final boolean strings;
    private String[] values = new String[0];

    Texts(String name, KdbType type, boolean strings) {
      super(name, type);
      this.strings = strings;
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      int n = v.getValueCount();
      if (values.length - size < n) {
        values = Arrays.copyOf(values, grow(values.length, n));
      }
      if (dictionary != null) {
        BaseIntVector idx = (BaseIntVector) v;
        for (int i = 0; i < n; i++) {
          values[size + i] = v.isNull(i) ? "" : dictionary[(int) idx.getValueAsLong(i)];
        }
      } else if (v instanceof VariableWidthFieldVector s
          && !(v.getField().getType() instanceof ArrowType.Binary)) {
        for (int i = 0; i < n; i++) {
          values[size + i] = v.isNull(i) ? "" : new String(s.get(i), StandardCharsets.UTF_8);
        }
      } else {
        throw unsupported(v);
      }
      size += n;
    }

    @Override
    ColumnData build() {
      String[] v = Arrays.copyOf(values, size);
      return strings ? ColumnData.strings(v) : ColumnData.symbols(v);
    }
  }
  /**
   * Lists of simple atoms, from Arrow List or LargeList vectors: the child vector's values go
   * through the element type's collector (so nulls and epochs are handled as for a column), and
   * each row keeps its range. A null list becomes an empty list, as kdb+ has no null list.
   */
  static final class Lists extends ImportColumn {
    private final ImportColumn elements;
    private int[] offsets = new int[1];
    /** Element positions (in {@link #elements}) the rows use, in order; all but gaps. */
    private int[] picks = new int[0];
    private int picked;

    Lists(String name, ImportColumn elements) {
      super(name, elements.type);
      this.elements = elements;
    }

    @Override
    void append(FieldVector v, String[] dictionary) {
      boolean large = v instanceof LargeListVector;
      if (!(v instanceof ListVector) && !large) {
        throw unsupported(v);
      }
      FieldVector child = large ? (FieldVector) ((LargeListVector) v).getDataVector()
          : ((ListVector) v).getDataVector();
      ArrowBuf ends = large ? ((LargeListVector) v).getOffsetBuffer()
          : ((ListVector) v).getOffsetBuffer();
      int n = v.getValueCount();
      int base = elements.size;
      elements.append(child, null);
      if (offsets.length - size - 1 < n) {
        offsets = Arrays.copyOf(offsets, grow(offsets.length - 1, n) + 1);
      }
      for (int i = 0; i < n; i++) {
        long from = large ? ends.getLong(8L * i) : ends.getInt(4L * i);
        long to = large ? ends.getLong(8L * (i + 1)) : ends.getInt(4L * (i + 1));
        int len = v.isNull(i) ? 0 : Math.toIntExact(to - from);
        if (picks.length - picked < len) {
          picks = Arrays.copyOf(picks, Math.max(picked + len, picks.length * 2));
        }
        for (int k = 0; k < len; k++) {
          picks[picked++] = base + (int) from + k;
        }
        offsets[size + i + 1] = offsets[size + i] + len;
      }
      size += n;
    }

    @Override
    ColumnData build() {
      ColumnData all = elements.drain();
      boolean contiguous = picked == all.length();
      for (int k = 0; contiguous && k < picked; k++) {
        contiguous = picks[k] == k;
      }
      ColumnData used = contiguous ? all : all.select(Arrays.copyOf(picks, picked));
      picked = 0;
      return ColumnData.lists(used, Arrays.copyOf(offsets, size + 1));
    }
  }
}
