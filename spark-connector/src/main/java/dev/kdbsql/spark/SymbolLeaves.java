package dev.kdbsql.spark;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves on symbols: {@code =}, {@code <>} and IN on their text (the engine decides them once per
 * symbol of the domain); the empty symbol is null. Ranges (string order) stay with Spark.
 */
final class SymbolLeaves extends ColumnLeaves {
  SymbolLeaves(int field, String name) {
    super(field, name);
  }

  @Override
  Condition compare(Op op, Object value, boolean negated) {
    if (op != Op.EQ || !(value instanceof String s)) {
      return null;
    }
    if (s.isEmpty()) {
      // No symbol is empty (the empty symbol is null).
      return negated ? isNull(true) : Condition.FALSE;
    }
    return stored(compare(negated ? Predicate.Op.NE : Predicate.Op.EQ, new Value.Sym(s)));
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
      if (!(v instanceof String s)) {
        return null;
      }
      Value sym = new Value.Sym(s);
      if (!s.isEmpty() && !kept.contains(sym)) {
        kept.add(sym);
      }
    }
    if (negated) {
      // No symbol is empty (the empty symbol is null): it drops out of NOT IN as out of IN.
      return notIn(kept);
    }
    return in(kept);
  }
}
