package dev.kdbsql.calcite.temporal;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJdbcFunctionCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * Calcite's validator, with the calls that would cut a kdb+ timestamp or timespan to Calcite's
 * own TIMESTAMP or TIME (whose values hold milliseconds) typed with the kdb+ type instead, for
 * {@link ExactConvertlets} to compute in nanoseconds:
 * <ul>
 *   <li>{@code TIMESTAMPADD} to a kdb+ value: Calcite 1.42 types seconds, minutes and hours added
 *       to a timestamp, and units below the second added to a timestamp or a time, as its own
 *       type ({@code SqlTimestampAddFunction.deduceType});
 *   <li>{@code CAST} of a kdb+ value to {@code TIMESTAMP} or {@code TIME} with no precision or
 *       more than 3 digits (a timestamp to {@code TIME} gives its time of day): what BI tools
 *       wrap columns in, and what {@code CAST(x AS TIMESTAMP(9))} asks for. With 4 to 8 digits the
 *       value is truncated to them; with 0 to 3, Calcite's own type holds them and its cast
 *       (made exact by {@link ExactTemporals}) stays;
 *   <li>{@code {fn CONVERT_TIMEZONE(from, to, x)}}, which Calcite 1.42 types as a DATE (and
 *       cannot run): the type of the timestamp it converts.
 * </ul>
 * They are typed here, where every expression's type is derived, whatever the spelling: the
 * JDBC escapes BI tools send ({@code {fn TIMESTAMPADD(SQL_TSI_HOUR, ...)}},
 * {@code {fn CONVERT(x, SQL_TIMESTAMP)}}) are converted as the calls they stand for.
 *
 * <p>It also adds a date and a time of day, {@code "date" + "time"} (either order), as Postgres
 * and DuckDB do, into the timestamp of that time on that date ({@link #DATE_PLUS_TIME}): the
 * way to one timestamp from the date partition and the time column of a kdb+ table, which
 * Calcite refuses ("Cannot apply '+' to arguments of type DATE and TIME"). With a kdb+ timespan
 * it is a kdb+ timestamp, exact; with Calcite's own TIME, Calcite's TIMESTAMP.
 */
public final class KdbSqlValidator extends CalciteSqlValidator {
  /** Creates a validator as Calcite's preparation does. */
  public KdbSqlValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader,
      JavaTypeFactory typeFactory, Config config) {
    super(operators, catalogReader, typeFactory, config);
  }

  /**
   * {@code date + time}, which the validator puts in place of {@code +} when its operands are a
   * date and a time of day; converted by {@link ExactConvertlets}.
   */
  static final SqlOperator DATE_PLUS_TIME = new SqlBinaryOperator("+", SqlKind.OTHER, 40, true,
      KdbSqlValidator::datePlusTimeType, null, OperandTypes.or(
          OperandTypes.family(SqlTypeFamily.DATE, SqlTypeFamily.TIME),
          OperandTypes.family(SqlTypeFamily.TIME, SqlTypeFamily.DATE))) {
    // Typed as itself: an operator's own derivation looks it up again in the operator table,
    // where this one is not.
    @Override
    public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope,
        SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        validator.deriveType(scope, operand);
      }
      return validateOperands(validator, scope, call);
    }
  };

  private static RelDataType datePlusTimeType(SqlOperatorBinding binding) {
    RelDataType first = binding.getOperandType(0);
    RelDataType time = first.getSqlTypeName() == SqlTypeName.DATE
        ? binding.getOperandType(1) : first;
    boolean nullable = first.isNullable() || binding.getOperandType(1).isNullable();
    RelDataTypeFactory types = binding.getTypeFactory();
    return time instanceof KdbTemporalType ? KdbTypeFactory.kdb(types).timestampType(nullable)
        : types.createTypeWithNullability(
            types.createSqlType(SqlTypeName.TIMESTAMP, time.getPrecision()), nullable);
  }

  @Override
  public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
    if (expr instanceof SqlBasicCall plus && plus.getKind() == SqlKind.PLUS
        && isDateAndTime(scope, plus)) {
      plus.setOperator(DATE_PLUS_TIME);
    }
    RelDataType type = super.deriveType(scope, expr);
    if (type instanceof KdbTemporalType || !(expr instanceof SqlCall call)) {
      return type;
    }
    SqlCall meant = call.getOperator() instanceof SqlJdbcFunctionCall jdbc
        ? jdbc.getLookupCall() : call;
    RelDataType kdb = switch (meant.getKind()) {
      case TIMESTAMP_ADD -> timestampAdd(scope, meant);
      case CAST -> cast(scope, meant, type);
      default -> meant.getOperator() == SqlLibraryOperators.CONVERT_TIMEZONE
          ? convertTimezone(scope, meant) : null;
    };
    if (kdb == null) {
      return type;
    }
    RelDataType exact = typeFactory.createTypeWithNullability(kdb, type.isNullable());
    setValidatedNodeType(meant, exact);
    setValidatedNodeType(expr, exact);
    return exact;
  }

  /** Whether {@code plus} adds a date and a time of day (a plain TIME or a kdb+ timespan). */
  private boolean isDateAndTime(SqlValidatorScope scope, SqlBasicCall plus) {
    if (plus.operandCount() != 2) {
      return false;
    }
    SqlTypeName[] names = new SqlTypeName[2];
    for (int i = 0; i < 2; i++) {
      SqlNode operand = plus.operand(i);
      // Typed only where deriving them here is safe: not parameters, NULLs or subqueries.
      if (operand instanceof SqlDynamicParam || SqlUtil.isNullLiteral(operand, true)
          || operand.getKind().belongsTo(SqlKind.QUERY)) {
        return false;
      }
      names[i] = deriveType(scope, operand).getSqlTypeName();
    }
    return names[0] == SqlTypeName.DATE && names[1] == SqlTypeName.TIME
        || names[0] == SqlTypeName.TIME && names[1] == SqlTypeName.DATE;
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

  /**
   * The type of {@code {fn CONVERT_TIMEZONE(from, to, x)}}: the timestamp's own (a date's
   * midnight is a TIMESTAMP). Calcite 1.42 declares the function as giving a DATE and has no
   * implementation of it ("Unable to implement"), though its driver lists it.
   */
  private RelDataType convertTimezone(SqlValidatorScope scope, SqlCall call) {
    if (call.operandCount() != 3) {
      return null;
    }
    RelDataType value = super.deriveType(scope, call.operand(2));
    return value.getSqlTypeName() == SqlTypeName.TIMESTAMP ? value
        : value.getSqlTypeName() == SqlTypeName.DATE
            ? typeFactory.createSqlType(SqlTypeName.TIMESTAMP) : null;
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
