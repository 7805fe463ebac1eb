package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

/**
 * Calcite's convertlets, with {@code TIMESTAMPDIFF} in milliseconds, microseconds and
 * nanoseconds, and {@code TIMESTAMPADD} to and {@code CAST} of kdb+ values, made exact.
 *
 * <p>Calcite 1.42 computes {@code TIMESTAMPDIFF(MILLISECOND|MICROSECOND|NANOSECOND, a, b)} as the
 * whole seconds between them times 1,000, 1,000,000 or 10^9 (1.5 s apart is 1,000 ms), and adds
 * units below the millisecond as a fraction of a millisecond interval. Here:
 * <ul>
 *   <li>{@code TIMESTAMPDIFF} with a kdb+ timestamp or timespan: the exact difference in
 *       nanoseconds divided by the unit, truncated toward zero (as Calcite truncates its other
 *       units); an INTEGER result that would overflow (more than 2,147 seconds in microseconds)
 *       fails, naming the way out, instead of wrapping;
 *   <li>{@code TIMESTAMPDIFF} of Calcite's own values (milliseconds): the difference in
 *       milliseconds, scaled to the unit;
 *   <li>{@code TIMESTAMPADD} of a unit of fixed length (a nanosecond to a week) to a kdb+
 *       timestamp or timespan, which {@link KdbSqlValidator} types as the value's kdb+ type: the
 *       count times the unit's nanoseconds, added exactly (around the clock for a time of day,
 *       as Calcite's TIME arithmetic); months, quarters and years keep Calcite's convertlet,
 *       made exact by {@link ExactTemporals};
 *   <li>{@code CAST} of a kdb+ value that {@link KdbSqlValidator} typed as a kdb+ type (to
 *       TIMESTAMP or TIME with no precision or more than 3 digits): the value, or a timestamp's
 *       time of day, truncated to the digits named;
 *   <li>{@code date + time}, which Calcite has not ({@link KdbSqlValidator#DATE_PLUS_TIME}): the
 *       timestamp of the time of day on the date, in nanoseconds for a kdb+ timespan;
 *   <li>{@code {fn CONVERT_TIMEZONE(from, to, x)}}, which Calcite lists but cannot run: the wall
 *       clock {@code x} of one zone read in the other, to the nanosecond for a kdb+ timestamp.
 * </ul>
 */
