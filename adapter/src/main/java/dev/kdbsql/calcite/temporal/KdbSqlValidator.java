package dev.kdbsql.calcite.temporal;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJdbcFunctionCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * Calcite's validator, with the calls that would cut a kdb+ timestamp or timespan to Calcite's
 * own TIMESTAMP or TIME (whose values hold milliseconds) typed with the kdb+ type instead, for
 * {@link SubSecondConvertlets} to compute in nanoseconds:
 * <ul>
 *   <li>{@code TIMESTAMPADD} to a kdb+ value: Calcite 1.42 types seconds, minutes and hours added
 *       to a timestamp, and units below the second added to a timestamp or a time, as its own
 *       type ({@code SqlTimestampAddFunction.deduceType});
 *   <li>{@code CAST} of a kdb+ value to {@code TIMESTAMP} or {@code TIME} with no precision or
 *       more than 3 digits (a timestamp to {@code TIME} gives its time of day): what BI tools
 *       wrap columns in, and what {@code CAST(x AS TIMESTAMP(9))} asks for. With 4 to 8 digits the
 *       value is truncated to them; with 0 to 3, Calcite's own type holds them and its cast
 *       (made exact by {@link ExactTemporals}) stays.
 * </ul>
 * Both are typed here, where every expression's type is derived, whatever the spelling: the
 * JDBC escapes BI tools send ({@code {fn TIMESTAMPADD(SQL_TSI_HOUR, ...)}},
 * {@code {fn CONVERT(x, SQL_TIMESTAMP)}}) are converted as the calls they stand for.
 */
public final class KdbSqlValidator extends CalciteSqlValidator {
  /** Creates a validator as Calcite's preparation does. */
  public KdbSqlValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader,
      JavaTypeFactory typeFactory, Config config) {
    super(operators, catalogReader, typeFactory, config);
  }

  @Override
  public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
    RelDataType type = super.deriveType(scope, expr);
    if (type instanceof KdbTemporalType || !(expr instanceof SqlCall call)) {
      return type;
    }
    SqlCall meant = call.getOperator() instanceof SqlJdbcFunctionCall jdbc
        ? jdbc.getLookupCall() : call;
    RelDataType kdb = switch (meant.getKind()) {
      case TIMESTAMP_ADD -> timestampAdd(scope, meant);
      case CAST -> cast(scope, meant, type);
      default -> null;
    };
    if (kdb == null) {
      return type;
    }
    RelDataType exact = typeFactory.createTypeWithNullability(kdb, type.isNullable());
    setValidatedNodeType(meant, exact);
    setValidatedNodeType(expr, exact);
    return exact;
  }

  /** The kdb+ type of a TIMESTAMPADD in a unit (as SQL_TSI_HOUR names one), else null. */
  private RelDataType timestampAdd(SqlValidatorScope scope, SqlCall call) {
    // Custom time frames are added by Calcite itself.
    if (call.operandCount() != 3 || !(call.operand(0) instanceof SqlIntervalQualifier unit)
        || validateTimeFrame(unit).unit() == null) {
      return null;
    }
    // Derived (and kept) already as the call's operand.
    return super.deriveType(scope, call.operand(2)) instanceof KdbTemporalType value
        ? value : null;
  }

  /** The kdb+ type of a CAST of a kdb+ value that keeps more than milliseconds, else null. */
  private RelDataType cast(SqlValidatorScope scope, SqlCall call, RelDataType type) {
    if (call.operandCount() != 2 || castDigits(call) <= 3
        || !(super.deriveType(scope, call.operand(0)) instanceof KdbTemporalType value)) {
      return null;
    }
    KdbTypeFactory kdb = KdbTypeFactory.kdb(typeFactory);
    return type.getSqlTypeName() == SqlTypeName.TIMESTAMP && value.isTimestamp() ? value
        : type.getSqlTypeName() == SqlTypeName.TIME ? kdb.timespanType(false) : null;
  }

  /**
   * The fractional digits a CAST to a datetime type asks for: {@link KdbTemporalType#PRECISION}
   * when it names none; -1 when its target is not a plain type.
   */
  static int castDigits(SqlCall cast) {
    if (!(cast.operand(1) instanceof SqlDataTypeSpec spec)
        || !(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic)) {
      return -1;
    }
    int digits = basic.getPrecision();
    return digits < 0 ? KdbTemporalType.PRECISION : digits;
  }
}
