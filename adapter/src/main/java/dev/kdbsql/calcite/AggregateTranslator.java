package dev.kdbsql.calcite;

import dev.kdbsql.calcite.exec.CalciteValues;
import dev.kdbsql.calcite.spec.AggCall;
import dev.kdbsql.calcite.spec.Expr.Kind;
import dev.kdbsql.calcite.spec.Condition;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.GroupKey;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.storage.KdbType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates the grouping keys and aggregate calls of an aggregate over a kdb+ scan into the
 * scan's {@link GroupKey}s and {@link AggCall}s, or declines (returns null) any part the scan
 * cannot compute exactly as Calcite would; the rule then leaves the aggregate to Calcite.
 *
 * <ul>
 *   <li>Keys, any number: the partition column; symbol, char, boolean, byte, short, int, long,
 *       date, month, minute, second, time, timespan and timestamp columns; and
 *       {@code xbar(n, x)} with a positive integer literal {@code n} over a time, timespan,
 *       timestamp, date, int or long column; {@code EXTRACT(HOUR FROM t)} of a time or timespan
 *       column typed as TIME.
 *   <li>Calls: {@code COUNT(*)} (from row counts in file headers when there is neither filter
 *       nor key but the partition column), {@code COUNT} of any column or expression;
 *       {@code MIN}/{@code MAX} of the partition column (from the partitions holding rows);
 *       {@code SUM} and {@code $SUM0} with a BIGINT result (every integer sum, see
 *       {@link KdbTypeSystem}; wrapping as Calcite's long additions do) or a DOUBLE result;
 *       {@code MIN}/{@code MAX} of numbers and of date, month, datetime, timestamp, timespan,
 *       minute, second, time, boolean, char and real columns; q's {@code first}/{@code last}
 *       of ints, longs, floats and of those columns but reals; {@code wavg}; and
 *       {@code COUNT(DISTINCT x)} of anything that can be a key, beside {@code COUNT} only
 *       ({@link AggCall#computable}).
 *   <li>Arguments: numeric columns (bytes as unsigned SMALLINT, timespans typed as BIGINT as
 *       their nanoseconds), and {@link Expr} expressions over them: {@code + - *} of
 *       integers or doubles, {@code /} of doubles, unary minus, widening CASTs, literals. The
 *       other columns above only as the whole argument of MIN, MAX, first or last
 *       ({@link Expr.Read}).
 * </ul>
 *
 * <p>Values of non-numeric columns are the ones Calcite's reader gives, not the raw kdb+ ones
 * ({@link CalciteValues}): MIN and MAX compare what Calcite compares, so the conversion is
 * applied per row wherever it is not monotonic or makes NULLs of non-null values: a time,
 * minute, second or timespan outside one day is NULL, an infinite date or month saturates
 * the int of epoch days, an infinite datetime is just outside SQL's TIMESTAMP range, a month
 * is the epoch day of its first day, a char compares as its unsigned code, a real's MIN starts
 * from {@code Float.MAX_VALUE} as Calcite's does. Timestamps and timespans typed as times of
 * day are of the exact kdb+ types, whose values order as the raw nanoseconds (a timespan
 * outside one day NULL): the raw extreme is kept and made the exact object once
 * ({@code KdbTimestamp}, {@code KdbTimespan}).
 *
 * <p>Left to Calcite, because the scan could not give the same answer: {@code first} and
 * {@code last} of SMALLINT (short, byte) and REAL columns, whose Calcite overloads do not
 * compile (pushing them would turn an error into a result); arithmetic in SMALLINT or TINYINT
 * and narrowing CASTs, which Calcite range-checks per row; expressions over non-numeric
 * columns; aggregates of symbols, guids, strings and lists (not read as primitives);
 * other DISTINCT calls, FILTER and ordered aggregates; anything else Calcite computes in a type
 * the scan does not model.
 */
final class AggregateTranslator {
  /** The largest xbar bucket of a timestamp: its nanoseconds must fit a long. */
  private static final long MAX_TIMESTAMP_BUCKET = Long.MAX_VALUE / 1_000_000L;

  private final KdbCalciteTable table;
  private final List<Integer> fields;
  private final JavaTypeFactory types;
  private final ExprTranslator scalars;

  /** Creates the translator of aggregates over {@code scan} (a scan of rows, not aggregates). */
  AggregateTranslator(KdbTableScan scan) {
    this.table = scan.kdbTable;
    this.fields = scan.spec.fields();
    this.types = (JavaTypeFactory) scan.getCluster().getTypeFactory();
    this.scalars = new ExprTranslator(table, fields::get, scan.getCluster().getRexBuilder());
  }

  /** The scan's version of grouping key {@code e}, or null if the scan cannot group by it. */
  GroupKey key(RexNode e) {
    if (e instanceof RexCall x && x.getKind() == SqlKind.EXTRACT) {
      return hour(x);
    }
    if (e instanceof RexInputRef ref) {
      int field = fields.get(ref.getIndex());
      String name = table.fieldNames().get(field);
      if (table.partitioned() && field == 0) {
        return GroupKey.of(field, name, null);
      }
      KdbType type = table.elementType(field);
      return type != null && GroupKey.PLAIN.contains(type)
          ? GroupKey.of(field, name, type) : null;
    }
    if (!(e instanceof RexCall c) || !c.getOperator().getName().equalsIgnoreCase("xbar")
        || c.getOperands().size() != 2 || !(c.getOperands().get(0) instanceof RexLiteral n)
        || !SqlTypeName.INT_TYPES.contains(n.getType().getSqlTypeName())) {
      return computed(e);
    }
    RexNode x = c.getOperands().get(1);
    while (x.isA(SqlKind.CAST) && x.getType().getSqlTypeName() == SqlTypeName.BIGINT
        && ((RexCall) x).getOperands().get(0).getType().getSqlTypeName()
        == SqlTypeName.INTEGER) {
      x = ((RexCall) x).getOperands().get(0);
    }
    Long bucket = n.getValueAs(Long.class);
    if (!(x instanceof RexInputRef ref) || bucket == null || bucket <= 0) {
      return null;
    }
    int field = fields.get(ref.getIndex());
    KdbType type = table.partitioned() && field == 0 ? null : table.elementType(field);
    SqlTypeName argType = x.getType().getSqlTypeName();
    GroupKey.Xbar xbar = xbar(c.getType());
    if (type == null || !GroupKey.XBAR.contains(type) || xbar == null
        || (xbar == GroupKey.Xbar.TIMESTAMP_NANOS && bucket > MAX_TIMESTAMP_BUCKET)) {
      return null;
    }
    // A kdb+ timestamp or timespan bucket is of the exact kdb+ type (KdbFunctions' overloads).
    boolean consistent = switch (xbar) {
      case TIME_MILLIS -> argType == SqlTypeName.TIME && type == KdbType.TIME;
      case TIMESPAN_NANOS -> type == KdbType.TIMESPAN;
      case TIMESTAMP_NANOS -> type == KdbType.TIMESTAMP;
      case DATE_DAYS -> type == KdbType.DATE;
      case UNITS -> type == KdbType.INT || type == KdbType.LONG
          || (type == KdbType.TIMESPAN && argType == SqlTypeName.BIGINT);
      case HOUR_OF_DAY -> false;
    };
    return consistent
        ? new GroupKey(field, table.fieldNames().get(field), type, bucket, xbar) : null;
  }

  /**
   * A key computed from numeric columns ({@code FLOOR(price)}, {@code size / 100},
   * {@code price * 10}) as the scan's expressions compute it, of Calcite's INTEGER or DOUBLE;
   * null for anything else (a BIGINT, whose every value is a value: see
   * {@link GroupKey#computed}).
   */
  private GroupKey computed(RexNode e) {
    Expr x = e instanceof RexCall ? scalars.expr(e) : null;
    return x != null && (x.kind() == Kind.INT || x.kind() == Kind.DOUBLE)
        ? GroupKey.computed(x) : null;
  }

  /**
   * {@code EXTRACT(HOUR FROM t)} of a time column (or a timespan typed as TIME): the hour of the
   * day Calcite extracts from the milliseconds of the day, a bucket of an hour numbered from 0
   * (NULL for a time outside one day, which reads as NULL); other fields and other columns are
   * left to Calcite.
   */
  private GroupKey hour(RexCall extract) {
    if (extract.getOperands().size() != 2
        || !(extract.getOperands().get(0) instanceof RexLiteral unit)
        || unit.getValue() != TimeUnitRange.HOUR
        || !(extract.getOperands().get(1) instanceof RexInputRef ref)
        || ref.getType().getSqlTypeName() != SqlTypeName.TIME
        || extract.getType().getSqlTypeName() != SqlTypeName.BIGINT) {
      return null;
    }
    int field = fields.get(ref.getIndex());
    KdbType type = table.partitioned() && field == 0 ? null : table.elementType(field);
    return type == KdbType.TIME || type == KdbType.TIMESPAN
        ? new GroupKey(field, table.fieldNames().get(field), type, 3_600_000L,
            GroupKey.Xbar.HOUR_OF_DAY) : null;
  }

  /**
   * The unit of the xbar overload returning {@code t} (an exact kdb+ timestamp or timespan,
   * Calcite's TIME, DATE or BIGINT), or null.
   */
  private static GroupKey.Xbar xbar(RelDataType t) {
    if (t instanceof KdbTemporalType k) {
      return k.isTimestamp() ? GroupKey.Xbar.TIMESTAMP_NANOS : GroupKey.Xbar.TIMESPAN_NANOS;
    }
    return switch (t.getSqlTypeName()) {
      case TIME -> GroupKey.Xbar.TIME_MILLIS;
      case DATE -> GroupKey.Xbar.DATE_DAYS;
      case BIGINT -> GroupKey.Xbar.UNITS;
      default -> null;
    };
  }

  /** The scan's version of {@code c}, or null if the scan cannot compute it exactly. */
  AggCall call(AggregateCall c, List<RexNode> inputs) {
    if (c.isApproximate() || !c.getCollation().getFieldCollations().isEmpty()
        || !(types.getJavaClass(c.getType()) instanceof Class<?> javaClass)) {
      return null;
    }
    SqlTypeName result = c.getType().getSqlTypeName();
    Class<?> resultClass = (Class<?>) Primitive.box(javaClass);
    List<RexNode> args = c.getArgList().stream().map(inputs::get).toList();
    String name = c.getAggregation().getName().toLowerCase(Locale.ROOT);
    SqlKind kind = c.getAggregation().getKind();
    if (c.hasFilter()) {
      return filtered(c, kind, args, inputs.get(c.filterArg), resultClass);
    }
    if (c.isDistinct()) {
      // COUNT(DISTINCT x) of a key: the scan groups by x as well and counts x's groups.
      GroupKey x = kind == SqlKind.COUNT && args.size() == 1 && resultClass == Long.class
          ? key(args.get(0)) : null;
      return x == null ? null
          : new AggCall(AggCall.Function.COUNT_DISTINCT, List.of(), resultClass, x);
    }
    if (kind == SqlKind.COUNT) {
      if (args.isEmpty() || (args.size() == 1 && args.get(0) instanceof RexInputRef ref
          && table.partitioned() && fields.get(ref.getIndex()) == 0)) {
        // The partition column is never null.
        return new AggCall(AggCall.Function.COUNT_STAR, List.of(), resultClass);
      }
      Expr x = args.size() == 1 ? counted(args.get(0)) : null;
      return x == null ? null
          : new AggCall(AggCall.Function.COUNT, List.of(x), resultClass);
    }
    boolean extreme = kind == SqlKind.MIN || kind == SqlKind.MAX;
    boolean firstLast = name.equals("first") || name.equals("last");
    if (extreme && args.size() == 1 && args.get(0) instanceof RexInputRef ref
        && table.partitioned() && fields.get(ref.getIndex()) == 0
        && result == ref.getType().getSqlTypeName()) {
      // The partition column's extremes: the extreme partitions holding selected rows.
      Kind k = result == SqlTypeName.DATE ? Kind.INT : result == SqlTypeName.BIGINT ? Kind.LONG
          : null;
      return k == null ? null : new AggCall(AggCall.Function.valueOf(kind.name()),
          List.of(new Expr.Partition(0, table.fieldNames().get(0), k)), resultClass);
    }
    Expr.Read read = (extreme || firstLast) && args.size() == 1 ? scalars.read(args.get(0))
        : null;
    if (read != null) {
      SqlTypeName argType = args.get(0).getType().getSqlTypeName();
      // MIN and MAX keep the argument's type; first and last pick the overload of its family
      // (FirstLastAggregates), except for reals, whose Calcite first and last do not compile.
      // An exact kdb+ argument needs a result of its own exact type (the overload of objects).
      boolean consistent = (extreme ? result == argType
          : read.type() != KdbType.REAL && result.getFamily() == argType.getFamily())
          && (args.get(0).getType() instanceof KdbTemporalType)
              == (c.getType() instanceof KdbTemporalType);
      return !consistent ? null : new AggCall(extreme
          ? AggCall.Function.valueOf(kind.name())
          : AggCall.Function.valueOf(name.toUpperCase(Locale.ROOT)), List.of(read),
          resultClass);
    }
    List<Expr> exprs = new ArrayList<>();
    for (RexNode a : args) {
      Expr x = scalars.expr(a);
      if (x == null) {
        return null;
      }
      exprs.add(x);
    }
    if (name.equals("wavg") || name.equals("weighted_avg")) {
      return exprs.size() == 2 && exprs.stream().allMatch(x -> x.kind() == Kind.DOUBLE)
          && result == SqlTypeName.DOUBLE
          ? new AggCall(AggCall.Function.WAVG, exprs, resultClass) : null;
    }
    if (exprs.size() != 1) {
      return null;
    }
    Kind argKind = exprs.get(0).kind();
    AggCall.Function f = firstLast
        // Calcite's first and last of a SMALLINT do not compile.
        ? result == sqlType(argKind) && argKind != Kind.SHORT
            ? AggCall.Function.valueOf(name.toUpperCase(Locale.ROOT)) : null
        : sumOrExtreme(kind, argKind, result);
    return f == null ? null : new AggCall(f, exprs, resultClass);
  }

  /**
   * {@code c} with {@code FILTER (WHERE filter)} (Calcite's form of {@code COUNT(CASE WHEN cond
   * THEN 1 END)} as well) as the same call of {@code CASE WHEN filter THEN x END}: COUNT, SUM,
   * MIN and MAX ignore NULLs, so they see the rows the filter keeps only. The filter, a condition
   * {@link ExprTranslator#condition} takes (of numeric expressions, or of one symbol or char
   * column), and the argument, a numeric expression; null for anything else (DISTINCT, first and
   * last, whose NULLs count).
   */
  private AggCall filtered(AggregateCall c, SqlKind kind, List<RexNode> args, RexNode filter,
      Class<?> resultClass) {
    boolean ignoresNulls = kind == SqlKind.COUNT || kind == SqlKind.SUM || kind == SqlKind.SUM0
        || kind == SqlKind.MIN || kind == SqlKind.MAX;
    if (c.isDistinct() || !ignoresNulls || args.size() > 1) {
      return null;
    }
    // Calcite's filter is NOT NULL: a condition under IS TRUE, whose UNKNOWN rows it drops as
    // a CASE's branch does.
    RexNode cond = filter.isA(SqlKind.IS_TRUE) ? ((RexCall) filter).getOperands().get(0) : filter;
    Condition when = scalars.condition(cond);
    Expr x = args.isEmpty() ? new Expr.Literal(1, 0, Kind.INT) : scalars.expr(args.get(0));
    if (when == null || x == null) {
      return null;
    }
    Expr only = new Expr.Case(List.of(when), List.of(x), new Expr.Null(x.kind()), x.kind());
    if (kind == SqlKind.COUNT) {
      return new AggCall(AggCall.Function.COUNT, List.of(only), resultClass);
    }
    AggCall.Function f = sumOrExtreme(kind, x.kind(), c.getType().getSqlTypeName());
    return f == null ? null : new AggCall(f, List.of(only), resultClass);
  }

  /**
   * The scan's SUM, $SUM0, MIN or MAX ({@code kind}) of an argument of {@code argKind} whose
   * result Calcite types {@code result}, or null (another kind, or a result type the scan does
   * not compute in).
   */
  private static AggCall.Function sumOrExtreme(SqlKind kind, Kind argKind, SqlTypeName result) {
    return switch (kind) {
      // Sums of integers are BIGINT (KdbTypeSystem), wrapping as Calcite's long additions do.
      case SUM, SUM0 -> (argKind == Kind.DOUBLE ? result == SqlTypeName.DOUBLE
          : result == SqlTypeName.BIGINT)
          ? (kind == SqlKind.SUM ? AggCall.Function.SUM : AggCall.Function.SUM0) : null;
      case MIN, MAX -> result == sqlType(argKind) ? AggCall.Function.valueOf(kind.name()) : null;
      default -> null;
    };
  }

  /** The argument of COUNT: an expression, or any stored column tested for null only. */
  private Expr counted(RexNode e) {
    Expr x = scalars.expr(e);
    if (x != null || !(e instanceof RexInputRef ref)) {
      return x;
    }
    int field = fields.get(ref.getIndex());
    return new Expr.Field(field, table.fieldNames().get(field),
        table.elementType(field), null);
  }

  private static SqlTypeName sqlType(Kind kind) {
    return switch (kind) {
      case SHORT -> SqlTypeName.SMALLINT;
      case INT -> SqlTypeName.INTEGER;
      case LONG -> SqlTypeName.BIGINT;
      case DOUBLE -> SqlTypeName.DOUBLE;
    };
  }
}
