package dev.kdbsql.calcite;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import dev.kdbsql.calcite.exec.ParameterBinder;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.Predicate.Op;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.calcite.temporal.ExactConvertlets;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Turns a filter conjunct into a {@link Predicate}, or null when it cannot: the scan then
 * leaves the conjunct to Calcite. Understood: a stored column of type boolean, byte, short, int,
 * long, real, float, char, symbol, date, timestamp, or a time of day (time, second, minute, and
 * timespan typed as TIME) compared with a literal ({@code = <> < <= > >=}) or, for
 * short/int/long/symbol columns, with a dynamic parameter; {@code SEARCH} (IN, BETWEEN, ranges);
 * {@code IS [NOT] NULL}; {@code [NOT] LIKE} and {@code [NOT] ILIKE} on symbols and strings; a
 * boolean column alone or under NOT; a comparison of two expressions {@link ExprTranslator}
 * translates ({@code bid > ask}, {@code price * size >= 1e6}, two dates); and AND/OR of those.
 * A timestamp literal keeps its nine fractional digits, so pushed-down timestamp comparisons are
 * exact to the nanosecond (the Enumerable fallback compares milliseconds). A time of day is
 * compared as Calcite sees it (milliseconds of the day, NULL outside one day), as ranges of the
 * raw values ({@link TimeOfDayRanges}). Any other condition of one symbol or string column alone
 * ({@code UPPER(sym) = 'AA'}, a symbol range, a NOT over it) is decided by Calcite's own code
 * for it, once per value ({@link Predicate.Text}, {@link ColumnTextTest}).
 *
 * <p>Refused on purpose as leaves: NOT of anything but a boolean column or a LIKE (three-valued
 * logic, see {@link Predicate}: a LIKE of NULL is NULL, and so is its NOT, and neither selects);
 * symbol ranges (string order); a symbol or char literal with trailing spaces (CHAR padding); a
 * float compared with a decimal whose {@code <>} differs once rounded to a double; the other
 * types.
 */
final class PredicateTranslator {
  private final List<ColumnInfo> columns;
  private final int offset;
  private final boolean datePartitions;
  private final List<String> names;
  private final int[] fieldMap;
  private final TimespanMode timespan;
  private final ExprTranslator exprs;
  private final RexBuilder rexBuilder;

  /**
   * Creates a translator for a scan whose input field {@code i} is table field {@code fieldMap[i]};
   * stored column {@code c} is table field {@code c + offset} (1 when there is a partition column,
   * of dates when {@code datePartitions}); timespans are typed as {@code timespan} says;
   * {@code exprs} translates the sides of a comparison that is not of a column with a value;
   * {@code rexBuilder} compiles a condition of one text column alone.
   */
  PredicateTranslator(List<ColumnInfo> columns, int offset, boolean datePartitions,
      List<String> names, int[] fieldMap, TimespanMode timespan, ExprTranslator exprs,
      RexBuilder rexBuilder) {
    this.columns = columns;
    this.offset = offset;
    this.datePartitions = datePartitions;
    this.names = names;
    this.fieldMap = fieldMap;
    this.timespan = timespan;
    this.exprs = exprs;
    this.rexBuilder = rexBuilder;
  }

