package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.calcite.temporal.KdbTypeFactory;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.PartitionKind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The kdb+ to SQL type mapping (docs/design.md). The values of these types, as Calcite's generated
 * code holds them, come from the engine's readers ({@link dev.kdbsql.calcite.exec.CalciteValues}).
 *
 * <p>Decisions worth knowing: a timestamp, and a timespan typed as a time of day, are of the exact
 * kdb+ types ({@link dev.kdbsql.calcite.temporal.KdbTemporalType}: TIMESTAMP(9) and TIME(9)
 * whose values are {@code KdbTimestamp} and {@code KdbTimespan} objects), because Calcite's own
 * TIMESTAMP and TIME hold milliseconds only; a guid is CHAR(36), because Calcite 1.42's UUID type
 * has no runtime representation in Enumerable code nor in Avatica 1.28; nested lists other than
 * strings are VARCHAR holding the list's text, because Avatica's nested ARRAY result sets do not
 * survive our ResultSet; minutes, seconds and times (and timespans as TIME) outside one day are
 * durations, not times of day, and read as NULL. Every column is nullable except booleans
 * (kdb+ has no boolean null) and the virtual partition column.
 */
final class KdbTypeMapper {
  private final TimespanMode timespan;

  /** Creates a mapper that types timespans as {@code timespan} says. */
  KdbTypeMapper(TimespanMode timespan) {
    this.timespan = timespan;
  }

  /** How timespans are typed. */
  TimespanMode timespan() {
    return timespan;
  }

  /** The SQL type of a stored column. */
  RelDataType sqlType(RelDataTypeFactory f, ColumnType type) {
    if (type.nested()) {
      return nullable(f, f.createSqlType(SqlTypeName.VARCHAR));
    }
    return switch (type.element()) {
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case GUID -> nullable(f, f.createSqlType(SqlTypeName.CHAR, 36));
      case BYTE, SHORT -> nullable(f, f.createSqlType(SqlTypeName.SMALLINT));
      case INT -> nullable(f, f.createSqlType(SqlTypeName.INTEGER));
      case LONG -> nullable(f, f.createSqlType(SqlTypeName.BIGINT));
      case REAL -> nullable(f, f.createSqlType(SqlTypeName.REAL));
      case FLOAT -> nullable(f, f.createSqlType(SqlTypeName.DOUBLE));
      case CHAR -> nullable(f, f.createSqlType(SqlTypeName.CHAR, 1));
      case SYMBOL -> nullable(f, f.createSqlType(SqlTypeName.VARCHAR));
      case TIMESTAMP -> KdbTypeFactory.kdb(f).timestampType(true);
      case MONTH, DATE -> nullable(f, f.createSqlType(SqlTypeName.DATE));
      case DATETIME -> nullable(f, f.createSqlType(SqlTypeName.TIMESTAMP, 3));
      case TIMESPAN -> timespan == TimespanMode.NANOS
          ? nullable(f, f.createSqlType(SqlTypeName.BIGINT))
          : KdbTypeFactory.kdb(f).timespanType(true);
      case MINUTE, SECOND -> nullable(f, f.createSqlType(SqlTypeName.TIME, 0));
      case TIME -> nullable(f, f.createSqlType(SqlTypeName.TIME, 3));
    };
  }

  /** The SQL type of the virtual partition column: DATE for date and month, else BIGINT. */
  RelDataType partitionType(RelDataTypeFactory f, PartitionKind kind) {
    return f.createSqlType(kind == PartitionKind.DATE || kind == PartitionKind.MONTH
        ? SqlTypeName.DATE : SqlTypeName.BIGINT);
  }

  private static RelDataType nullable(RelDataTypeFactory f, RelDataType t) {
    return f.createTypeWithNullability(t, true);
  }
}
