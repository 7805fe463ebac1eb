package dev.kdbsql.calcite.temporal;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJdbcFunctionCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * Calcite's validator, with {@code TIMESTAMPADD} to a kdb+ timestamp or timespan typed as that
 * value's kdb+ type.
 *
 * <p>Calcite 1.42 types {@code TIMESTAMPADD} of seconds, minutes and hours to a timestamp, and
 * of units below the second to a timestamp or a time, as its own TIMESTAMP or TIME
 * ({@code SqlTimestampAddFunction.deduceType}), whose values hold milliseconds, so a kdb+ value
 * would come out cut. The function is parsed to Calcite's operator whatever the spelling (the
 * JDBC escape {@code {fn TIMESTAMPADD(SQL_TSI_HOUR, ...)}} BI tools send included), so its type
 * is kept here, where every expression's type is derived, and {@link SubSecondConvertlets}
 * computes it in nanoseconds.
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
    // The JDBC escape is converted as the call it stands for, which its type was inferred from.
    SqlCall add = call.getOperator() instanceof SqlJdbcFunctionCall jdbc
        ? jdbc.getLookupCall() : call;
    // A unit, as SQL_TSI_HOUR names one, not a custom time frame (Calcite adds those itself).
    if (add.getKind() != SqlKind.TIMESTAMP_ADD || add.operandCount() != 3
        || !(add.operand(0) instanceof SqlIntervalQualifier unit)
        || validateTimeFrame(unit).unit() == null) {
      return type;
    }
    // Derived (and kept) already as the call's operand.
    if (super.deriveType(scope, add.operand(2)) instanceof KdbTemporalType value) {
      RelDataType exact = typeFactory.createTypeWithNullability(value, type.isNullable());
      setValidatedNodeType(add, exact);
      setValidatedNodeType(expr, exact);
      return exact;
    }
    return type;
  }
}
