package dev.kdbsql.arrow.ingest;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The kdb+ type an imported Arrow field becomes: the {@code kdb.type} metadata when present (so
 * that what we exported comes back exactly), otherwise inferred from the Arrow type. Whether the
 * field's values can be read as that type is checked by the column that collects them.
 */
final class ImportTypes {
  private ImportTypes() {}

  /**
   * The kdb+ column type for {@code field}; {@code valueType} is the dictionary's value type for a
   * dictionary-encoded field, else the field's own type.
   */
  static ColumnType of(Field field, ArrowType valueType) {
    String meta = field.getMetadata().get(ArrowTypes.KDB_TYPE);
    boolean encoded = field.getDictionary() != null;
    if (meta != null && meta.length() == 1) {
      char c = meta.charAt(0);
      if (c == 'C') {
        return ColumnType.STRING;
      }
      for (KdbType t : KdbType.values()) {
        if (t.letter() == c) {
          return ColumnType.of(t);
        }
      }
      for (KdbType t : KdbType.values()) {
        if (Character.toUpperCase(t.letter()) == c) {
          return ColumnType.listOf(t);
        }
      }
      throw new IllegalArgumentException("field " + field.getName() + ": kdb.type '" + meta
          + "' is not a kdb+ type character");
    }
    if (encoded) {
      if (valueType instanceof ArrowType.Utf8 || valueType instanceof ArrowType.LargeUtf8) {
        return ColumnType.of(KdbType.SYMBOL);
      }
      throw new IllegalArgumentException("field " + field.getName() + ": dictionary of "
          + valueType + " has no kdb+ type (only string dictionaries, as symbols)");
    }
    if (valueType instanceof ArrowType.List || valueType instanceof ArrowType.LargeList) {
      Field item = field.getChildren().get(0);
      KdbType e = item.getDictionary() == null ? infer(item.getType()) : null;
      if (e == null) {
        throw new IllegalArgumentException("field " + field.getName() + ": lists of "
            + item.getType() + " have no kdb+ type (only lists of booleans, numbers, guids "
            + "and temporals)");
      }
      return ColumnType.listOf(e);
    }
    KdbType t = infer(valueType);
    if (t == null) {
      if (valueType instanceof ArrowType.Utf8 || valueType instanceof ArrowType.LargeUtf8) {
        return ColumnType.STRING;
      }
      throw new IllegalArgumentException("field " + field.getName() + ": Arrow type " + valueType
          + " has no kdb+ type; supported are booleans, integers, floating point, decimals, "
          + "strings, dictionaries of strings, fixed-size binary(16), dates, times, timestamps "
          + "and durations");
    }
    return ColumnType.of(t);
  }

  private static KdbType infer(ArrowType type) {
    return switch (type.getTypeID()) {
      case Bool -> KdbType.BOOLEAN;
      case Int -> {
        ArrowType.Int i = (ArrowType.Int) type;
        int bits = i.getBitWidth();
        if (bits == 8) {
          yield i.getIsSigned() ? KdbType.SHORT : KdbType.BYTE;
        }
        if (bits == 16) {
          yield i.getIsSigned() ? KdbType.SHORT : KdbType.INT;
        }
        yield bits == 32 && i.getIsSigned() ? KdbType.INT : KdbType.LONG;
      }
      case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision()
          == FloatingPointPrecision.DOUBLE
          ? KdbType.FLOAT : KdbType.REAL;
      case Decimal -> KdbType.FLOAT;
      case FixedSizeBinary -> ((ArrowType.FixedSizeBinary) type).getByteWidth() == 16
          ? KdbType.GUID : null;
      case Date -> KdbType.DATE;
      case Timestamp -> KdbType.TIMESTAMP;
      case Duration -> KdbType.TIMESPAN;
      case Time -> switch (((ArrowType.Time) type).getUnit()) {
        case SECOND -> KdbType.SECOND;
        case MILLISECOND -> KdbType.TIME;
        case MICROSECOND, NANOSECOND -> KdbType.TIMESPAN;
      };
      default -> null;
    };
  }

  /** Nanoseconds per unit of {@code u}. */
  static long nanosPer(TimeUnit u) {
    return switch (u) {
      case SECOND -> 1_000_000_000L;
      case MILLISECOND -> 1_000_000L;
      case MICROSECOND -> 1_000L;
      case NANOSECOND -> 1L;
    };
  }

  /** Whether {@code t} is a day-count date. */
  static boolean isDays(ArrowType t) {
    return t instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY;
  }
}
