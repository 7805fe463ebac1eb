package dev.kdbsql.calcite;

import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with TIMESTAMP and TIME precision up to 9, so that kdb+ timestamps are
 * TIMESTAMP(9) and nanosecond literals ({@code TIMESTAMP '2015-01-07 00:00:03.838217123'}) keep
 * their digits through validation instead of being cut to milliseconds.
 */
public final class KdbTypeSystem extends RelDataTypeSystemImpl {
  /** The instance the {@code typeSystem} connection property names. */
  public static final RelDataTypeSystem INSTANCE = new KdbTypeSystem();

  private KdbTypeSystem() {
  }

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case TIME, TIME_WITH_LOCAL_TIME_ZONE, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 9;
      default -> super.getMaxPrecision(typeName);
    };
  }
}
