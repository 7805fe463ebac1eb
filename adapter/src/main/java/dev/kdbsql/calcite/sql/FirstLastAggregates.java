package dev.kdbsql.calcite.sql;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import dev.kdbsql.calcite.temporal.KdbTypeFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * q's {@code first} and {@code last} as SQL aggregates: the value of the first or last row of
 * each group in the order rows arrive, among the rows where it is not NULL (Calcite calls a
 * user-defined aggregate for non-null arguments only; q's {@code first} would return a leading
 * null). Over a plain scan that order is
 * storage order (partitions ascending, rows as stored); after a join or a sort Calcite does not
 * promise any order, so the answer is then only "some row's value".
 *
 * <p>Calcite picks among overloads by argument type, so there is one class per Java type. DATE,
 * TIME and millisecond TIMESTAMP values are ints and longs inside generated code, and a UDAF
 * declared with {@code java.sql} types fails to compile there; those overloads declare their SQL
 * types explicitly and run the Integer or Long implementation ({@link Typed}). Calcite feeds
 * aggregates milliseconds, so {@code first}/{@code last} of a kdb+ timestamp is a TIMESTAMP(3),
 * like MIN and MAX; nanosecond-exact aggregates belong to the adapter's own convention. The parser
 * turns unquoted {@code first(x)}/{@code last(x)} into calls of these (see {@link KdbSqlShuttle}).
 */
public final class FirstLastAggregates {
  private FirstLastAggregates() {
  }

  /** Registers {@code first} and {@code last} for every supported argument type. */
  static void register(
      Map<String, Supplier<List<org.apache.calcite.schema.Function>>> functions) {
    functions.put("first", Suppliers.memoize(() -> overloads(FirstLong.class,
        FirstInteger.class, FirstDouble.class, FirstString.class, FirstBoolean.class,
        FirstObject.class)));
    functions.put("last", Suppliers.memoize(() -> overloads(LastLong.class, LastInteger.class,
        LastDouble.class, LastString.class, LastBoolean.class, LastObject.class)));
  }

  private static List<org.apache.calcite.schema.Function> overloads(Class<?> longs,
      Class<?> ints, Class<?> doubles, Class<?> strings, Class<?> booleans, Class<?> objects) {
    AggregateFunctionImpl asLong = AggregateFunctionImpl.create(longs);
    AggregateFunctionImpl asInt = AggregateFunctionImpl.create(ints);
    AggregateFunctionImpl asObject = AggregateFunctionImpl.create(objects);
    return ImmutableList.of(asLong, asInt, AggregateFunctionImpl.create(doubles),
        AggregateFunctionImpl.create(strings), AggregateFunctionImpl.create(booleans),
        new Typed(asInt, f -> f.createSqlType(SqlTypeName.DATE)),
        new Typed(asInt, f -> f.createSqlType(SqlTypeName.TIME, 3)),
        new Typed(asLong, f -> f.createSqlType(SqlTypeName.TIMESTAMP, 3)),
        // Exact kdb+ timestamps and timespans, carried as the objects they are (Calcite also
        // asks a factory of its own for the parameters' families: TIMESTAMP and TIME).
        new Typed(asObject, f -> f instanceof KdbTypeFactory k ? k.timestampType(true)
            : f.createSqlType(SqlTypeName.TIMESTAMP, 9)),
        new Typed(asObject, f -> f instanceof KdbTypeFactory k ? k.timespanType(true)
            : f.createSqlType(SqlTypeName.TIME, 9)));
  }

  /** The accumulator: the value kept so far and whether any row was seen. */
  public static final class Slot {
    Object value;
    boolean seen;

    Slot offer(Object v) {
      if (!seen) {
        value = v;
        seen = true;
      }
      return this;
    }

    Slot replace(Object v) {
      value = v;
      seen = true;
      return this;
    }
  }

  /** An overload declared with a SQL type, implemented by an Integer or Long overload. */
  private static final class Typed implements ImplementableAggFunction {
    private final AggregateFunctionImpl implementation;
    private final Function<RelDataTypeFactory, RelDataType> type;

    Typed(AggregateFunctionImpl implementation,
        Function<RelDataTypeFactory, RelDataType> type) {
      this.implementation = implementation;
      this.type = type;
    }

    private RelDataType type(RelDataTypeFactory f) {
      return f.createTypeWithNullability(type.apply(f), true);
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
      return type(typeFactory);
    }