  /**
   * Whether the scan's evaluation of {@code p} is exactly SQL's, so Calcite need not re-apply it.
   * Float comparisons are only where nothing can differ: a float (DOUBLE) column against a
   * non-zero literal that is exactly a double, or above zero or at most zero ({@code bid > 0}).
   * Otherwise decimal rounding (a literal that is no double), signed zeros (Calcite compares
   * boxed doubles with {@code compareTo}, where {@code -0.0 < 0.0}; the scan, as SQL, finds them
   * equal) and reals (compared as floats) are re-checked by Calcite, the scan's result being a
   * superset. NaN is null on both sides. Nor are comparisons with a dynamic parameter: a value
   * the scan cannot compare exactly binds to "all rows" (see {@link ParameterBinder}).
   */
  boolean enforced(Predicate p) {
    if (p instanceof Predicate.Compare c) {
      if (c.value() instanceof Value.Float64 f) {
        // Against zero, > and <= part no value: -0.0 is not above 0.0 and is at most 0.0 both
        // by compareTo and as SQL compares (the positive zero only: the literal as written).
        boolean zeroAgrees = Double.doubleToRawLongBits(f.value()) == 0
            && (c.op() == Op.GT || c.op() == Op.LE);
        return (f.value() != 0 || zeroAgrees) && exactlyCompared(c.field(), f);
      }
      return !(c.value() instanceof Value.Param);
    }
    if (p instanceof Predicate.In in) {
      return in.values().stream().allMatch(v -> exactlyCompared(in.field(), v));
    }
    if (p instanceof Predicate.NotIn in) {
      return in.values().stream().allMatch(v -> exactlyCompared(in.field(), v));
    }
    if (p instanceof Predicate.IsNull n) {
      return type(n.field()) != KdbType.FLOAT && type(n.field()) != KdbType.REAL;
    }
    if (p instanceof Predicate.Like || p instanceof Predicate.ExprCompare
        || p instanceof Predicate.Text) {
      return true;
    }
    if (p instanceof Predicate.ByPartition b) {
      return enforced(b.before()) && enforced(b.at()) && enforced(b.after());
    }
    List<Predicate> parts = p instanceof Predicate.And a ? a.parts()
        : ((Predicate.Or) p).parts();
    return parts.stream().allMatch(this::enforced);
  }

