package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.storage.Partition;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.linq4j.function.Function2;
import org.apache.calcite.linq4j.function.Predicate2;
import org.apache.calcite.linq4j.tree.Types;

/**
 * Executes an equi-join planned by the hash join operator: the build input (the smaller one) is
 * read once, when the first row is asked for, into a hash table bounded by a memory limit; the
 * probe input then streams, each row looking up its key, so rows come out in the probe input's
 * order and a {@code LIMIT} above stops the probe early.
 *
 * <p>When the probe input is a kdb+ scan and the join drops probe rows without a match (inner and
 * semi joins), the build side's distinct keys become a filter of the scan ({@link ScanProbe}): a
 * symbol set decided once per domain value, or a set of integers, so that the scan reads only the
 * rows (and, on a {@code p#} column, the runs) that can match. An empty build side then reads
 * nothing at all. A {@code NOT IN} anti join ({@code notIn}) filters the scan by the keys'
 * complement the same way.
 *
 * <p>SQL's rules: a row whose key has a null never matches (the key accessors return null for
 * it); a probe row that matches nothing is emitted with nulls for the build side by an outer
 * join, and by an anti join as itself; the residual (non-equi) condition decides a match
 * together with the keys. {@code NOT IN}'s rules ({@code notIn}): a build side with a null key
 * keeps no probe row, and a probe row with a null key is kept only when the build side is empty.
 */
public final class HashJoinRuntime {
  /** {@link #join}, which generated code calls. */
  public static final Method JOIN = Types.lookupMethod(HashJoinRuntime.class, "join",
      Enumerable.class, Function1.class, ProbeSource.class, Function1.class, Predicate2.class,
      Function2.class, String.class, boolean.class, long.class, int.class);
  /** {@link #rows}, which generated code calls for a probe input that is not a kdb+ scan. */
  public static final Method ROWS = Types.lookupMethod(HashJoinRuntime.class, "rows",
      Enumerable.class);
  /** {@link #scan}, which generated code calls for a kdb+ scan as the probe input. */
  public static final Method SCAN = Types.lookupMethod(HashJoinRuntime.class, "scan",
      ScanExecutor.class, DataContext.class, ScanSpec.class, int.class, String.class,
      String.class, boolean.class, Function1.class, Bound.class, Function1.class);

  /** Most distinct build keys turned into a scan filter; more would cost more than they save. */
  static final int MAX_FILTER_KEYS = 1 << 16;

  private HashJoinRuntime() {
  }

