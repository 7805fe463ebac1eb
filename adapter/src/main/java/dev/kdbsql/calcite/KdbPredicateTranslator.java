package dev.kdbsql.calcite;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import dev.kdbsql.calcite.KdbPredicate.Op;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Turns a filter conjunct into a {@link KdbPredicate}, or null when it cannot: the scan then
 * leaves the conjunct to Calcite. Understood: a stored column of type short, int, long, date,
 * timestamp, float or symbol compared with a literal ({@code = <> < <= > >=}) or, for
 * short/int/long/symbol columns, with a dynamic parameter, {@code SEARCH}
 * (IN, BETWEEN, ranges), {@code IS [NOT] NULL}, and AND/OR of those. A timestamp literal keeps its
 * nine fractional digits, so pushed-down timestamp comparisons are exact to the nanosecond (the
 * Enumerable fallback compares milliseconds).
 *
 * <p>Refused on purpose: NOT (three-valued logic, see {@link KdbPredicate}); symbol ranges (string
 * order); a symbol literal with trailing spaces (CHAR padding); a float compared with a decimal
 * whose {@code <>} differs once rounded to a double; real, byte, char and the other types.
 */
final class KdbPredicateTranslator {
  private final List<ColumnInfo> columns;
  private final int offset;
  private final List<String> names;
  private final int[] fieldMap;

  /**
   * Creates a translator for a scan whose input field {@code i} is table field {@code fieldMap[i]};
   * stored column {@code c} is table field {@code c + offset} (1 when there is a partition column).
   */
  KdbPredicateTranslator(List<ColumnInfo> columns, int offset, List<String> names, int[] fieldMap) {
    this.columns = columns;
    this.offset = offset;
    this.names = names;
    this.fieldMap = fieldMap;
  }

  /**
   * Whether the scan's evaluation of {@code p} is exactly SQL's, so Calcite need not re-apply it.
   * Float comparisons are not: NaN, signed zeros and decimal rounding are re-checked by Calcite,
   * the scan's result being a superset. Nor are comparisons with a dynamic parameter: a value
   * the scan cannot compare exactly binds to "all rows" (see {@link KdbParameters}).
   */
  boolean enforced(KdbPredicate p) {
    if (p instanceof KdbPredicate.Compare c) {
      return !(c.value() instanceof KdbValue.Float64) && !(c.value() instanceof KdbValue.Param);
    }
    if (p instanceof KdbPredicate.In in) {
      return in.values().stream().noneMatch(v -> v instanceof KdbValue.Float64);
    }
    if (p instanceof KdbPredicate.IsNull n) {
      return type(n.field()) != KdbType.FLOAT;
    }
    List<KdbPredicate> parts = p instanceof KdbPredicate.And a ? a.parts()
        : ((KdbPredicate.Or) p).parts();
    return parts.stream().allMatch(this::enforced);
  }

