package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.Epochs;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Exports nested lists of booleans, guids, numbers and temporals as List&lt;element&gt;, elements
 * encoded as the column exporters encode atoms. The storage layer has no primitive accessor for a
 * list item, so values come through {@link Column#getObject}: the one boxed path in the export,
 * used only for such (rare) columns. Each decoded temporal is turned back into its exact kdb+
 * value first (infinities included), so nothing is lost; datetime lists are left out, because
 * their decoded values are rounded to the millisecond.
 */
final class ListExporter implements ColumnExporter {
  /** Element types this exporter handles; other nested columns are refused when the schema is made. */
  static final Set<KdbType> ELEMENTS = EnumSet.of(KdbType.BOOLEAN, KdbType.GUID, KdbType.BYTE,
      KdbType.SHORT, KdbType.INT, KdbType.LONG, KdbType.REAL, KdbType.FLOAT, KdbType.TIMESTAMP,
      KdbType.MONTH, KdbType.DATE, KdbType.TIMESPAN, KdbType.MINUTE, KdbType.SECOND,
      KdbType.TIME);

  private final KdbType element;

  ListExporter(KdbType element) {
    this.element = element;
  }

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    ListVector v = (ListVector) target;
    v.clear();
    v.allocateNew();
    FieldVector child = v.getDataVector();
    for (int i = 0; i < n; i++) {
      Object o = c.getObject(from + i);
      if (o == null) {
        v.setNull(i);
        continue;
      }
      if (!(o instanceof List<?> items)) {
        throw new IllegalArgumentException(c.file() + ": row " + (from + i) + " of a " + c.type()
            + " column holds an atom (" + o + "), not a list");
      }
      int start = v.startNewValue(i);
      try {
        for (int k = 0; k < items.size(); k++) {
          set(child, start + k, items.get(k));
        }
      } catch (ArithmeticException e) {
        throw ColumnExporter.outOfRange(c, from + i, e);
      }
      v.endValue(i, items.size());
    }
    v.setValueCount(n);
  }

  private void set(FieldVector child, int at, Object item) {
    if (item == null) {
      while (child.getValueCapacity() <= at) {
        child.reAlloc();
      }
      child.setNull(at);
      return;
    }
    switch (element) {
      case BOOLEAN -> ((BitVector) child).setSafe(at, (Boolean) item ? 1 : 0);
      case BYTE -> ((UInt1Vector) child).setSafe(at, ((Number) item).intValue());
      case SHORT -> ((SmallIntVector) child).setSafe(at, (Short) item);
      case INT -> ((IntVector) child).setSafe(at, (Integer) item);
      case LONG -> ((BigIntVector) child).setSafe(at, (Long) item);
      case REAL -> ((Float4Vector) child).setSafe(at, (Float) item);
      case FLOAT -> ((Float8Vector) child).setSafe(at, (Double) item);
      case GUID -> ((FixedSizeBinaryVector) child).setSafe(at, guidBytes((UUID) item));
      case TIMESTAMP -> ((TimeStampNanoVector) child).setSafe(at, Epochs.shift(
          timestampValue((LocalDateTime) item), Temporals.EPOCH_NANOS_2000));
      case DATE -> ((DateDayVector) child).setSafe(at, Epochs.shift(
          Temporals.dateValue((LocalDate) item), Temporals.EPOCH_DAYS_2000));
      case MONTH -> ((DateDayVector) child).setSafe(at, Epochs.monthToDays(
          Temporals.monthValue((YearMonth) item)));
      case TIMESPAN -> ((DurationVector) child).setSafe(at, ((Duration) item).toNanos());
      case MINUTE -> ((TimeSecVector) child).setSafe(at, Epochs.scale(Math.toIntExact(
          item instanceof LocalTime t ? t.toSecondOfDay() / 60 : ((Duration) item).toMinutes()),
          60));
      case SECOND -> ((TimeSecVector) child).setSafe(at, Math.toIntExact(
          item instanceof LocalTime t ? t.toSecondOfDay() : ((Duration) item).toSeconds()));
      case TIME -> ((TimeMilliVector) child).setSafe(at, Math.toIntExact(
          item instanceof LocalTime t ? t.toNanoOfDay() / 1_000_000 : ((Duration) item).toMillis()));
      default -> throw new IllegalStateException("no list export for " + element);
    }
  }

  /**
   * The kdb+ timestamp of {@code t}, for the whole range including {@code -0Wp}: before 2000 the
   * day count is stepped up by one first, so the product cannot overflow on the way to a value
   * that fits.
   */
  private static long timestampValue(LocalDateTime t) {
    long days = t.toLocalDate().toEpochDay() - Temporals.EPOCH_DAYS_2000;
    long nanoOfDay = t.toLocalTime().toNanoOfDay();
    return days < 0
        ? Math.addExact(Math.multiplyExact(days + 1, Temporals.NANOS_PER_DAY),
            nanoOfDay - Temporals.NANOS_PER_DAY)
        : Math.addExact(Math.multiplyExact(days, Temporals.NANOS_PER_DAY), nanoOfDay);
  }

  /** The 16 bytes of {@code u} in display order, as {@link GuidExporter} writes them. */
  private static byte[] guidBytes(UUID u) {
    byte[] b = new byte[16];
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * k));
      b[8 + k] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * k));
    }
    return b;
  }
}
