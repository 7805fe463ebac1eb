package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Binds the dynamic parameters of a {@link Predicate} to the values of one execution. A
 * comparison with a parameter is never enforced (Calcite re-applies it), so binding only has to
 * keep every row SQL keeps: a NULL value selects nothing (a comparison with NULL is never TRUE),
 * an integer or a symbol binds exactly, and any other value (a decimal, a string with trailing
 * spaces) binds to "all rows", leaving the comparison to Calcite.
 */
public final class ParameterBinder {
  private ParameterBinder() {
  }

  /** {@code p} with its parameters bound from {@code root}; null when it selects all rows. */
  public static Predicate bind(Predicate p, DataContext root) {
    if (p == null) {
      return null;
    }
    if (p instanceof Predicate.And a) {
      List<Predicate> parts = new ArrayList<>();
      for (Predicate part : a.parts()) {
        Predicate b = bind(part, root);
        if (b != null) {
          parts.add(b);
        }
      }
      return Predicate.and(parts);
    }
    if (p instanceof Predicate.Or o) {
      List<Predicate> parts = new ArrayList<>();
      for (Predicate part : o.parts()) {
        Predicate b = bind(part, root);
        if (b == null) {
          return null;
        }
        parts.add(b);
      }
      return new Predicate.Or(parts);
    }
    if (!(p instanceof Predicate.Compare c) || !(c.value() instanceof Value.Param param)) {
      return p;
    }
    Object v = root.get("?" + param.index());
    if (v == null) {
      return new Predicate.In(c.field(), c.name(), List.of());
    }
    if (v instanceof String s) {
      return s.isEmpty() || s.endsWith(" ") ? null
          : new Predicate.Compare(c.field(), c.name(), c.op(), new Value.Sym(s));
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long x = ((Number) v).longValue();
      return new Predicate.Compare(c.field(), c.name(), c.op(),
          new Value.Int64(x, Long.toString(x)));
    }
    return null;
  }
}
