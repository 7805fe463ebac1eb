package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * The expression rewriter of {@link ExactTemporals} (bottom-up): calls of kdb+ timestamps and
 * timespans that Calcite's generated code would compute on milliseconds become calls of
 * {@link TemporalFunctions}, exact to the nanosecond; literals are built once from their full
 * text; a Calcite-typed operand meeting a kdb+ one is converted exactly ({@link #lift}).
 */
final class ExactTemporalRewriter extends RexShuttle {
  /** A timestamp from its text, all nine digits kept (also for literal rows' columns). */
  static final SqlOperator TIMESTAMP = op("KDB_TIMESTAMP", "timestamp", String.class);
  /** A timespan from its text, as {@link #TIMESTAMP}. */
  static final SqlOperator TIMESPAN = op("KDB_TIMESPAN", "timespan", String.class);
  private static final SqlOperator TIMESTAMP_TEXT =
      op("KDB_TEXT", "timestampText", KdbTimestamp.class);
  private static final SqlOperator TIMESPAN_TEXT =
      op("KDB_TEXT", "timespanText", KdbTimespan.class);
  private static final SqlOperator MILLIS_TIMESTAMP_TEXT =
      op("KDB_TEXT", "millisTimestampText", long.class, int.class);
  private static final SqlOperator MILLIS_TIME_TEXT =
      op("KDB_TEXT", "millisTimeText", int.class, int.class);
  private static final SqlOperator TIMESTAMP_OF_MILLIS =
      op("KDB_EXACT", "timestampOfMillis", long.class);
  private static final SqlOperator TIMESTAMP_OF_DATE =
      op("KDB_EXACT", "timestampOfDate", int.class);
  private static final SqlOperator TIMESPAN_OF_MILLIS =
      op("KDB_EXACT", "timespanOfMillis", int.class);
  private static final SqlOperator TIMESTAMP_OF_PARAMETER =
      op("KDB_EXACT", "timestampOfParameter", Object.class);
  private static final SqlOperator TIMESPAN_OF_PARAMETER =
      op("KDB_EXACT", "timespanOfParameter", Object.class);
  private static final SqlOperator TIMESTAMP_MILLIS =
      op("KDB_MILLIS", "timestampMillis", KdbTimestamp.class);
  private static final SqlOperator TIMESTAMP_CEIL_MILLIS =
      op("KDB_CEIL_MILLIS", "timestampCeilMillis", KdbTimestamp.class);
  private static final SqlOperator TIMESPAN_MILLIS =
      op("KDB_MILLIS", "timespanMillis", KdbTimespan.class);
  private static final SqlOperator TIMESPAN_CEIL_MILLIS =
      op("KDB_CEIL_MILLIS", "timespanCeilMillis", KdbTimespan.class);
  private static final SqlOperator MILLIS_TRUNCATED =
      op("KDB_TRUNCATE", "millisTruncated", long.class, long.class);
  private static final SqlOperator TIME_MILLIS_TRUNCATED =
      op("KDB_TRUNCATE", "timeMillisTruncated", int.class, int.class);
  private static final SqlOperator TIMESTAMP_PLUS_MILLIS =
      op("KDB_PLUS", "timestampPlusMillis", KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESTAMP_MINUS_MILLIS =
      op("KDB_MINUS", "timestampMinusMillis", KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESTAMP_PLUS_MONTHS =
      op("KDB_PLUS", "timestampPlusMonths", KdbTimestamp.class, int.class);
  private static final SqlOperator TIMESTAMP_MINUS_MONTHS =
      op("KDB_MINUS", "timestampMinusMonths", KdbTimestamp.class, int.class);
  private static final SqlOperator TIMESPAN_PLUS_MILLIS =
      op("KDB_PLUS", "timespanPlusMillis", KdbTimespan.class, long.class);
  private static final SqlOperator TIMESPAN_MINUS_MILLIS =
      op("KDB_MINUS", "timespanMinusMillis", KdbTimespan.class, long.class);
  private static final SqlOperator TIMESPAN_PLUS_MONTHS =
      op("KDB_PLUS", "timespanPlusMonths", KdbTimespan.class, int.class);
  private static final SqlOperator TIMESTAMP_DIFF_MILLIS =
      op("KDB_DIFF", "timestampDiffMillis", KdbTimestamp.class, KdbTimestamp.class);
  private static final SqlOperator TIMESPAN_DIFF_MILLIS =
      op("KDB_DIFF", "timespanDiffMillis", KdbTimespan.class, KdbTimespan.class);
  private static final SqlOperator TIMESTAMP_DIFF_MONTHS =
      op("KDB_DIFF_MONTHS", "timestampDiffMonths", KdbTimestamp.class, KdbTimestamp.class);
  /** Also what a CAST to fewer than nine digits truncates with ({@link ExactConvertlets}). */
  static final SqlOperator TIMESTAMP_FLOOR =
      op("KDB_FLOOR", "timestampFloor", KdbTimestamp.class, long.class);
  private static final SqlOperator TIMESTAMP_CEIL =
      op("KDB_CEIL", "timestampCeil", KdbTimestamp.class, long.class);
  static final SqlOperator TIMESPAN_FLOOR =
      op("KDB_FLOOR", "timespanFloor", KdbTimespan.class, long.class);
  private static final SqlOperator TIMESPAN_CEIL =
      op("KDB_CEIL", "timespanCeil", KdbTimespan.class, long.class);
  private static final SqlOperator TIMESTAMP_MICROS =
      op("KDB_MICROSECOND", "timestampMicros", KdbTimestamp.class);
  private static final SqlOperator TIMESTAMP_NANOS =
      op("KDB_NANOSECOND", "timestampNanos", KdbTimestamp.class);
  private static final SqlOperator TIMESPAN_MICROS =
      op("KDB_MICROSECOND", "timespanMicros", KdbTimespan.class);
  private static final SqlOperator TIMESPAN_NANOS =
      op("KDB_NANOSECOND", "timespanNanos", KdbTimespan.class);

  /**
   * An operator calling {@link TemporalFunctions} method {@code method}; calls of it are always
   * built with their type given, so it infers none.
   */
  static SqlOperator op(String name, String method, Class<?>... parameters) {
    Method m;
    try {
      m = TemporalFunctions.class.getMethod(method, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION, binding -> {
          throw new UnsupportedOperationException(name + " is typed where it is built");
        }, InferTypes.RETURN_TYPE, null, new MethodFunction(m));
  }

  private final RexBuilder rexBuilder;
  private final RelDataTypeFactory typeFactory;

  ExactTemporalRewriter(RexBuilder rexBuilder) {
    this.rexBuilder = rexBuilder;
    this.typeFactory = rexBuilder.getTypeFactory();
  }

  /** Calcite's own type for values of kdb+ type {@code t}: TIMESTAMP(9) or TIME(9). */
  private RelDataType sqlType(RelDataType t) {
    return typeFactory.createTypeWithNullability(
        typeFactory.createSqlType(t.getSqlTypeName(), KdbTemporalType.PRECISION),
        t.isNullable());
  }

  private RexNode call(SqlOperator op, RelDataType type, RexNode... operands) {
    return rexBuilder.makeCall(type, op, List.of(operands));
  }

  @Override
  public RexNode visitLiteral(RexLiteral literal) {
    if (!(literal.getType() instanceof KdbTemporalType k) || literal.isNull()) {
      return literal;
    }
    String text = k.isTimestamp()
        ? String.valueOf(literal.getValueAs(TimestampString.class))
        : String.valueOf(literal.getValueAs(TimeString.class));
    if (k.isTimestamp()) {
      // Refused while planning, naming the literal, rather than in the generated code's
      // static initializer (whose class would then stay broken in the plan cache).
      TemporalFunctions.timestamp(text);
    }
    return call(k.isTimestamp() ? TIMESTAMP : TIMESPAN, literal.getType(),
        rexBuilder.makeLiteral(text));
  }

  /**
   * A parameter of a kdb+ type, read as whatever was bound ({@link
   * TemporalFunctions#timestampOfParameter}): the driver binds the exact value, which Avatica
   * would have cut to milliseconds as Calcite's TIMESTAMP.
   */
  @Override
  public RexNode visitDynamicParam(RexDynamicParam param) {
    if (!kdb(param)) {
      return param;
    }
    RelDataType any = typeFactory.createTypeWithNullability(
        typeFactory.createSqlType(SqlTypeName.ANY), param.getType().isNullable());
    return call(((KdbTemporalType) param.getType()).isTimestamp() ? TIMESTAMP_OF_PARAMETER
        : TIMESPAN_OF_PARAMETER, param.getType(), new RexDynamicParam(any, param.getIndex()));
  }

  @Override
  public RexNode visitCall(RexCall original) {
    if (original.getKind() == SqlKind.SEARCH && kdb(original.getOperands().get(0))) {
      return RexUtil.expandSearch(rexBuilder, null, original).accept(this);
    }
    RexCall call = (RexCall) super.visitCall(original);
    List<RexNode> operands = call.getOperands();
    boolean kdbResult = kdb(call);
    if (!kdbResult && operands.stream().noneMatch(ExactTemporalRewriter::kdb)) {
      return call.getKind() == SqlKind.CAST ? narrowed(millisText(call)) : call;
    }
    switch (call.getKind()) {
      case CAST -> {
        return cast(call, operands.get(0));
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
          GREATER_THAN_OR_EQUAL, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
        return unify(call);
      }
      case IS_NULL, IS_NOT_NULL -> {
        return call;
      }
      case CASE -> {
        return kdbResult ? caseOf(call) : call;
      }
      case PLUS, MINUS -> {
        RexNode r = arithmetic(call);
        if (r != null) {
          return r;
        }
      }
      case EXTRACT -> {
        RexNode r = extract(call);
        if (r != null) {
          return r;
        }
      }
      case FLOOR, CEIL -> {
        if (operands.size() == 2 && kdb(operands.get(0)) && kdbResult) {
          boolean ceil = call.getKind() == SqlKind.CEIL;
          RexNode exact = belowMillis(call, ceil);
          if (exact != null) {
            return exact;
          }
          RexNode lowered = lower(operands.get(0), ceil);
          return lift(call.clone(sqlType(call.getType()), List.of(lowered, operands.get(1))),
              call.getType());
        }
      }
      default -> {
      }
    }
    return fallback(call);
  }

  /**
   * A call Calcite computes on its own values: operands of kdb+ types floored to the
   * millisecond (unless the function is declared with the kdb+ type), a result of a kdb+
   * type converted back exactly. Calls of structured types are left as they are.
   */
  private RexNode fallback(RexCall call) {
    if (call.getType().isStruct() || call.getType().getComponentType() != null) {
      return call;
    }
    List<RexNode> lowered = new ArrayList<>();
    for (int i = 0; i < call.getOperands().size(); i++) {
      RexNode o = call.getOperands().get(i);
      RelDataType declared = declaredKdb(call, i);
      lowered.add(kdb(o) && declared == null ? lower(o, false)
          // A Calcite value given to a function declared with a kdb+ type: converted exactly.
          : !kdb(o) && declared != null ? lift(o, typeFactory.createTypeWithNullability(
              declared, o.getType().isNullable()))
          : o);
    }
    if (!kdb(call)) {
      return call.clone(call.getType(), lowered);
    }
    if (declaredKdbResult(call)) {
      return call.clone(call.getType(), lowered);
    }
    return lift(call.clone(sqlType(call.getType()), lowered), call.getType());
  }

  /** The kdb+ type parameter {@code i} of a user-defined function is declared with, or null. */
  private RelDataType declaredKdb(RexCall call, int i) {
    if (!(call.getOperator() instanceof SqlUserDefinedFunction udf)) {
      return null;
    }
    List<FunctionParameter> params = udf.getFunction().getParameters();
    RelDataType t = i < params.size() ? params.get(i).getType(typeFactory) : null;
    return t instanceof KdbTemporalType ? t : null;
  }

  /** Whether a user-defined function returns a kdb+ type itself. */
  private boolean declaredKdbResult(RexCall call) {
    return call.getOperator() instanceof SqlUserDefinedFunction udf
        && udf.getFunction() instanceof ScalarFunction f
        && f.getReturnType(typeFactory) instanceof KdbTemporalType;
  }

  /** A comparison: both sides of the kdb+ type (a Calcite-typed side converted exactly). */
  private RexNode unify(RexCall call) {
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (kdb(a) && kdb(b)) {
      return call;
    }
    RelDataType target = kdb(a) ? a.getType() : b.getType();
    return call.clone(call.getType(), List.of(kdb(a) ? a : liftTo(a, target),
        kdb(b) ? b : liftTo(b, target)));
  }

  /** {@code e} converted exactly to kdb+ type {@code target}, keeping its own nullability. */
  private RexNode liftTo(RexNode e, RelDataType target) {
    return lift(e, typeFactory.createTypeWithNullability(target, e.getType().isNullable()));
  }

  /**
   * {@code FLOOR}/{@code CEIL} of a kdb+ value to MICROSECOND or NANOSECOND, exactly; null for
   * the other units (a millisecond or more), which Calcite's own operator computes exactly on
   * the value floored or ceiled to the millisecond.
   */
  private RexNode belowMillis(RexCall call, boolean ceil) {
    if (!(call.getOperands().get(1) instanceof RexLiteral flag)
        || !(flag.getValue() instanceof TimeUnitRange unit)) {
      return null;
    }
    long unitNanos = ExactConvertlets.nanosOf(unit.startUnit);
    if (unitNanos == 0 || unitNanos >= 1_000_000L) {
      return null;
    }
    RexNode value = call.getOperands().get(0);
    boolean timestamp = ((KdbTemporalType) value.getType()).isTimestamp();
    SqlOperator op = timestamp ? (ceil ? TIMESTAMP_CEIL : TIMESTAMP_FLOOR)
        : (ceil ? TIMESPAN_CEIL : TIMESPAN_FLOOR);
    return call(op, call.getType(), value, rexBuilder.makeExactLiteral(
        java.math.BigDecimal.valueOf(unitNanos), typeFactory.createSqlType(SqlTypeName.BIGINT)));
  }

  /** A CASE of a kdb+ type: its values all of that type. */
  private RexNode caseOf(RexCall call) {
    List<RexNode> operands = new ArrayList<>(call.getOperands());
    boolean changed = false;
    for (int i = 0; i < operands.size(); i++) {
      boolean value = i % 2 == 1 || i == operands.size() - 1;
      RexNode o = operands.get(i);
      if (value && !kdb(o) && o.getType().getSqlTypeName() != SqlTypeName.NULL
          && !(o instanceof RexLiteral l && l.isNull())) {
        operands.set(i, lift(o, typeFactory.createTypeWithNullability(call.getType(),
            o.getType().isNullable())));
        changed = true;
      }
    }
    return changed ? call.clone(call.getType(), operands) : call;
  }

  /** A CAST to, from or between kdb+ types. */
  private RexNode cast(RexCall call, RexNode operand) {
    RelDataType target = call.getType();
    if (target instanceof KdbTemporalType) {
      return kdb(operand) ? call : lift(operand, target);
    }
    KdbTemporalType source = (KdbTemporalType) operand.getType();
    SqlTypeName t = target.getSqlTypeName();
    if (SqlTypeFamily.CHARACTER.getTypeNames().contains(t)) {
      RelDataType varchar = typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.VARCHAR), operand.getType().isNullable());
      RexNode text = call(source.isTimestamp() ? TIMESTAMP_TEXT : TIMESPAN_TEXT, varchar,
          operand);
      return target.equals(varchar) ? text : rexBuilder.makeCast(target, text);
    }
    RexNode lowered = lower(operand, false);
    return lowered.getType().equals(target) ? lowered
        : narrowed((RexCall) call.clone(target, List.of(lowered)));
  }

  /**
   * A CAST of Calcite's TIMESTAMP or TIME of s digits (3 at most: its values hold milliseconds)
   * to a TIMESTAMP or TIME of fewer, p: the value truncated to p digits first, which Calcite
   * 1.42's generated cast leaves out (only its constant folding truncates), so that
   * {@code CAST(t AS TIME(0)) = TIME '09:30:04'} held for no {@code t} with milliseconds, and a
   * GROUP BY of such casts kept a group per millisecond; any other call as it is.
   */
  private RexNode narrowed(RexNode e) {
    if (!(e instanceof RexCall cast) || cast.getKind() != SqlKind.CAST) {
      return e;
    }
    RexNode operand = cast.getOperands().get(0);
    SqlTypeName from = operand.getType().getSqlTypeName();
    SqlTypeName to = cast.getType().getSqlTypeName();
    int digits = cast.getType().getPrecision();
    boolean temporal = from == SqlTypeName.TIMESTAMP
        && (to == SqlTypeName.TIMESTAMP || to == SqlTypeName.TIME)
        || from == SqlTypeName.TIME && to == SqlTypeName.TIME;
    if (!temporal || digits < 0 || digits >= Math.min(operand.getType().getPrecision(), 3)) {
      return cast;
    }
    boolean timestamp = from == SqlTypeName.TIMESTAMP;
    long unit = (long) Math.pow(10, 3 - digits);
    RexNode truncated = call(timestamp ? MILLIS_TRUNCATED : TIME_MILLIS_TRUNCATED,
        operand.getType(), operand, rexBuilder.makeLiteral(unit, typeFactory.createSqlType(
            timestamp ? SqlTypeName.BIGINT : SqlTypeName.INTEGER)));
    return cast.clone(cast.getType(), List.of(truncated));
  }

  /**
   * A CAST of Calcite's own TIMESTAMP(p) or TIME(p), p above 0, to text, with its p digits (3 at
   * most: its values hold milliseconds), which Calcite 1.42's cast leaves out (a kdb+ datetime or
   * time, 23:19:12.001, became "23:19:12"); any other call as it is.
   */
  private RexNode millisText(RexCall cast) {
    RexNode operand = cast.getOperands().get(0);
    RelDataType source = operand.getType();
    SqlTypeName from = source.getSqlTypeName();
    if (!SqlTypeFamily.CHARACTER.getTypeNames().contains(cast.getType().getSqlTypeName())
        || from != SqlTypeName.TIMESTAMP && from != SqlTypeName.TIME
        || source.getPrecision() <= 0) {
      return cast;
    }
    RelDataType varchar = typeFactory.createTypeWithNullability(
        typeFactory.createSqlType(SqlTypeName.VARCHAR), source.isNullable());
    RexNode text = call(from == SqlTypeName.TIMESTAMP ? MILLIS_TIMESTAMP_TEXT : MILLIS_TIME_TEXT,
        varchar, operand, rexBuilder.makeLiteral(Math.min(source.getPrecision(), 3),
            typeFactory.createSqlType(SqlTypeName.INTEGER)));
    return cast.getType().equals(varchar) ? text : rexBuilder.makeCast(cast.getType(), text);
  }

  /** {@code e} (of a kdb+ type) as Calcite's value of its SQL type, floored (or ceiled). */
  private RexNode lower(RexNode e, boolean ceil) {
    boolean timestamp = ((KdbTemporalType) e.getType()).isTimestamp();
    SqlOperator op = timestamp ? (ceil ? TIMESTAMP_CEIL_MILLIS : TIMESTAMP_MILLIS)
        : (ceil ? TIMESPAN_CEIL_MILLIS : TIMESPAN_MILLIS);
    return call(op, sqlType(e.getType()), e);
  }

  /** Calcite-typed {@code e} converted exactly to kdb+ type {@code target}. */
  RexNode lift(RexNode e, RelDataType target) {
    KdbTemporalType k = (KdbTemporalType) target;
    SqlTypeName from = e.getType().getSqlTypeName();
    if (e instanceof RexLiteral literal && !literal.isNull()) {
      // A literal keeps all its digits (Calcite's value of it would be milliseconds).
      Object value = k.isTimestamp()
          ? (from == SqlTypeName.TIMESTAMP ? literal.getValueAs(TimestampString.class)
              : from == SqlTypeName.DATE ? literal.getValueAs(DateString.class) : null)
          : (from == SqlTypeName.TIME ? literal.getValueAs(TimeString.class) : null);
      if (value != null) {
        String text = value.toString();
        if (k.isTimestamp()) {
          TemporalFunctions.timestamp(text); // refused while planning, as a literal is
        }
        return call(k.isTimestamp() ? TIMESTAMP : TIMESPAN, target, rexBuilder.makeLiteral(text));
      }
    }
    if (SqlTypeFamily.CHARACTER.getTypeNames().contains(from)) {
      return call(k.isTimestamp() ? TIMESTAMP : TIMESPAN, target, e);
    }
    if (k.isTimestamp()) {
      if (from == SqlTypeName.DATE) {
        return call(TIMESTAMP_OF_DATE, target, e);
      }
      if (from != SqlTypeName.TIMESTAMP) {
        e = rexBuilder.makeCast(sqlType(target), e);
      }
      return call(TIMESTAMP_OF_MILLIS, target, e);
    }
    if (from != SqlTypeName.TIME) {
      e = rexBuilder.makeCast(sqlType(target), e);
    }
    return call(TIMESPAN_OF_MILLIS, target, e);
  }

  /** Exact {@code +}/{@code -} of an interval, or the difference of two values; else null. */
  private RexNode arithmetic(RexCall call) {
    if (call.getOperands().size() != 2) {
      return null;
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    boolean minus = call.getKind() == SqlKind.MINUS;
    if (minus && isInterval(call.getType()) && kdb(a) != kdb(b)
        && !isInterval(kdb(a) ? b.getType() : a.getType())) {
      // The difference of a kdb+ value and one of Calcite's: the latter converted exactly.
      RelDataType target = kdb(a) ? a.getType() : b.getType();
      a = kdb(a) ? a : lift(a, typeFactory.createTypeWithNullability(target,
          a.getType().isNullable()));
      b = kdb(b) ? b : lift(b, typeFactory.createTypeWithNullability(target,
          b.getType().isNullable()));
    }
    if (kdb(a) && kdb(b) && minus && isInterval(call.getType())) {
      boolean timestamp = ((KdbTemporalType) a.getType()).isTimestamp();
      if (isYearMonth(call.getType())) {
        return timestamp ? call(TIMESTAMP_DIFF_MONTHS, call.getType(), a, b) : null;
      }
      return call(timestamp ? TIMESTAMP_DIFF_MILLIS : TIMESPAN_DIFF_MILLIS, call.getType(), a,
          b);
    }
    if (!kdb(call)) {
      return null;
    }
    if (!minus && kdb(b) && !kdb(a)) {
      RexNode t = a;
      a = b;
      b = t;
    }
    if (!kdb(a) || !isInterval(b.getType())) {
      return null;
    }
    boolean timestamp = ((KdbTemporalType) a.getType()).isTimestamp();
    if (isYearMonth(b.getType())) {
      if (!timestamp) {
        return call(TIMESPAN_PLUS_MONTHS, call.getType(), a, b);
      }
      return call(minus ? TIMESTAMP_MINUS_MONTHS : TIMESTAMP_PLUS_MONTHS, call.getType(), a, b);
    }
    SqlOperator op = timestamp ? (minus ? TIMESTAMP_MINUS_MILLIS : TIMESTAMP_PLUS_MILLIS)
        : (minus ? TIMESPAN_MINUS_MILLIS : TIMESPAN_PLUS_MILLIS);
    return call(op, call.getType(), a, b);
  }

  /** Exact {@code EXTRACT} of MICROSECOND or NANOSECOND; null for the other units. */
  private RexNode extract(RexCall call) {
    if (call.getOperands().size() != 2 || !kdb(call.getOperands().get(1))
        || !(call.getOperands().get(0) instanceof RexLiteral unit)) {
      return null;
    }
    TimeUnitRange range = unit.getValueAs(TimeUnitRange.class);
    boolean timestamp = ((KdbTemporalType) call.getOperands().get(1).getType()).isTimestamp();
    SqlOperator op = range == TimeUnitRange.MICROSECOND
        ? (timestamp ? TIMESTAMP_MICROS : TIMESPAN_MICROS)
        : range == TimeUnitRange.NANOSECOND ? (timestamp ? TIMESTAMP_NANOS : TIMESPAN_NANOS)
        : null;
    if (op == null) {
      return null;
    }
    RexNode value = call(op, typeFactory.createTypeWithNullability(
        typeFactory.createSqlType(SqlTypeName.BIGINT), call.getType().isNullable()),
        call.getOperands().get(1));
    return value.getType().equals(call.getType()) ? value
        : rexBuilder.makeCast(call.getType(), value);
  }

  /** Whether {@code e} is of an exact kdb+ temporal type. */
  static boolean kdb(RexNode e) {
    return e.getType() instanceof KdbTemporalType;
  }

  /** The rex builder the rewritten calls are made with. */
  RexBuilder rexBuilder() {
    return rexBuilder;
  }

  private static boolean isInterval(RelDataType t) {
    return SqlTypeUtil.isInterval(t);
  }

  private static boolean isYearMonth(RelDataType t) {
    return t.getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
  }
}
