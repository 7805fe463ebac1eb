package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

/**
 * Calcite's convertlets, with {@code TIMESTAMPDIFF} in milliseconds, microseconds and
 * nanoseconds made exact, and {@code TIMESTAMPADD} refused where Calcite would cut a kdb+ value
 * to the millisecond.
 *
 * <p>Calcite 1.42 computes {@code TIMESTAMPDIFF(MILLISECOND|MICROSECOND|NANOSECOND, a, b)} as the
 * whole seconds between them times 1,000, 1,000,000 or 10^9 (1.5 s apart is 1,000 ms), and
 * types {@code TIMESTAMPADD} of those units (and of seconds, minutes and hours to a timestamp)
 * as its own TIMESTAMP or TIME, to which a kdb+ value is cut. Here:
 * <ul>
 *   <li>{@code TIMESTAMPDIFF} with a kdb+ timestamp or timespan: the exact difference in
 *       nanoseconds divided by the unit, truncated toward zero (as Calcite truncates its other
 *       units); an INTEGER result that would overflow (more than 2,147 seconds in microseconds)
 *       fails, naming the way out, instead of wrapping;
 *   <li>{@code TIMESTAMPDIFF} of Calcite's own values (milliseconds): the difference in
 *       milliseconds, scaled to the unit;
 *   <li>{@code TIMESTAMPADD} to a kdb+ value where Calcite types the result as its own
 *       TIMESTAMP or TIME, which hold milliseconds (seconds, minutes and hours added to a
 *       timestamp; units below the second added to either): refused, naming the exact spelling
 *       ({@code x + n * INTERVAL '1' SECOND}), rather than cut. Days and months keep the kdb+
 *       type and Calcite's convertlet, made exact by {@link ExactTemporals}.
 * </ul>
 */