    @Override
    public List<FunctionParameter> getParameters() {
      return List.of(new FunctionParameter() {
        @Override
        public int getOrdinal() {
          return 0;
        }

        @Override
        public String getName() {
          return "x";
        }

        @Override
        public RelDataType getType(RelDataTypeFactory typeFactory) {
          return type(typeFactory);
        }

        @Override
        public boolean isOptional() {
          return false;
        }
      });
    }

    @Override
    public AggImplementor getImplementor(boolean windowContext) {
      return implementation.getImplementor(windowContext);
    }
  }

  /** {@code first} of Long values. Calcite calls its methods via code generation. */
  public static final class FirstLong {
    /** Creates the aggregate; called via code generation. */
    public FirstLong() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Long value) {
      return slot.offer(value);
    }

    /** The group's value. */
    public Long result(Slot slot) {
      return (Long) slot.value;
    }
  }

  /** {@code first} of Integer values. Calcite calls its methods via code generation. */
  public static final class FirstInteger {
    /** Creates the aggregate; called via code generation. */
    public FirstInteger() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Integer value) {
      return slot.offer(value);
    }

    /** The group's value. */
    public Integer result(Slot slot) {
      return (Integer) slot.value;
    }
  }

  /** {@code first} of Double values. Calcite calls its methods via code generation. */
  public static final class FirstDouble {
    /** Creates the aggregate; called via code generation. */
    public FirstDouble() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Double value) {
      return slot.offer(value);
    }

    /** The group's value. */
    public Double result(Slot slot) {
      return (Double) slot.value;
    }
  }

  /** {@code first} of String values. Calcite calls its methods via code generation. */
  public static final class FirstString {
    /** Creates the aggregate; called via code generation. */
    public FirstString() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, String value) {
      return slot.offer(value);
    }

    /** The group's value. */
    public String result(Slot slot) {
      return (String) slot.value;
    }
  }

  /** {@code first} of Boolean values. Calcite calls its methods via code generation. */
  public static final class FirstBoolean {
    /** Creates the aggregate; called via code generation. */
    public FirstBoolean() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Boolean value) {
      return slot.offer(value);
    }

    /** The group's value. */
    public Boolean result(Slot slot) {
      return (Boolean) slot.value;
    }
  }

  /** {@code first} of objects (exact kdb+ temporals). Calcite calls its methods via code generation. */
  public static final class FirstObject {
    /** Creates the aggregate; called via code generation. */
    public FirstObject() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Object value) {
      return slot.offer(value);
    }

    /** The group's value. */
    public Object result(Slot slot) {
      return slot.value;
    }
  }

  /** {@code last} of objects (exact kdb+ temporals). Calcite calls its methods via code generation. */
  public static final class LastObject {
    /** Creates the aggregate; called via code generation. */
    public LastObject() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Object value) {
      return slot.replace(value);
    }

    /** The group's value. */
    public Object result(Slot slot) {
      return slot.value;
    }
  }

  /** {@code last} of Long values. Calcite calls its methods via code generation. */
  public static final class LastLong {
    /** Creates the aggregate; called via code generation. */
    public LastLong() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Long value) {
      return slot.replace(value);
    }

    /** The group's value. */
    public Long result(Slot slot) {
      return (Long) slot.value;
    }
  }

  /** {@code last} of Integer values. Calcite calls its methods via code generation. */
  public static final class LastInteger {
    /** Creates the aggregate; called via code generation. */
    public LastInteger() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Integer value) {
      return slot.replace(value);
    }

    /** The group's value. */
    public Integer result(Slot slot) {
      return (Integer) slot.value;
    }
  }

  /** {@code last} of Double values. Calcite calls its methods via code generation. */
  public static final class LastDouble {
    /** Creates the aggregate; called via code generation. */
    public LastDouble() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Double value) {
      return slot.replace(value);
    }

    /** The group's value. */
    public Double result(Slot slot) {
      return (Double) slot.value;
    }
  }

  /** {@code last} of String values. Calcite calls its methods via code generation. */
  public static final class LastString {
    /** Creates the aggregate; called via code generation. */
    public LastString() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, String value) {
      return slot.replace(value);
    }

    /** The group's value. */
    public String result(Slot slot) {
      return (String) slot.value;
    }
  }

  /** {@code last} of Boolean values. Calcite calls its methods via code generation. */
  public static final class LastBoolean {
    /** Creates the aggregate; called via code generation. */
    public LastBoolean() {
    }

    /** Starts a group. */
    public Slot init() {
      return new Slot();
    }

    /** Adds one row. */
    public Slot add(Slot slot, Boolean value) {
      return slot.replace(value);
    }

    /** The group's value. */
    public Boolean result(Slot slot) {
      return (Boolean) slot.value;
    }
  }
}
