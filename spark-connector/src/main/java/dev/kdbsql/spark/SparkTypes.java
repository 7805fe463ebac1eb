package dev.kdbsql.spark;

import dev.kdbsql.spark.KdbOptions.TimespanMode;
import dev.kdbsql.spark.KdbOptions.TimestampMode;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.PartitionKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The kdb+ to Spark type mapping, in one place (README "Types" says why each is chosen). It
 * follows the JDBC driver's SQL mapping where Spark has the same type, and is exact where the
 * driver had to give way to Calcite:
 *
 * <table>
 *   <caption>kdb+ type, Spark type, notes</caption>
 *   <tr><td>partition date / month</td><td>DateType</td><td>named date / month, first column;
 *       a month is its first day</td></tr>
 *   <tr><td>partition year / int</td><td>LongType</td><td>as the driver's BIGINT</td></tr>
 *   <tr><td>boolean b</td><td>BooleanType</td><td>not nullable (kdb+ has no boolean null)</td></tr>
 *   <tr><td>guid g</td><td>StringType</td><td>36-character text; the all-zero guid is null</td></tr>
 *   <tr><td>byte x</td><td>ShortType</td><td>kdb+ bytes are unsigned 0..255; Spark's byte is
 *       signed</td></tr>
 *   <tr><td>short h, int i, long j</td><td>ShortType, IntegerType, LongType</td><td>the minimum
 *       is null; infinities are the values max and -max</td></tr>
 *   <tr><td>real e, float f</td><td>FloatType, DoubleType</td><td>NaN is null</td></tr>
 *   <tr><td>char c, symbol s</td><td>StringType</td><td>a space char and the empty symbol are
 *       null</td></tr>
 *   <tr><td>timestamp p</td><td>TimestampNTZType (floored to microseconds) or, with
 *       {@code timestampAs=nanos}, LongType nanoseconds since 1970</td><td>zone-less wall clock,
 *       as kdb+ stores it</td></tr>
 *   <tr><td>month m, date d</td><td>DateType</td><td>0W and -0W are the largest and smallest
 *       dates</td></tr>
 *   <tr><td>datetime z</td><td>TimestampNTZType</td><td>rounded to the millisecond, as q shows
 *       it</td></tr>
 *   <tr><td>timespan n</td><td>LongType nanoseconds or, with {@code timespanAs=interval},
 *       DayTimeIntervalType (microseconds)</td><td></td></tr>
 *   <tr><td>minute u, second v, time t</td><td>DayTimeIntervalType HOUR TO MINUTE, HOUR TO
 *       SECOND, HOUR TO SECOND</td><td>exact, also outside one day</td></tr>
 *   <tr><td>string C</td><td>StringType</td><td>an empty string stays empty</td></tr>
 *   <tr><td>list of a simple type</td><td>ArrayType of the element's type</td><td></td></tr>
 *   <tr><td>general list</td><td>StringType</td><td>the list's text, as the driver gives it</td></tr>
 * </table>
 *
 * <p>Each field carries the kdb+ type in its metadata under {@link #KDB_TYPE}: q's meta character
 * (upper case for lists, blank for general lists), or {@code partition:<kind>}.
 */
public final class SparkTypes {
  /** Field metadata key holding q's meta character, or {@code partition:<kind>}. */
  public static final String KDB_TYPE = "kdb.type";

  private static final DataType MINUTES = DataTypes.createDayTimeIntervalType(
      DayTimeIntervalType.HOUR(), DayTimeIntervalType.MINUTE());
  private static final DataType SECONDS = DataTypes.createDayTimeIntervalType(
      DayTimeIntervalType.HOUR(), DayTimeIntervalType.SECOND());
  private static final DataType DAY_TO_SECOND = DataTypes.createDayTimeIntervalType(
      DayTimeIntervalType.DAY(), DayTimeIntervalType.SECOND());

  private SparkTypes() {}

  /** The schema of {@code table}: the partition column (if any) first, then the stored columns. */
  public static StructType schema(KdbTable table, KdbOptions options) {
    List<StructField> fields = new ArrayList<>();
    PartitionKind kind = table.partitionKind();
    if (kind != null) {
      fields.add(new StructField(kind.columnName(), partitionType(kind), false,
          kdbType("partition:" + kind.columnName())));
    }
    for (ColumnInfo c : table.columns()) {
      fields.add(new StructField(c.name(), type(c.type(), options),
          c.type().nested() || c.type().element() != KdbType.BOOLEAN,
          kdbType(String.valueOf(c.type().metaChar()))));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The type of the virtual partition column: DateType for date and month, else LongType. */
  public static DataType partitionType(PartitionKind kind) {
    return kind == PartitionKind.DATE || kind == PartitionKind.MONTH
        ? DataTypes.DateType : DataTypes.LongType;
  }

  /** The type of a stored column. */
  public static DataType type(ColumnType type, KdbOptions options) {
    if (type.isString() || type.element() == null) {
      return DataTypes.StringType;
    }
    DataType element = type(type.element(), options);
    return type.nested() ? new ArrayType(element, true) : element;
  }

  /** The type of atoms of {@code t}. */
  public static DataType type(KdbType t, KdbOptions options) {
    return switch (t) {
      case BOOLEAN -> DataTypes.BooleanType;
      case GUID, CHAR, SYMBOL -> DataTypes.StringType;
      case BYTE, SHORT -> DataTypes.ShortType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case REAL -> DataTypes.FloatType;
      case FLOAT -> DataTypes.DoubleType;
      case TIMESTAMP -> options.timestamps() == TimestampMode.NANOS
          ? DataTypes.LongType : DataTypes.TimestampNTZType;
      case MONTH, DATE -> DataTypes.DateType;
      case DATETIME -> DataTypes.TimestampNTZType;
      case TIMESPAN -> options.timespans() == TimespanMode.INTERVAL
          ? DAY_TO_SECOND : DataTypes.LongType;
      case MINUTE -> MINUTES;
      case SECOND, TIME -> SECONDS;
    };
  }

  private static Metadata kdbType(String value) {
    return new MetadataBuilder().putString(KDB_TYPE, value).build();
  }
}