  /** The predicate for {@code node}, or null if it is not understood. */
  KdbPredicate translate(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND, OR -> {
        List<KdbPredicate> parts = new ArrayList<>();
        for (RexNode o : call.getOperands()) {
          KdbPredicate p = translate(o);
          if (p == null) {
            return null;
          }
          parts.add(p);
        }
        return kind == SqlKind.AND ? new KdbPredicate.And(parts) : new KdbPredicate.Or(parts);
      }
      case IS_NULL, IS_NOT_NULL -> {
        int field = field(call.getOperands().get(0));
        return field < 0 ? null
            : new KdbPredicate.IsNull(field, names.get(field), kind == SqlKind.IS_NOT_NULL);
      }
      case SEARCH -> {
        int field = field(call.getOperands().get(0));
        if (field < 0 || !(call.getOperands().get(1) instanceof RexLiteral lit)) {
          return null;
        }
        return search(field, lit);
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        if (field(a) < 0) {
          RexNode t = a;
          a = b;
          b = t;
          kind = kind.reverse();
        }
        int field = field(a);
        if (field < 0) {
          return null;
        }
        if (b instanceof RexDynamicParam param) {
          return parameter(field, op(kind), param.getIndex());
        }
        return b instanceof RexLiteral lit
            ? compare(field, op(kind), lit.getValueAs(Comparable.class)) : null;
      }
      default -> {
        return null;
      }
    }
  }

  private KdbPredicate search(int field, RexLiteral lit) {
    Sarg<?> sarg = lit.getValueAs(Sarg.class);
    if (sarg == null) {
      return null;
    }
    List<KdbPredicate> parts = new ArrayList<>();
    List<KdbValue> points = new ArrayList<>();
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      if (r.hasLowerBound() && r.hasUpperBound() && r.lowerEndpoint().equals(r.upperEndpoint())
          && r.lowerBoundType() == BoundType.CLOSED && r.upperBoundType() == BoundType.CLOSED) {
        KdbValue v = value(field, r.lowerEndpoint());
        if (v == null) {
          return null;
        }
        points.add(v);
        continue;
      }
      List<KdbPredicate> bounds = new ArrayList<>();
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
      parts.add(KdbPredicate.and(bounds));
    }
    if (points.size() == 1) {
      parts.add(new KdbPredicate.Compare(field, names.get(field), Op.EQ, points.get(0)));
    } else if (!points.isEmpty()) {
      parts.add(new KdbPredicate.In(field, names.get(field), List.copyOf(points)));
    }
    if (sarg.nullAs == RexUnknownAs.TRUE) {
      parts.add(new KdbPredicate.IsNull(field, names.get(field), false));
    }
    return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new KdbPredicate.Or(parts);
  }

  /** A comparison with parameter {@code index}: of a short, int, long or (= and <>) symbol. */
  private KdbPredicate parameter(int field, Op op, int index) {
    KdbType type = type(field);
    boolean ok = type == KdbType.SYMBOL ? op == Op.EQ || op == Op.NE
        : type == KdbType.SHORT || type == KdbType.INT || type == KdbType.LONG;
    return ok ? new KdbPredicate.Compare(field, names.get(field), op, new KdbValue.Param(index))
        : null;
  }

  private KdbPredicate compare(int field, Op op, Comparable<?> literal) {
    KdbValue v = value(field, literal);
    if (v == null) {
      return null;
    }
    if (type(field) == KdbType.SYMBOL && op != Op.EQ && op != Op.NE) {
      return null;
    }
    if (v instanceof KdbValue.Float64 && !exactDouble(literal)) {
      if (op == Op.NE) {
        return null;
      }
      // The nearest double d of a decimal x: for a double v, v < x implies v <= d, and v > x
      // implies v >= d, so the scan's result stays a superset of Calcite's.
      op = op == Op.LT ? Op.LE : op == Op.GT ? Op.GE : op;
    }
    return new KdbPredicate.Compare(field, names.get(field), op, v);
  }

  private static boolean exactDouble(Comparable<?> literal) {
    if (literal instanceof BigDecimal d) {
      double x = d.doubleValue();
      return Double.isFinite(x) && new BigDecimal(x).compareTo(d) == 0;
    }
    return literal instanceof Double;
  }

  /** The literal in the raw unit of the column behind {@code field}, or null. */
  private KdbValue value(int field, Comparable<?> literal) {
    KdbType type = type(field);
    if (literal == null || type == null) {
      return null;
    }
    switch (type) {
      case SHORT, INT, LONG -> {
        if (literal instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0
            && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
            && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) > 0) {
          return new KdbValue.Int64(d.longValueExact(), d.toPlainString());
        }
        return null;
      }
      case FLOAT -> {
        if (literal instanceof BigDecimal d && Double.isFinite(d.doubleValue())) {
          return new KdbValue.Float64(d.doubleValue(), d.toPlainString());
        }
        return literal instanceof Double d && Double.isFinite(d)
            ? new KdbValue.Float64(d, d.toString()) : null;
      }
      case DATE -> {
        return literal instanceof DateString d
            ? new KdbValue.Int64(d.getDaysSinceEpoch() - Temporals.EPOCH_DAYS_2000, d.toString())
            : null;
      }
      case TIMESTAMP -> {
        return literal instanceof TimestampString t ? timestamp(t) : null;
      }
      case SYMBOL -> {
        if (literal instanceof NlsString s && !s.getValue().endsWith(" ")) {
          return new KdbValue.Sym(s.getValue());
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /** A timestamp literal as epoch-2000 nanoseconds, all nine digits kept; null out of range. */
  private static KdbValue timestamp(TimestampString t) {
    LocalDateTime wall = LocalDateTime.parse(t.toString().replace(' ', 'T'));
    try {
      long nanos = Math.addExact(Math.multiplyExact(wall.toEpochSecond(ZoneOffset.UTC),
          1_000_000_000L), wall.getNano());
      return new KdbValue.Int64(Math.subtractExact(nanos, Temporals.EPOCH_NANOS_2000),
          "TIMESTAMP '" + t + "'");
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Op op(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> Op.EQ;
      case NOT_EQUALS -> Op.NE;
      case LESS_THAN -> Op.LT;
      case LESS_THAN_OR_EQUAL -> Op.LE;
      case GREATER_THAN -> Op.GT;
      default -> Op.GE;
    };
  }

  /**
   * The table field of a pushable operand: a reference to a stored column of a supported type,
   * or a timestamp column under {@code CAST(... AS TIMESTAMP(p))} (how Calcite compares our
   * Java-typed timestamp columns); -1 otherwise.
   */
  private int field(RexNode node) {
    if (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST
        && cast.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
      return cast.getOperands().get(0) instanceof RexInputRef ref
          && type(fieldMap[ref.getIndex()]) == KdbType.TIMESTAMP ? fieldMap[ref.getIndex()] : -1;
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
      case SHORT, INT, LONG, FLOAT, DATE, SYMBOL -> f;
      default -> -1;
    };
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
