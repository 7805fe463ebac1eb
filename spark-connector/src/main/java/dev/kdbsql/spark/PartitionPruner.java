package dev.kdbsql.spark;

import dev.kdbsql.spark.vector.SparkValues;
import dev.kdbsql.storage.Partition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.sources.AlwaysFalse;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;

/**
 * Evaluates filters on the partition column against each partition's value, with SQL's
 * three-valued logic (a comparison with a null literal is unknown, and an unknown partition is
 * not read); the partition column itself is never null. Values compare as Spark holds them:
 * epoch days for date and month partitions (a month is its first day), the number for year and
 * int partitions.
 */
final class PartitionPruner {
  private PartitionPruner() {}

  /** The partitions for which every filter is true. */
  static List<Partition> prune(List<Partition> partitions, List<Filter> filters) {
    if (filters.isEmpty()) {
      return partitions;
    }
    List<Partition> out = new ArrayList<>();
    for (Partition p : partitions) {
      long v = SparkValues.partition(p.kind(), p.value());
      boolean keep = true;
      for (Filter f : filters) {
        if (eval(f, v) != Boolean.TRUE) {
          keep = false;
          break;
        }
      }
      if (keep) {
        out.add(p);
      }
    }
    return out;
  }

  /** Whether {@link #prune} understands {@code f}: its operators and its literals' types. */
  static boolean canEvaluate(Filter f) {
    if (f instanceof And a) {
      return canEvaluate(a.left()) && canEvaluate(a.right());
    }
    if (f instanceof Or o) {
      return canEvaluate(o.left()) && canEvaluate(o.right());
    }
    if (f instanceof Not n) {
      return canEvaluate(n.child());
    }
    if (f instanceof In in) {
      for (Object v : in.values()) {
        if (v != null && number(v) == null) {
          return false;
        }
      }
      return true;
    }
    if (f instanceof IsNull || f instanceof IsNotNull || f instanceof AlwaysTrue
        || f instanceof AlwaysFalse) {
      return true;
    }
    Object literal = literal(f);
    return literal != NOT_A_COMPARISON && (literal == null || number(literal) != null);
  }

  private static final Object NOT_A_COMPARISON = new Object();

  private static Object literal(Filter f) {
    if (f instanceof EqualTo e) {
      return e.value();
    }
    if (f instanceof EqualNullSafe e) {
      return e.value();
    }
    if (f instanceof GreaterThan e) {
      return e.value();
    }
    if (f instanceof GreaterThanOrEqual e) {
      return e.value();
    }
    if (f instanceof LessThan e) {
      return e.value();
    }
    if (f instanceof LessThanOrEqual e) {
      return e.value();
    }
    return NOT_A_COMPARISON;
  }

  /** TRUE, FALSE or null (unknown) for the partition of value {@code v}. */
  static Boolean eval(Filter f, long v) {
    if (f instanceof And a) {
      Boolean l = eval(a.left(), v);
      Boolean r = eval(a.right(), v);
      return l == Boolean.FALSE || r == Boolean.FALSE ? Boolean.FALSE
          : l == null || r == null ? null : Boolean.TRUE;
    }
    if (f instanceof Or o) {
      Boolean l = eval(o.left(), v);
      Boolean r = eval(o.right(), v);
      return l == Boolean.TRUE || r == Boolean.TRUE ? Boolean.TRUE
          : l == null || r == null ? null : Boolean.FALSE;
    }
    if (f instanceof Not n) {
      Boolean c = eval(n.child(), v);
      return c == null ? null : !c;
    }
    if (f instanceof IsNull || f instanceof AlwaysFalse) {
      return Boolean.FALSE;
    }
    if (f instanceof IsNotNull || f instanceof AlwaysTrue) {
      return Boolean.TRUE;
    }
    if (f instanceof In in) {
      Boolean result = Boolean.FALSE;
      for (Object x : in.values()) {
        if (x == null) {
          result = null;
        } else if (number(x) == v) {
          return Boolean.TRUE;
        }
      }
      return result;
    }
    if (f instanceof EqualNullSafe e) {
      return e.value() != null && number(e.value()) == v;
    }
    Object literal = literal(f);
    if (literal == null) {
      return null;
    }
    int c = Long.compare(v, number(literal));
    if (f instanceof EqualTo) {
      return c == 0;
    }
    if (f instanceof GreaterThan) {
      return c > 0;
    }
    if (f instanceof GreaterThanOrEqual) {
      return c >= 0;
    }
    if (f instanceof LessThan) {
      return c < 0;
    }
    if (f instanceof LessThanOrEqual) {
      return c <= 0;
    }
    throw new IllegalArgumentException("cannot evaluate " + f + " on a partition");
  }

  /**
   * A literal as the partition column's value: epoch days of a date (a {@code LocalDate} with
   * Spark's Java 8 time API, else a {@code java.sql.Date}, whose fields are the date), a whole
   * number as itself; null for anything else.
   */
  private static Long number(Object literal) {
    if (literal instanceof LocalDate d) {
      return d.toEpochDay();
    }
    if (literal instanceof java.sql.Date d) {
      return d.toLocalDate().toEpochDay();
    }
    if (literal instanceof Long || literal instanceof Integer || literal instanceof Short
        || literal instanceof Byte) {
      return ((Number) literal).longValue();
    }
    return null;
  }
}
