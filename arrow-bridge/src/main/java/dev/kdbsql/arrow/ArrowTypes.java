package dev.kdbsql.arrow;

import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The kdb+ to Arrow type mapping, in one place so that export and import agree.
 *
 * <table>
 *   <caption>kdb+ type, Arrow type, value</caption>
 *   <tr><td>boolean b</td><td>Bool</td><td>no nulls in kdb+</td></tr>
 *   <tr><td>guid g</td><td>FixedSizeBinary(16)</td><td>bytes in display order; all-zero is
 *   null</td></tr> <tr><td>byte x</td><td>UInt8</td><td>no nulls in kdb+</td></tr>
 *   <tr><td>short h, int i, long j</td><td>Int16, Int32, Int64</td><td>min value is null; the
 *       infinities stay values (max and -max)</td></tr>
 *   <tr><td>real e, float f</td><td>Float32, Float64</td><td>NaN is null; infinities kept</td></tr>
 *   <tr><td>char c</td><td>Utf8 of one character</td><td>the byte as a Latin-1 character (so bytes
 *       over 0x7f survive as valid UTF-8, as the storage layer reads them); space is null</td></tr>
 *   <tr><td>symbol s</td><td>Dictionary&lt;Int32, Utf8&gt;</td><td>an enumerated column's domain is
 *       the dictionary and the enum indices are the indices; the empty symbol is null</td></tr>
 *   <tr><td>timestamp p</td><td>Timestamp(ns), no zone</td><td>+946684800e9 ns</td></tr>
 *   <tr><td>month m</td><td>Date32</td><td>the first day of the month</td></tr>
 *   <tr><td>date d</td><td>Date32</td><td>+10957 days</td></tr>
 *   <tr><td>datetime z</td><td>Timestamp(ms), no zone</td><td>fractional days rounded to the
 *       millisecond, as q shows them</td></tr>
 *   <tr><td>timespan n</td><td>Duration(ns)</td><td>not Time64 as arrowkdb does: timespans can be
 *       negative or longer than a day</td></tr>
 *   <tr><td>minute u, second v</td><td>Time32(s)</td><td>minutes times 60</td></tr>
 *   <tr><td>time t</td><td>Time32(ms)</td><td></td></tr>
 *   <tr><td>string (list of chars) C</td><td>Utf8</td><td>an empty string stays empty</td></tr>
 *   <tr><td>other lists (upper-case letter)</td><td>List&lt;element&gt;</td><td></td></tr>
 * </table>
 *
 * <p>Temporal infinities (0W, -0W) map to the Arrow type's largest value and the negated largest
 * value, so that they stay infinities after the epoch shift; a finite value that does not fit the
 * Arrow type after the shift (a timestamp after 2262-04-11, say) is refused, never wrapped.
 */
public final class ArrowTypes {
  /** Field metadata key holding q's type character (upper case for lists, C for strings). */
  public static final String KDB_TYPE = "kdb.type";
  /** Field metadata key marking the virtual partition column; its value is the partition kind. */
  public static final String KDB_PARTITION = "kdb.partition";

  public static final ArrowType INT32 = new ArrowType.Int(32, true);

  private ArrowTypes() {}

  /** The Arrow type of kdb+ atoms of {@code t} (the value type, Utf8, for symbols). */
  public static ArrowType arrowType(KdbType t) {
    return switch (t) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case GUID -> new ArrowType.FixedSizeBinary(16);
      case BYTE -> new ArrowType.Int(8, false);
      case SHORT -> new ArrowType.Int(16, true);
      case INT -> INT32;
      case LONG -> new ArrowType.Int(64, true);
      case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case CHAR, SYMBOL -> ArrowType.Utf8.INSTANCE;
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
      case MONTH, DATE -> new ArrowType.Date(DateUnit.DAY);
      case DATETIME -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case TIMESPAN -> new ArrowType.Duration(TimeUnit.NANOSECOND);
      case MINUTE, SECOND -> new ArrowType.Time(TimeUnit.SECOND, 32);
      case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
    };
  }

  /**
   * The field for a kdb+ column of {@code type}; symbol columns are dictionary-encoded with id
   * {@code dictionaryId}. Throws for general (mixed) lists, which have no Arrow type.
   */
  public static Field field(String name, ColumnType type, long dictionaryId) {
    Map<String, String> meta = Map.of(KDB_TYPE, String.valueOf(type.metaChar()));
    if (type.element() == null) {
      throw new IllegalArgumentException("column " + name + " is a general (mixed) list: it has no "
          + "Arrow type; leave it out of the export");
    }
    if (type.isString()) {
      return new Field(name, new FieldType(true, ArrowType.Utf8.INSTANCE, null, meta), null);
    }
    if (type.nested()) {
      Field item = new Field("item", FieldType.nullable(arrowType(type.element())), null);
      return new Field(name, new FieldType(true, ArrowType.List.INSTANCE, null, meta),
          List.of(item));
    }
    DictionaryEncoding dict = type.element() == KdbType.SYMBOL
        ? new DictionaryEncoding(dictionaryId, false, (ArrowType.Int) INT32) : null;
    return new Field(name, new FieldType(true, arrowType(type.element()), dict, meta), null);
  }
}
