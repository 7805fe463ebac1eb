package dev.kdbsql.spark;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves on reals (FloatType) and floats (DoubleType): NaN is null; compared as doubles, as Spark
 * compares them. The literals where the engine's arithmetic differs from Spark's order (NaN, the
 * strict bounds at the infinities) are decided here.
 */
final class FloatingLeaves extends ColumnLeaves {
  private final boolean real;

  FloatingLeaves(int field, String name, boolean real) {
    super(field, name);
    this.real = real;
  }

  @Override
  Condition compare(Op op, Object value, boolean negated) {
    Double v = real ? value instanceof Float f ? Double.valueOf(f) : null
        : value instanceof Double d ? d : null;
    if (v == null) {
      return null;
    }
    double x = v;
    if (op == Op.EQ) {
      if (Double.isNaN(x)) {
        // No value is NaN (it is null): = NaN is never TRUE, <> NaN always (for non-nulls).
        return negated ? isNull(true) : Condition.FALSE;
      }
      return stored(compare(negated ? Predicate.Op.NE : Predicate.Op.EQ, value(x)));
    }
    if (negated) {
      op = op.negate();
    }
    if (Double.isNaN(x)) {
      // Spark orders NaN above every other value.
      return op == Op.LT || op == Op.LE ? isNull(true) : Condition.FALSE;
    }
    // The engine turns a strict bound into the next double, which at an infinity is itself.
    if (op == Op.GT && x == Double.POSITIVE_INFINITY
        || op == Op.LT && x == Double.NEGATIVE_INFINITY) {
      return Condition.FALSE;
    }
    return stored(compare(switch (op) {
      case LT -> Predicate.Op.LT;
      case LE -> Predicate.Op.LE;
      case GT -> Predicate.Op.GT;
      case GE -> Predicate.Op.GE;
      case EQ -> throw new IllegalStateException();
    }, value(x)));
  }

  private Value value(double x) {
    return new Value.Float64(x, real ? Float.toString((float) x) : Double.toString(x));
  }

  @Override
  Condition in(Object[] values, boolean negated) {
    if (values.length == 0 || negated && hasNull(values)) {
      return super.in(values, negated);
    }
    List<Value> kept = new ArrayList<>();
    for (Object v : values) {
      if (v == null) {
        continue;
      }
      Condition c = compare(Op.EQ, v, false);
      if (c == null) {
        return null;
      }
      if (c instanceof Condition.Stored s) {
        kept.add(((Predicate.Compare) s.predicate()).value());
      }
    }
    if (negated) {
      // NaN equals no value here (NaN is null), so it drops out of NOT IN as out of IN.
      return notIn(kept);
    }
    return in(kept);
  }
}
