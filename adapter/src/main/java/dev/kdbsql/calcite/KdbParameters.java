package dev.kdbsql.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Binds the dynamic parameters of a {@link KdbPredicate} to the values of one execution. A
 * comparison with a parameter is never enforced (Calcite re-applies it), so binding only has to
 * keep every row SQL keeps: a NULL value selects nothing (a comparison with NULL is never TRUE),
 * an integer or a symbol binds exactly, and any other value (a decimal, a string with trailing
 * spaces) binds to "all rows", leaving the comparison to Calcite.
 */
final class KdbParameters {
  private KdbParameters() {
  }

  /** {@code p} with its parameters bound from {@code root}; null when it selects all rows. */
  static KdbPredicate bind(KdbPredicate p, DataContext root) {
    if (p == null) {
      return null;
    }
    if (p instanceof KdbPredicate.And a) {
      List<KdbPredicate> parts = new ArrayList<>();
      for (KdbPredicate part : a.parts()) {
        KdbPredicate b = bind(part, root);
        if (b != null) {
          parts.add(b);
        }
      }
      return KdbPredicate.and(parts);
    }
    if (p instanceof KdbPredicate.Or o) {
      List<KdbPredicate> parts = new ArrayList<>();
      for (KdbPredicate part : o.parts()) {
        KdbPredicate b = bind(part, root);
        if (b == null) {
          return null;
        }
        parts.add(b);
      }
      return new KdbPredicate.Or(parts);
    }
    if (!(p instanceof KdbPredicate.Compare c) || !(c.value() instanceof KdbValue.Param param)) {
      return p;
    }
    Object v = root.get("?" + param.index());
    if (v == null) {
      return new KdbPredicate.In(c.field(), c.name(), List.of());
    }
    if (v instanceof String s) {
      return s.isEmpty() || s.endsWith(" ") ? null
          : new KdbPredicate.Compare(c.field(), c.name(), c.op(), new KdbValue.Sym(s));
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long x = ((Number) v).longValue();
      return new KdbPredicate.Compare(c.field(), c.name(), c.op(),
          new KdbValue.Int64(x, Long.toString(x)));
    }
    return null;
  }
}
