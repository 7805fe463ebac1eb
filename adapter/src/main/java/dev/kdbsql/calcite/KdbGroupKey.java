package dev.kdbsql.calcite;

import dev.kdbsql.storage.KdbType;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One grouping key the scan computes: table field {@code field} (named {@code name}) itself, or,
 * when {@code bucket > 0}, {@code xbar(bucket, field)} with {@link KdbFunctions#xbar}'s meaning
 * for the SQL type {@code xbarType} of its argument and result: milliseconds of the day for TIME
 * (a time column, or a timespan typed as TIME), milliseconds for TIMESTAMP, days from 2000-01-01
 * for DATE, units for BIGINT (ints, longs, timespans typed as nanoseconds). {@code type} is the
 * stored column's element type, null for the virtual partition column. {@link #toString} is what
 * EXPLAIN shows.
 */
record KdbGroupKey(int field, String name, KdbType type, long bucket, SqlTypeName xbarType) {
  /** Element types the scan groups by directly: symbols, chars, booleans and integers. */
  static final Set<KdbType> PLAIN = EnumSet.of(KdbType.SYMBOL, KdbType.CHAR, KdbType.BOOLEAN,
      KdbType.BYTE, KdbType.SHORT, KdbType.INT, KdbType.LONG, KdbType.DATE, KdbType.MONTH,
      KdbType.MINUTE, KdbType.SECOND, KdbType.TIME, KdbType.TIMESPAN, KdbType.TIMESTAMP);
  /** Element types the scan buckets with {@code xbar}. */
  static final Set<KdbType> XBAR = EnumSet.of(KdbType.TIME, KdbType.TIMESPAN, KdbType.TIMESTAMP,
      KdbType.DATE, KdbType.INT, KdbType.LONG);

  /** A key of the column itself. */
  static KdbGroupKey of(int field, String name, KdbType type) {
    return new KdbGroupKey(field, name, type, 0, null);
  }

  /** Whether the key is the virtual partition column. */
  boolean partition() {
    return type == null;
  }

  @Override
  public String toString() {
    return bucket > 0 ? "xbar(" + bucket + ", " + name + ")" : name;
  }
}