  /**
   * The rest of a join's condition as a bound on a probe column: {@code field op value}, where
   * {@code value} is a build row's column. A probe scan that knows the build row (the only one,
   * or the only one of its partition) adds it to its filter. The scan may evaluate it as a
   * superset (floats); the join still checks the condition on every row.
   *
   * @param field the probe table's field
   * @param name its name
   * @param op the comparison, probe column first
   * @param floating whether the values compare as doubles (else as longs)
   * @param rounded whether the value is a double compared with an integer column: rounded
   *     outward (down for {@code >} and {@code >=}, up for {@code <} and {@code <=}), a superset
   */
  public record Bound(int field, String name, Predicate.Op op, boolean floating,
      boolean rounded) {
    /** The bound for build value {@code value}, or null for none. */
    Predicate of(Object value) {
      Value v;
      if (rounded) {
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || Math.abs(d) >= 0x1p62) {
          return null;
        }
        long r = (long) (op == Predicate.Op.GT || op == Predicate.Op.GE ? Math.floor(d)
            : Math.ceil(d));
        v = new Value.Int64(r, Long.toString(r));
      } else {
        v = floating ? new Value.Float64(((Number) value).doubleValue(), value.toString())
            : new Value.Int64(((Number) value).longValue(), value.toString());
      }
      return new Predicate.Compare(field, name, op, v);
    }
  }

  /** The probe input: rows, possibly filtered by the build side's keys. */
  public interface ProbeSource {
    /**
     * The probe rows; {@code keys} are the build side's distinct keys (of the filter key), or
     * null when the join needs every probe row; {@code table} is the build side's hash table
     * (key to row, or to a list of rows).
     */
    Enumerable<Object> open(Set<Object> keys, Map<Object, Object> table);

    /** The build key of {@code buildRow} the filter takes, or null if there is no filter. */
    default Object filterKey(Object buildRow) {
      return null;
    }

    /** Whether this source filters the probe rows by the build side's keys. */
    default boolean filters() {
      return false;
    }
  }

  /** A probe input that is any Enumerable: the keys are not used. */
  @SuppressWarnings("unchecked")
  public static ProbeSource rows(Enumerable<?> rows) {
    return (keys, table) -> (Enumerable<Object>) rows;
  }

  /**
   * A probe input that is a kdb+ scan filtered by the build side: on table field {@code field}
   * (named {@code name}), the join key, by the build keys' set ({@code kind} {@code "symbol"}
   * for symbols, {@code "long"} for integers stored as they are; {@code buildKey} gives a build
   * row's value of that key), or by partition ({@code "partition"}: the virtual partition column
   * is the join's only key, and partitions without a build row are not read); or not by key
   * ({@code "none"}: a join without keys). {@code excluding}: the scan keeps the rows whose key is
   * not null and none of the build keys (a {@code NOT IN} anti join). {@code bound}, if not null,
   * adds {@code buildValue} of the build row to the filter where one build row is all a
   * partition (or the scan) joins.
   */
  public static ProbeSource scan(ScanExecutor executor, DataContext root, ScanSpec spec,
      int field, String name, String kind, boolean excluding, Function1<Object, Object> buildKey,
      Bound bound, Function1<Object, Object> buildValue) {
    return new ScanProbe(executor, root, spec, field, name, kind, excluding, buildKey, bound,
        buildValue);
  }

  /** A kdb+ scan as the probe input, filtered by the build side when given it. */
  private record ScanProbe(ScanExecutor executor, DataContext root, ScanSpec spec, int field,
      String name, String kind, boolean excluding, Function1<Object, Object> buildKey, Bound bound,
      Function1<Object, Object> buildValue) implements ProbeSource {
    @Override
    public Enumerable<Object> open(Set<Object> keys, Map<Object, Object> table) {
      if (table == null) {
        return executor.execute(root, spec);
      }
      if (kind.equals("partition")) {
        List<Enumerable<Object>> parts = new ArrayList<>();
        for (Partition p : spec.partitions()) {
          Object hit = table.get(CalciteValues.partitionValue(p.kind(), p.value()));
          if (hit != null) {
            parts.add(executor.execute(root, spec.withPartitions(List.of(p),
                bounded(spec.filter(), hit), spec.remaining())));
          }
        }
        return parts.size() == 1 ? parts.get(0) : Linq4j.concat(parts);
      }
      Predicate filter = spec.filter();
      if (kind.equals("none")) {
        filter = table.size() == 1 ? bounded(filter, table.values().iterator().next()) : filter;
      } else if (keys != null && keys.size() <= MAX_FILTER_KEYS) {
        List<Value> values = new ArrayList<>(keys.size());
        for (Object k : keys) {
          values.add(kind.equals("symbol") ? new Value.Sym((String) k)
              : new Value.Int64(((Number) k).longValue(), k.toString()));
        }
        filter = and(filter, excluding ? new Predicate.NotIn(field, name, values)
            : new Predicate.In(field, name, values));
      }
      return executor.execute(root, spec.withPartitions(spec.partitions(), filter,
          spec.remaining()));
    }

    /** {@code filter} with the bound of {@code hit}, if it is one build row with a value. */
    private Predicate bounded(Predicate filter, Object hit) {
      if (bound == null || hit instanceof Bucket) {
        return filter;
      }
      Object v = buildValue.apply(hit);
      Predicate p = v == null ? null : bound.of(v);
      return p == null ? filter : and(filter, p);
    }

    @Override
    public Object filterKey(Object buildRow) {
      return kind.equals("symbol") || kind.equals("long") ? buildKey.apply(buildRow) : null;
    }

    @Override
    public boolean filters() {
      return true;
    }
  }

  private static Predicate and(Predicate a, Predicate b) {
    return a == null ? b : Predicate.and(List.of(a, b));
  }

  /** The build side does not fit in the join's memory limit. */
  public static final class BuildLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BuildLimitException(String message) {
      super(message);
    }
  }

  /**
   * Joins the probe rows with the build rows of an equal key.
   *
   * @param build the build input, read once into a hash table
   * @param buildKey a build row's key, null if any key column is null
   * @param probe the probe input
   * @param probeKey a probe row's key, null if any key column is null
   * @param residual the rest of the join condition, over (probe row, build row) in the
   *     join's (left, right) order as {@code selector} takes them, or null
   * @param selector the output row of a probe row and a build row (null for none), in the join's
   *     order; null for a semi or anti join, which emits the probe row itself
   * @param kind {@code inner}, {@code outer} (probe rows without a match are kept, with nulls),
   *     {@code semi}, {@code anti} or {@code notIn} (an anti join with {@code NOT IN}'s null rules)
   * @param probeLeft whether the probe input is the join's left input
   * @param limitBytes the most memory the build side's rows may take, estimated
   * @param width the number of fields of a build row, for the estimate
   */
  @SuppressWarnings("unchecked")
  public static Enumerable<Object> join(Enumerable<Object> build,
      Function1<Object, Object> buildKey, ProbeSource probe, Function1<Object, Object> probeKey,
      Predicate2<Object, Object> residual, Function2<Object, Object, Object> selector,
      String kind, boolean probeLeft, long limitBytes, int width) {
    boolean notIn = kind.equals("notIn");
    boolean keepUnmatched = kind.equals("outer") || kind.equals("anti") || notIn;
    boolean semi = kind.equals("semi");
    boolean anti = kind.equals("anti") || notIn;
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object> enumerator() {
        return new Enumerator<>() {
          private Map<Object, Object> table;
          private Enumerator<Object> probes;
          private Object row;
          private List<Object> matches;
          private int next;
          private Object current;
          /** For {@code notIn}: whether probe rows with a null key are dropped. */
          private boolean dropNullKeys;

          @Override
          public Object current() {
            return current;
          }

          @Override
          public boolean moveNext() {
            if (table == null) {
              boolean filtered = probe.filters() && (!keepUnmatched || notIn);
              Set<Object> keys = filtered ? new LinkedHashSet<>() : null;
              boolean[] nullKey = {false};
              table = buildTable(build, buildKey, keys, probe, limitBytes, width, nullKey);
              if (notIn) {
                // NOT IN an empty set is true, even for a null; NOT IN a set with a null never.
                dropNullKeys = !table.isEmpty() || nullKey[0];
                probes = nullKey[0] ? Linq4j.emptyEnumerator()
                    : probe.open(table.isEmpty() ? null : keys,
                        table.isEmpty() || !filtered ? null : table).enumerator();
              } else {
                probes = table.isEmpty() && !keepUnmatched ? Linq4j.emptyEnumerator()
                    : probe.open(keys, filtered ? table : null).enumerator();
              }
            }
            while (true) {
              while (matches != null && next < matches.size()) {
                Object b = matches.get(next++);
                if (residual == null || test(row, b)) {
                  current = selector.apply(probeLeft ? row : b, probeLeft ? b : row);
                  return true;
                }
              }
              matches = null;
              if (!probes.moveNext()) {
                current = null;
                return false;
              }
              row = probes.current();
              Object key = probeKey.apply(row);
              if (key == null && dropNullKeys) {
                continue;
              }
              Object hit = key == null ? null : table.get(key);
              List<Object> found = hit == null ? List.of()
                  : hit instanceof Bucket bucket ? bucket : List.of(hit);
              if (semi || anti) {
                boolean matched = false;
                for (Object b : found) {
                  if (residual == null || test(row, b)) {
                    matched = true;
                    break;
                  }
                }
                if (matched != anti) {
                  current = row;
                  return true;
                }
                continue;
              }
              if (keepUnmatched && !anyMatch(found)) {
                current = selector.apply(probeLeft ? row : null, probeLeft ? null : row);
                return true;
              }
              matches = found;
              next = 0;
            }
          }

          private boolean test(Object probeRow, Object buildRow) {
            return probeLeft ? residual.apply(probeRow, buildRow)
                : residual.apply(buildRow, probeRow);
          }

          private boolean anyMatch(List<Object> found) {
            for (Object b : found) {
              if (residual == null || test(row, b)) {
                return true;
              }
            }
            return false;
          }

          @Override
          public void reset() {
            // Starts again from the build side, which a re-read may have changed.
            close();
            probes = null;
            row = null;
            current = null;
          }

          @Override
          public void close() {
            if (probes != null) {
              probes.close();
            }
            table = null;
            matches = null;
          }
        };
      }
    };
  }

  /** Rows of one key beyond the first, kept apart from a single row (itself a value). */
  private static final class Bucket extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    Bucket(Object first) {
      super(2);
      add(first);
    }
  }

  /** Estimated heap bytes of one build row: the hash entry, the row and its boxed values. */
  static long rowBytes(int width) {
    return 64 + 24L * Math.max(1, width);
  }

  /**
   * Reads the build input into a table from key to row (or to a {@link Bucket} of rows), adding
   * each distinct filter key to {@code keys} and setting {@code nullKey[0]} if a row's key has
   * a null; fails with {@link BuildLimitException} as soon as the rows' estimated size passes
   * {@code limitBytes}.
   */
  private static Map<Object, Object> buildTable(Enumerable<Object> build,
      Function1<Object, Object> buildKey, Set<Object> keys, ProbeSource probe, long limitBytes,
      int width, boolean[] nullKey) {
    Map<Object, Object> table = new HashMap<>();
    long perRow = rowBytes(width);
    long maxRows = Math.max(1, limitBytes / perRow);
    long rows = 0;
    try (Enumerator<Object> e = build.enumerator()) {
      while (e.moveNext()) {
        Object r = e.current();
        Object key = buildKey.apply(r);
        if (key == null) {
          nullKey[0] = true;
          continue;
        }
        if (++rows > maxRows) {
          throw new BuildLimitException(String.format(Locale.ROOT, "join build side too large:"
              + " more than %,d rows of %d columns (about %,d MiB) exceed the join memory limit"
              + " of %,d MiB; filter the smaller input further, or raise the limit with the"
              + " connection property joinMemory (bytes, e.g. joinMemory=2g)", maxRows, width,
              rows * perRow >> 20, limitBytes >> 20));
        }
        Object old = table.putIfAbsent(key, r);
        if (old != null) {
          if (old instanceof Bucket bucket) {
            bucket.add(r);
          } else {
            Bucket bucket = new Bucket(old);
            bucket.add(r);
            table.put(key, bucket);
          }
        }
        if (keys != null && keys.size() <= MAX_FILTER_KEYS) {
          Object k = probe.filterKey(r);
          if (k != null) {
            keys.add(k);
          }
        }
      }
    }
    return table;
  }
}