public final class ExactConvertlets implements SqlRexConvertletTable {
  private static final SqlOperator TIMESTAMP_DIFF = ExactTemporalRewriter.op("KDB_DIFF",
      "timestampUnitsBetween", KdbTimestamp.class, KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESTAMP_DIFF_INT = ExactTemporalRewriter.op("KDB_DIFF",
      "timestampUnitsBetweenInt", KdbTimestamp.class, KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESPAN_DIFF = ExactTemporalRewriter.op("KDB_DIFF",
      "timespanUnitsBetween", KdbTimespan.class, KdbTimespan.class, long.class);
  private static final SqlOperator TIMESPAN_DIFF_INT = ExactTemporalRewriter.op("KDB_DIFF",
      "timespanUnitsBetweenInt", KdbTimespan.class, KdbTimespan.class, long.class);
  private static final SqlOperator TIMESTAMP_ADD = ExactTemporalRewriter.op("KDB_ADD",
      "timestampPlusUnits", KdbTimestamp.class, long.class, long.class);
  private static final SqlOperator TIMESPAN_ADD = ExactTemporalRewriter.op("KDB_ADD",
      "timespanPlusUnits", KdbTimespan.class, long.class, long.class);
  private static final SqlOperator TIME_OF_DAY = ExactTemporalRewriter.op("KDB_TIME_OF_DAY",
      "timestampTimeOfDay", KdbTimestamp.class);
  private static final SqlOperator DATE_AND_TIMESPAN = ExactTemporalRewriter.op(
      "KDB_DATE_PLUS_TIME", "timestampOfDateAndTime", int.class, KdbTimespan.class);
  private static final SqlOperator DATE_AND_TIME = ExactTemporalRewriter.op(
      "KDB_DATE_PLUS_TIME", "millisOfDateAndTime", int.class, int.class);
  private static final SqlOperator CONVERT_TIMEZONE = ExactTemporalRewriter.op(
      "KDB_CONVERT_TIMEZONE", "convertTimezone", String.class, String.class, KdbTimestamp.class);
  private static final SqlOperator CONVERT_TIMEZONE_MILLIS = ExactTemporalRewriter.op(
      "KDB_CONVERT_TIMEZONE", "convertTimezoneMillis", String.class, String.class, long.class);

  private final SqlRexConvertletTable standard;

  private ExactConvertlets(SqlRexConvertletTable standard) {
    this.standard = standard;
  }

  /** {@code standard}, these calls excepted. */
  public static SqlRexConvertletTable over(SqlRexConvertletTable standard) {
    return new ExactConvertlets(standard);
  }

  @Override
  public SqlRexConvertlet get(SqlCall call) {
    SqlOperator op = call.getOperator();
    if (op == KdbSqlValidator.DATE_PLUS_TIME) {
      return ExactConvertlets::datePlusTime;
    }
    if (op == SqlLibraryOperators.CONVERT_TIMEZONE && call.operandCount() == 3) {
      return ExactConvertlets::convertTimezone;
    }
    if (call.getKind() == SqlKind.CAST && call.operandCount() == 2) {
      SqlRexConvertlet calcites = standard.get(call);
      // Calcite converts casts it makes itself (AVG as CAST(SUM(x) AS DOUBLE) / COUNT(x)),
      // which were never validated.
      return (cx, c) -> cx.getValidator().getValidatedNodeTypeIfKnown(c)
          instanceof KdbTemporalType to && cx.getValidator().getValidatedNodeTypeIfKnown(
              c.operand(0)) instanceof KdbTemporalType
          ? cast(cx, c, to) : calcites.convertCall(cx, c);
    }
    if (call.operandCount() != 3 || op != SqlStdOperatorTable.TIMESTAMP_DIFF
        && op != SqlStdOperatorTable.TIMESTAMP_ADD) {
      return standard.get(call);
    }
    SqlRexConvertlet calcites = standard.get(call);
    return (cx, c) -> {
      long unitNanos = unitNanos(cx, c.operand(0));
      if (op == SqlStdOperatorTable.TIMESTAMP_DIFF && unitNanos > 0 && unitNanos <= 1_000_000L) {
        return diff(cx, c, unitNanos);
      }
      return op == SqlStdOperatorTable.TIMESTAMP_ADD && unitNanos > 0
          && cx.getValidator().getValidatedNodeTypeIfKnown(c) instanceof KdbTemporalType kdb
          ? add(cx, c, kdb, unitNanos) : calcites.convertCall(cx, c);
    };
  }

  /**
   * Nanoseconds in the unit of fixed length (a nanosecond to a week) a qualifier names, as
   * {@code HOUR} or {@code SQL_TSI_HOUR} does; 0 for the others and custom time frames.
   */
  private static long unitNanos(SqlRexContext cx, SqlNode operand) {
    if (!(operand instanceof SqlIntervalQualifier q)) {
      return 0;
    }
    TimeUnit unit = cx.getValidator().validateTimeFrame(q).unit();
    return unit == null ? 0 : nanosOf(unit);
  }

  /** Nanoseconds in {@code unit} if it has a fixed length (a nanosecond to a week); else 0. */
  static long nanosOf(TimeUnit unit) {
    return unit.yearMonth || unit.multiplier == null ? 0
        : unit.multiplier.movePointRight(6).longValueExact();
  }

  /**
   * {@code CAST} of a kdb+ value that {@link KdbSqlValidator} typed as kdb+ type {@code to}: the
   * value itself, or its time of day, truncated to the digits the cast names.
   */
  private static RexNode cast(SqlRexContext cx, SqlCall call, KdbTemporalType to) {
    RexBuilder rex = cx.getRexBuilder();
    RexNode value = cx.convertExpression(call.operand(0));
    if (((KdbTemporalType) value.getType()).isTimestamp() && !to.isTimestamp()) {
      value = rex.makeCall(to, TIME_OF_DAY, List.of(value));
    }
    int digits = KdbSqlValidator.castDigits(call);
    if (digits < KdbTemporalType.PRECISION) {
      // The digits below those named floored away, as Calcite's casts floor to the millisecond.
      value = rex.makeCall(to, to.isTimestamp() ? ExactTemporalRewriter.TIMESTAMP_FLOOR
          : ExactTemporalRewriter.TIMESPAN_FLOOR,
          List.of(value, rex.makeExactLiteral(BigDecimal.TEN.pow(KdbTemporalType.PRECISION
              - digits), cx.getTypeFactory().createSqlType(SqlTypeName.BIGINT))));
    }
    return value;
  }

  /**
   * The date operand of {@code e} if {@code e} is {@code date + time} as converted here, else
   * null. The time operand is a SQL TIME, within one day, so the sum lies within that date.
   */
  public static RexNode dateOfDatePlusTime(RexNode e) {
    return e instanceof RexCall c && (c.getOperator() == DATE_AND_TIMESPAN
        || c.getOperator() == DATE_AND_TIME) ? c.getOperands().get(0) : null;
  }

  /** {@code date + time} (either order), typed by {@link KdbSqlValidator#DATE_PLUS_TIME}. */
  private static RexNode datePlusTime(SqlRexContext cx, SqlCall call) {
    RexNode first = cx.convertExpression(call.operand(0));
    RexNode second = cx.convertExpression(call.operand(1));
    boolean dateFirst = first.getType().getSqlTypeName() == SqlTypeName.DATE;
    RexNode time = dateFirst ? second : first;
    RelDataType type = cx.getValidator().getValidatedNodeType(call);
    return cx.getRexBuilder().makeCall(type,
        time.getType() instanceof KdbTemporalType ? DATE_AND_TIMESPAN : DATE_AND_TIME,
        List.of(dateFirst ? first : second, time));
  }

  /** {@code {fn CONVERT_TIMEZONE(from, to, x)}}, typed by {@link KdbSqlValidator}. */
  private static RexNode convertTimezone(SqlRexContext cx, SqlCall call) {
    RexBuilder rex = cx.getRexBuilder();
    RelDataType type = cx.getValidator().getValidatedNodeType(call);
    if (type.getSqlTypeName() != SqlTypeName.TIMESTAMP) {
      throw new IllegalArgumentException("CONVERT_TIMEZONE converts a timestamp or a date, not a"
          + " value of type " + cx.getValidator().getValidatedNodeType(call.operand(2)));
    }
    RexNode value = cx.convertExpression(call.operand(2));
    if (!(type instanceof KdbTemporalType) && !value.getType().equals(type)) {
      value = rex.makeCast(type, value);
    }
    return rex.makeCall(type,
        type instanceof KdbTemporalType ? CONVERT_TIMEZONE : CONVERT_TIMEZONE_MILLIS,
        List.of(cx.convertExpression(call.operand(0)), cx.convertExpression(call.operand(1)),
            value));
  }

  /** {@code TIMESTAMPADD(unit, count, value)} of kdb+ type {@code type}, in nanoseconds. */
  private static RexNode add(SqlRexContext cx, SqlCall call, KdbTemporalType type,
      long unitNanos) {
    RexBuilder rex = cx.getRexBuilder();
    RelDataTypeFactory types = cx.getTypeFactory();
    RexNode count = cx.convertExpression(call.operand(1));
    RelDataType bigint = types.createTypeWithNullability(
        types.createSqlType(SqlTypeName.BIGINT), count.getType().isNullable());
    return rex.makeCall(cx.getValidator().getValidatedNodeType(call),
        type.isTimestamp() ? TIMESTAMP_ADD : TIMESPAN_ADD,
        List.of(cx.convertExpression(call.operand(2)), rex.makeCast(bigint, count),
            rex.makeExactLiteral(BigDecimal.valueOf(unitNanos),
                types.createSqlType(SqlTypeName.BIGINT))));
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
}
