package dev.kdbsql.calcite.sql;

import com.google.common.base.Suppliers;
import com.google.common.collect.ForwardingMultimap;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.Multimap;
import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import dev.kdbsql.calcite.exec.WallClockTimestamp;
import dev.kdbsql.storage.Temporals;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * The kdb-flavoured functions every kdb+ schema offers, and the {@code xbar} implementations.
 *
 * <p>{@code xbar(bucket, x)} rounds {@code x} down to a multiple of {@code bucket}, as q's
 * {@code xbar}: for numbers directly; for TIME in milliseconds of the day; for TIMESTAMP with a
 * bucket in milliseconds and for DATE with a bucket in days, both counted from kdb+'s epoch
 * 2000-01-01 (so {@code xbar(7, d)} gives the same weeks as q). One overload per argument type,
 * because Calcite resolves scalar functions by Java signature; the {@code BigDecimal} overload
 * exists because a literal bucket such as {@code 2.5} arrives as a DECIMAL. Timestamps keep their
 * nanoseconds. {@code wavg}/{@code weighted_avg}, {@code first}/{@code last} and
 * {@code median}/{@code quantile_cont}/{@code quantile_disc} are aggregates: see
 * {@link WavgAggregate}, {@link FirstLastAggregates} and {@link QuantileAggregates}.
 */
public final class KdbFunctions {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  /**
   * Each name's overloads, made when the name is first asked for. Calcite looks every identifier
   * of a statement up among a schema's function names (a column could be a niladic function),
   * and making all the overloads (reflection over their classes) at the first lookup cost a
   * fresh JVM's first statement with a column in it several milliseconds.
   */
  private static final Map<String, Supplier<List<Function>>> OVERLOADS = overloads();

  private static final Multimap<String, Function> ALL = new Overloads();

  private KdbFunctions() {
  }

  /**
   * Every kdb-flavoured function by SQL name: the names at once, a name's overloads made when
   * {@link Multimap#get} first asks for them (anything else makes them all).
   */
  public static Multimap<String, Function> all() {
    return ALL;
  }

  private static Map<String, Supplier<List<Function>>> overloads() {
    Map<String, Supplier<List<Function>>> m = new LinkedHashMap<>();
    m.put("xbar", Suppliers.memoize(KdbFunctions::xbars));
    m.put("wavg", Suppliers.memoize(() -> List.of(WavgAggregate.function())));
    m.put("weighted_avg", Suppliers.memoize(() -> List.of(WavgAggregate.function())));
    FirstLastAggregates.register(m);
    QuantileAggregates.register(m);
    return Collections.unmodifiableMap(m);
  }

  private static List<Function> xbars() {
    // The overloads of the exact kdb+ types last: an argument of Calcite's TIME or TIMESTAMP
    // matches them too, and Calcite takes the first of equally good overloads (an argument of
    // an exact type prefers its own, see KdbTemporalType#getPrecedenceList).
    return Arrays.stream(KdbFunctions.class.getMethods())
        .filter(m -> m.getName().equals("xbar"))
        .sorted(Comparator.comparing((Method m) -> m.getReturnType().getPackageName()
            .startsWith("dev.kdbsql")).thenComparing(Method::toString))
        .map(m -> (Function) ScalarFunctionImpl.create(m))
        .toList();
  }

  /** {@link #OVERLOADS} as the multimap Calcite's schemas read: names and gets stay lazy. */
  private static final class Overloads extends ForwardingMultimap<String, Function> {
    private final Supplier<Multimap<String, Function>> made = Suppliers.memoize(() -> {
      ImmutableListMultimap.Builder<String, Function> b = ImmutableListMultimap.builder();
      OVERLOADS.forEach((name, overloads) -> b.putAll(name, overloads.get()));
      return b.build();
    });

    @Override
    protected Multimap<String, Function> delegate() {
      return made.get();
    }

    @Override
    public Set<String> keySet() {
      return OVERLOADS.keySet();
    }

    @Override
    public boolean containsKey(Object name) {
      return OVERLOADS.containsKey(name);
    }

    @Override
    public Collection<Function> get(String name) {
      Supplier<List<Function>> overloads = OVERLOADS.get(name);
      return overloads == null ? List.of() : overloads.get();
    }
  }

  /**
   * {@code xbar} of integers; a bucket below the long range (of -0W) is -0W, never a wrapped
   * value. Called via code generation.
   */
  public static long xbar(long bucket, long x) {
    checkBucket(bucket > 0, bucket);
    return Temporals.floorToMultiple(x, bucket);
  }

  /** {@code xbar} of floating-point numbers. Called via code generation. */
  public static double xbar(double bucket, double x) {
    checkBucket(bucket > 0, bucket);
    return Math.floor(x / bucket) * bucket;
  }

  /** {@code xbar} with a DECIMAL literal bucket such as {@code 2.5}. Called via code generation. */
  public static double xbar(BigDecimal bucket, double x) {
    return xbar(bucket.doubleValue(), x);
  }

  /** {@code xbar} of a time of day, bucket in milliseconds. Called via code generation. */
  public static Time xbar(long bucketMillis, Time x) {
    checkBucket(bucketMillis > 0, bucketMillis);
    int millis = SqlFunctions.toInt(x);
    return SqlFunctions.internalToTime((int) (Math.floorDiv(millis, bucketMillis) * bucketMillis));
  }

  /**
   * {@code xbar} of a timestamp, bucket in milliseconds from 2000-01-01, exact to the
   * nanosecond. Called via code generation.
   */
  public static Timestamp xbar(long bucketMillis, Timestamp x) {
    checkBucket(bucketMillis > 0, bucketMillis);
    long nanos = Temporals.timestampValue(x.toLocalDateTime());
    long bucket = Math.multiplyExact(bucketMillis, NANOS_PER_MILLI);
    LocalDateTime bar = Temporals.timestamp(Math.floorDiv(nanos, bucket) * bucket);
    return WallClockTimestamp.of(bar);
  }

  /**
   * {@code xbar} of a kdb+ timestamp, bucket in milliseconds from 2000-01-01, exact to the
   * nanosecond. Called via code generation.
   */
  public static KdbTimestamp xbar(long bucketMillis, KdbTimestamp x) {
    checkBucket(bucketMillis > 0, bucketMillis);
    long bucket = Math.multiplyExact(bucketMillis, NANOS_PER_MILLI);
    return KdbTimestamp.of(Temporals.floorToMultiple(x.nanos(), bucket));
  }

  /**
   * {@code xbar} of a kdb+ timespan as a time of day, bucket in milliseconds, exact to the
   * nanosecond. Called via code generation.
   */
  public static KdbTimespan xbar(long bucketMillis, KdbTimespan x) {
    checkBucket(bucketMillis > 0, bucketMillis);
    long bucket = Math.multiplyExact(bucketMillis, NANOS_PER_MILLI);
    return KdbTimespan.ofDay(Math.floorDiv(x.nanos(), bucket) * bucket);
  }

  /** {@code xbar} of a date, bucket in days from 2000-01-01. Called via code generation. */
  public static Date xbar(long bucketDays, Date x) {
    checkBucket(bucketDays > 0, bucketDays);
    long days = SqlFunctions.toInt(x) - (long) Temporals.EPOCH_DAYS_2000;
    long bar = Math.floorDiv(days, bucketDays) * bucketDays + Temporals.EPOCH_DAYS_2000;
    return SqlFunctions.internalToDate((int) bar);
  }

  private static void checkBucket(boolean positive, Object bucket) {
    if (!positive) {
      throw new IllegalArgumentException("xbar bucket must be positive, not " + bucket);
    }
  }
}
