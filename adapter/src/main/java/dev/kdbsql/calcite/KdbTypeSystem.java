package dev.kdbsql.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system as kdb+ users and BI tools expect it.
 *
 * <ul>
 *   <li>TIMESTAMP and TIME precision up to 9, so that kdb+ timestamps are TIMESTAMP(9) and
 *       nanosecond literals ({@code TIMESTAMP '2015-01-07 00:00:03.838217123'}) keep their
 *       digits through validation instead of being cut to milliseconds.
 *   <li>{@code SUM} of TINYINT, SMALLINT and INTEGER is BIGINT, as in Postgres and DuckDB:
 *       Calcite's default keeps the argument's type, so {@code SUM} over a few thousand shorts
 *       failed ("Value 32784 out of range") and over ints wrapped.
 *   <li>{@code AVG} of an integer type is DOUBLE (184.88, not Calcite's truncated 184), as
 *       Postgres, DuckDB, Tableau and Metabase show it; so are
 *       the variances, standard deviations and covariances of integers.
 *   <li>Character values of different lengths meeting in a CASE, a UNION or a VALUES list are
 *       VARCHAR, not CHAR padded with blanks ({@code 'block'} rather than {@code 'block  '}).
 * </ul>
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

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    return switch (argumentType.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER -> typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.BIGINT), argumentType.isNullable());
      default -> super.deriveSumType(typeFactory, argumentType);
    };
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory,
      RelDataType argumentType) {
    return switch (argumentType.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
      default -> super.deriveAvgAggType(typeFactory, argumentType);
    };
  }

  @Override
  public RelDataType deriveCovarType(RelDataTypeFactory typeFactory, RelDataType arg0Type,
      RelDataType arg1Type) {
    return SqlTypeName.INT_TYPES.contains(arg0Type.getSqlTypeName())
        ? typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE),
            arg0Type.isNullable())
        : super.deriveCovarType(typeFactory, arg0Type, arg1Type);
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