public final class SubSecondConvertlets implements SqlRexConvertletTable {
  private static final SqlOperator TIMESTAMP_DIFF = ExactTemporalRewriter.op("KDB_DIFF",
      "timestampUnitsBetween", KdbTimestamp.class, KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESTAMP_DIFF_INT = ExactTemporalRewriter.op("KDB_DIFF",
      "timestampUnitsBetweenInt", KdbTimestamp.class, KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESPAN_DIFF = ExactTemporalRewriter.op("KDB_DIFF",
      "timespanUnitsBetween", KdbTimespan.class, KdbTimespan.class, long.class);
  private static final SqlOperator TIMESPAN_DIFF_INT = ExactTemporalRewriter.op("KDB_DIFF",
      "timespanUnitsBetweenInt", KdbTimespan.class, KdbTimespan.class, long.class);

  private final SqlRexConvertletTable standard;

  private SubSecondConvertlets(SqlRexConvertletTable standard) {
    this.standard = standard;
  }

  /** {@code standard}, these calls excepted. */
  public static SqlRexConvertletTable over(SqlRexConvertletTable standard) {
    return new SubSecondConvertlets(standard);
  }

  @Override
  public SqlRexConvertlet get(SqlCall call) {
    long unitNanos = call.operandCount() == 3 ? unitNanos(call.operand(0)) : 0;
    if (unitNanos > 0 && call.getOperator() == SqlStdOperatorTable.TIMESTAMP_DIFF) {
      return (cx, c) -> diff(cx, c, unitNanos);
    }
    if (call.getOperator() == SqlStdOperatorTable.TIMESTAMP_ADD) {
      return (cx, c) -> {
        refuseCut(cx, c);
        return standard.get(c).convertCall(cx, c);
      };
    }
    return standard.get(call);
  }

  /** Nanoseconds in a MILLISECOND, MICROSECOND or NANOSECOND qualifier; 0 for the others. */
  private static long unitNanos(Object operand) {
    if (!(operand instanceof SqlIntervalQualifier q) || q.timeFrameName != null) {
      return 0;
    }
    return nanosOf(q.getStartUnit());
  }

  /** Nanoseconds in {@code unit} if it is MILLISECOND, MICROSECOND or NANOSECOND; else 0. */
  static long nanosOf(TimeUnit unit) {
    return unit == TimeUnit.MILLISECOND ? 1_000_000L : unit == TimeUnit.MICROSECOND ? 1_000L
        : unit == TimeUnit.NANOSECOND ? 1L : 0L;
  }

  private static RexNode diff(SqlRexContext cx, SqlCall call, long unitNanos) {
    RexBuilder rex = cx.getRexBuilder();
    RelDataTypeFactory types = cx.getTypeFactory();
    RexNode from = cx.convertExpression(call.operand(1));
    RexNode to = cx.convertExpression(call.operand(2));
    RelDataType type = cx.getValidator().getValidatedNodeType(call);
    boolean narrow = type.getSqlTypeName() == SqlTypeName.INTEGER;
    RexNode unit = rex.makeExactLiteral(BigDecimal.valueOf(unitNanos),
        types.createSqlType(SqlTypeName.BIGINT));
    KdbTemporalType kdb = from.getType() instanceof KdbTemporalType k ? k
        : to.getType() instanceof KdbTemporalType k ? k : null;
    if (kdb != null) {
      // A Calcite-typed side is converted exactly where the function is declared with kdb+
      // types (ExactTemporals).
      SqlOperator op = kdb.isTimestamp() ? (narrow ? TIMESTAMP_DIFF_INT : TIMESTAMP_DIFF)
          : (narrow ? TIMESPAN_DIFF_INT : TIMESPAN_DIFF);
      RexNode units = rex.makeCall(types.createTypeWithNullability(
          types.createSqlType(narrow ? SqlTypeName.INTEGER : SqlTypeName.BIGINT),
          type.isNullable()), op, List.of(to, from, unit));
      return units.getType().equals(type) ? units : rex.makeCast(type, units);
    }
    // Calcite's values hold milliseconds: their difference as an interval, read as milliseconds.
    RelDataType interval = types.createTypeWithNullability(types.createSqlIntervalType(
        new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, call.getParserPosition())),
        type.isNullable());
    RexNode millis = rex.makeReinterpretCast(
        types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT),
            type.isNullable()),
        rex.makeCall(interval, SqlStdOperatorTable.MINUS_DATE, List.of(to, from)),
        rex.makeLiteral(false));
    RexNode scaled = rex.multiplyDivide(millis, BigDecimal.valueOf(1_000_000L / unitNanos),
        BigDecimal.ONE);
    return rex.makeCast(type, scaled);
  }

  /**
   * Refuses a TIMESTAMPADD to a kdb+ value that Calcite types as its own TIMESTAMP or TIME
   * (in seconds, minutes and hours to a timestamp; in units below the second to either), which
   * hold milliseconds, naming the spelling that is exact, rather than cutting the value.
   */
  private static void refuseCut(SqlRexContext cx, SqlCall call) {
    RelDataType value = cx.getValidator().getValidatedNodeType(call.operand(2));
    RelDataType type = cx.getValidator().getValidatedNodeType(call);
    if (value instanceof KdbTemporalType kdb && !(type instanceof KdbTemporalType)) {
      long unitNanos = unitNanos(call.operand(0));
      String exact = unitNanos == 0
          ? "add an interval instead, x + n * INTERVAL '1' " + call.operand(0)
              + ", which keeps every nanosecond"
          : unitNanos == 1_000_000L
              ? "add an interval instead, x + n * INTERVAL '0.001' SECOND, which keeps every"
                  + " nanosecond"
              : "intervals hold whole milliseconds, so none adds less; timespans read as"
                  + " nanoseconds (timespan=nanos) add as integers";
      throw new UnsupportedOperationException("TIMESTAMPADD(" + call.operand(0)
          + ", ...) of a kdb+ " + (kdb.isTimestamp() ? "timestamp" : "timespan")
          + " would be cut to the millisecond (Calcite types it as its own "
          + type.getSqlTypeName() + ", which holds milliseconds): " + exact);
    }
  }
}