  /**
   * Whether the scan's equality with {@code v} is Calcite's: for a float (DOUBLE) column, a
   * literal that is exactly a double (Calcite compares the column with the literal's double, as
   * the scan does; NaN is NULL on both sides, and {@code -0.0} equals {@code 0.0} on both). Such
   * IN and NOT IN lists are enforced, so a list of thousands of values is never handed to
   * Calcite's code generation, whose expansion of the list overflows the stack.
   */
  private boolean exactlyCompared(int field, Value v) {
    if (!(v instanceof Value.Float64 f)) {
      return true;
    }
    if (type(field) != KdbType.FLOAT) {
      return false;
    }
    try {
      return new BigDecimal(f.text()).compareTo(new BigDecimal(f.value())) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The predicate for {@code node}, or null if it is not understood. A condition of one symbol
   * or string column that no leaf expresses is a {@link Predicate.Text} (Calcite's code for it,
   * applied once per symbol value): {@link ColumnTextTest}.
   */
  Predicate translate(RexNode node) {
    Predicate p = leaves(node);
    if (p != null) {
      return p;
    }
    int input = ColumnTextTest.onlyInput(node);
    int field = input < 0 ? -1 : fieldMap[input];
    if (field < offset || !(columns.get(field - offset).type().isString()
        || type(field) == KdbType.SYMBOL)) {
      return null;
    }
    ColumnTextTest test = ColumnTextTest.of(node, rexBuilder);
    return new Predicate.Text(field, names.get(field), test.text(), test);
  }

  /** {@code node} as the leaves the scan evaluates itself, and AND and OR of them; or null. */
  private Predicate leaves(RexNode node) {
    if (node instanceof RexInputRef) {
      return bool(node, true);
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case NOT -> {
        RexNode operand = call.getOperands().get(0);
        return operand.getKind() == SqlKind.LIKE ? like((RexCall) operand, true)
            : bool(operand, false);
      }
      case LIKE -> {
        return like(call, false);
      }
      case AND, OR -> {
        List<Predicate> parts = new ArrayList<>();
        for (RexNode o : call.getOperands()) {
          Predicate p = translate(o);
          if (p == null) {
            return null;
          }
          parts.add(p);
        }
        return kind == SqlKind.AND ? new Predicate.And(parts) : new Predicate.Or(parts);
      }
      case IS_NULL, IS_NOT_NULL -> {
        RexNode operand = call.getOperands().get(0);
        int field = field(operand) >= 0 ? field(operand) : stringField(operand);
        if (field >= 0 && timeUnit(field) != 0) {
          return times(field).isNull(kind == SqlKind.IS_NOT_NULL);
        }
        return field < 0 ? null
            : new Predicate.IsNull(field, names.get(field), kind == SqlKind.IS_NOT_NULL);
      }
      case SEARCH -> {
        int field = field(call.getOperands().get(0));
        if (!(call.getOperands().get(1) instanceof RexLiteral lit)) {
          return null;
        }
        int time = datePlusTime(call.getOperands().get(0));
        if (time >= 0) {
          Sarg<?> sarg = lit.getValueAs(Sarg.class);
          return sarg == null ? null : times(time).onDatesOf(sarg);
        }
        return field < 0 ? null : search(field, lit);
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        if (field(a) < 0 && (field(b) >= 0 || a instanceof RexLiteral)) {
          // The column, or else the expression, on the left.
          RexNode t = a;
          a = b;
          b = t;
          kind = kind.reverse();
        }
        int field = field(a);
        if (field >= 0 && b instanceof RexDynamicParam param) {
          return parameter(field, op(kind), param.getIndex());
        }
        if (field >= 0 && b instanceof RexLiteral lit) {
          return compare(field, op(kind), lit.getValueAs(Comparable.class));
        }
        TimestampString cast = field >= 0 && !(b instanceof RexLiteral)
            ? ScanLiterals.timestampConstant(b) : null;
        Predicate castCompare = cast == null ? null : compare(field, op(kind), cast);
        if (castCompare != null) {
          return castCompare;
        }
        int time = datePlusTime(a);
        if (time >= 0) {
          TimestampString t = ScanLiterals.timestampConstant(b);
          return t == null ? null : times(time).onDateOf(op(kind), t);
        }
        return expressions(a, op(kind), b);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * The table field of the time of day in {@code node}, if {@code node} is the date partition
   * column plus a kdb+ timespan column typed as TIME ({@code "date" + "time"}); else -1.
   */
  private int datePlusTime(RexNode node) {
    RexNode date = ExactConvertlets.dateOfDatePlusTime(node);
    if (!datePartitions || !(date instanceof RexInputRef ref) || fieldMap[ref.getIndex()] != 0) {
      return -1;
    }
    int time = field(((RexCall) node).getOperands().get(1));
    return time >= 0 && timeUnit(time) < 0 ? time : -1;
  }

  private Predicate search(int field, RexLiteral lit) {
    Sarg<?> sarg = lit.getValueAs(Sarg.class);
    if (sarg == null) {
      return null;
    }
    List<Predicate> parts = new ArrayList<>();
    if (timeUnit(field) == 0 && sarg.isComplementedPoints()) {
      // NOT IN (a, b, ...), or <> a: every non-null value but the points.
      List<Value> excluded = new ArrayList<>();
      for (Range<?> r : sarg.rangeSet.complement().asRanges()) {
        Value v = ScanLiterals.of(type(field), r.lowerEndpoint());
        if (v == null) {
          return null;
        }
        if (v instanceof Value.Float64 && !ScanLiterals.exactDouble(r.lowerEndpoint())) {
          // A decimal no double is: which rows it excludes is Calcite's to say.
          return null;
        }
        excluded.add(v);
      }
      parts.add(excluded.size() == 1
          ? new Predicate.Compare(field, names.get(field), Op.NE, excluded.get(0))
          : new Predicate.NotIn(field, names.get(field), List.copyOf(excluded)));
      if (sarg.nullAs == RexUnknownAs.TRUE) {
        parts.add(new Predicate.IsNull(field, names.get(field), false));
      }
      return parts.size() == 1 ? parts.get(0) : new Predicate.Or(parts);
    }
    List<Value> points = new ArrayList<>();
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      if (timeUnit(field) != 0) {
        Predicate times = times(field).range(r);
        if (times == null) {
          return null;
        }
        parts.add(times);
        continue;
      }
      if (r.hasLowerBound() && r.hasUpperBound() && r.lowerEndpoint().equals(r.upperEndpoint())
          && r.lowerBoundType() == BoundType.CLOSED && r.upperBoundType() == BoundType.CLOSED) {
        Value v = ScanLiterals.of(type(field), r.lowerEndpoint());
        if (v == null) {
          return null;
        }
        points.add(v);
        continue;
      }
      List<Predicate> bounds = new ArrayList<>();
      if (r.hasLowerBound()) {
        bounds.add(compare(field, r.lowerBoundType() == BoundType.CLOSED ? Op.GE : Op.GT,
            r.lowerEndpoint()));
      }
      if (r.hasUpperBound()) {
        bounds.add(compare(field, r.upperBoundType() == BoundType.CLOSED ? Op.LE : Op.LT,
            r.upperEndpoint()));
      }
      if (bounds.isEmpty() || bounds.contains(null)) {
        return null;
      }
      parts.add(Predicate.and(bounds));
    }
    if (points.size() == 1) {
      parts.add(new Predicate.Compare(field, names.get(field), Op.EQ, points.get(0)));
    } else if (!points.isEmpty()) {
      parts.add(new Predicate.In(field, names.get(field), List.copyOf(points)));
    }
    if (sarg.nullAs == RexUnknownAs.TRUE) {
      parts.add(timeUnit(field) != 0 ? times(field).isNull(false)
          : new Predicate.IsNull(field, names.get(field), false));
    }
    return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new Predicate.Or(parts);
  }

  /**
   * {@code a op b} where neither side is a column compared with a value: two expressions the
   * scan computes (numeric ones, or two columns of one type Calcite only compares), or null.
   */
  private Predicate expressions(RexNode a, Op op, RexNode b) {
    Expr x = exprs.expr(a);
    Expr y = exprs.expr(b);
    if (x != null && y != null) {
      return new Predicate.ExprCompare(x, op, y);
    }
    Expr.Read r = exprs.read(a);
    Expr.Read s = exprs.read(b);
    boolean sameType = r != null && s != null && r.type() == s.type()
        && a.getType().getSqlTypeName() == b.getType().getSqlTypeName()
        && (a.getType() instanceof KdbTemporalType) == (b.getType() instanceof KdbTemporalType);
    return sameType ? new Predicate.ExprCompare(r, op, s) : null;
  }

  /** A comparison with parameter {@code index}: of a short, int, long or (= and <>) symbol. */
  private Predicate parameter(int field, Op op, int index) {
    KdbType type = type(field);
    boolean ok = type == KdbType.SYMBOL ? op == Op.EQ || op == Op.NE
        : type == KdbType.SHORT || type == KdbType.INT || type == KdbType.LONG;
    return ok ? new Predicate.Compare(field, names.get(field), op, new Value.Param(index))
        : null;
  }

  private Predicate compare(int field, Op op, Comparable<?> literal) {
    if (timeUnit(field) != 0) {
      return literal instanceof TimeString t ? times(field).compare(op, t) : null;
    }
    Value v = ScanLiterals.of(type(field), literal);
    if (v == null) {
      return null;
    }
    if (type(field) == KdbType.SYMBOL && op != Op.EQ && op != Op.NE) {
      return null;
    }
    if (v instanceof Value.Float64 && !ScanLiterals.exactDouble(literal)) {
      if (op == Op.NE) {
        return null;
      }
      // The nearest double d of a decimal x: for a double v, v < x implies v <= d, and v > x
      // implies v >= d, so the scan's result stays a superset of Calcite's.
      op = op == Op.LT ? Op.LE : op == Op.GT ? Op.GE : op;
    }
    return new Predicate.Compare(field, names.get(field), op, v);
  }

  /**
   * Raw nanoseconds (timespan, -1) or units of milliseconds (time 1, second 1000, minute 60000)
   * per raw unit of a column typed as a time of day; 0 for other columns.
   */
  private long timeUnit(int field) {
    return TimeOfDayRanges.unit(type(field), timespan);
  }

  /** The comparisons of {@code field}, a column typed as a time of day, as raw value ranges. */
  private TimeOfDayRanges times(int field) {
    return new TimeOfDayRanges(field, names.get(field), timeUnit(field));
  }

  /** A boolean column as a condition ({@code value}) or under NOT; null for anything else. */
  private Predicate bool(RexNode node, boolean value) {
    int field = field(node);
    if (field < 0 || type(field) != KdbType.BOOLEAN) {
      return null;
    }
    return new Predicate.Compare(field, names.get(field), Op.EQ,
        new Value.Int64(value ? 1 : 0, value ? "TRUE" : "FALSE"));
  }

  /**
   * {@code LIKE} or {@code ILIKE} of a symbol or string column with a literal pattern (and
   * escape), under a NOT if {@code not}.
   */
  private Predicate like(RexCall call, boolean not) {
    if (!(call.getOperator() instanceof SqlLikeOperator op)) {
      return null;
    }
    List<RexNode> ops = call.getOperands();
    RexNode operand = ops.get(0);
    int field = field(operand) >= 0 && type(field(operand)) == KdbType.SYMBOL ? field(operand)
        : stringField(operand);
    if (field < 0 || !(ops.get(1) instanceof RexLiteral p) || p.getValueAs(String.class) == null
        || ops.size() > 2 && (!(ops.get(2) instanceof RexLiteral e)
            || e.getValueAs(String.class) == null)) {
      return null;
    }
    String escape = ops.size() > 2 ? ((RexLiteral) ops.get(2)).getValueAs(String.class) : null;
    // A negated operator (NOT ILIKE may stay one) under a NOT is the plain match.
    return new Predicate.Like(field, names.get(field), p.getValueAs(String.class), escape,
        !op.isCaseSensitive(), not != op.isNegated());
  }

  /** The table field of a reference to a string (char list) column; -1 otherwise. */
  private int stringField(RexNode node) {
    if (!(node instanceof RexInputRef ref)) {
      return -1;
    }
    int f = fieldMap[ref.getIndex()];
    return f >= offset && columns.get(f - offset).type().isString() ? f : -1;
  }

  /** The comparison operator of {@code kind}, or null if it is no comparison. */
  static Op op(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> Op.EQ;
      case NOT_EQUALS -> Op.NE;
      case LESS_THAN -> Op.LT;
      case LESS_THAN_OR_EQUAL -> Op.LE;
      case GREATER_THAN -> Op.GT;
      case GREATER_THAN_OR_EQUAL -> Op.GE;
      default -> null;
    };
  }

  /**
   * The table field of a pushable operand: a reference to a stored column of a supported type
   * (timestamps and timespans as TIME are of the exact kdb+ types and compare to the nanosecond),
   * or such a column under a cast that keeps every value; -1 otherwise.
   */
  private int field(RexNode node) {
    if (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
      if (!(cast.getOperands().get(0) instanceof RexInputRef ref)) {
        return -1;
      }
      return lossless(ref.getType(), cast.getType()) ? field(ref) : -1;
    }
    if (!(node instanceof RexInputRef ref)) {
      return -1;
    }
    int f = fieldMap[ref.getIndex()];
    KdbType t = type(f);
    if (t == null) {
      return -1;
    }
    return switch (t) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, REAL, FLOAT, CHAR, DATE, SYMBOL, TIME, SECOND, MINUTE,
          TIMESPAN, TIMESTAMP -> f;
      default -> -1;
    };
  }

  /**
   * Whether a CAST from {@code from} to {@code to} keeps every value (as Calcite inserts to
   * compare a SMALLINT with an INTEGER literal, or a TIME(0) with a TIME(3)), so comparing the
   * column itself is the same.
   */
  private static boolean lossless(RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    List<SqlTypeName> integers = List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT,
        SqlTypeName.INTEGER, SqlTypeName.BIGINT);
    if (integers.contains(f) && integers.contains(t)) {
      return integers.indexOf(t) >= integers.indexOf(f);
    }
    if (f == SqlTypeName.TIME && t == SqlTypeName.TIME) {
      // Calcite's TIMEs of any precision are the same milliseconds; an exact kdb+ timespan
      // cast to Calcite's TIME is floored, which is not the column.
      return to.getPrecision() >= from.getPrecision() && !(from instanceof KdbTemporalType)
          && !(to instanceof KdbTemporalType);
    }
    return f == SqlTypeName.REAL && t == SqlTypeName.DOUBLE;
  }

  /** The element type of the stored column behind table field {@code f}; null if none. */
  private KdbType type(int f) {
    if (f < offset) {
      return null;
    }
    ColumnType t = columns.get(f - offset).type();
    return t.nested() ? null : t.element();
  }
}
