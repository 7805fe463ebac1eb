package dev.kdbsql.calcite.window;

import dev.kdbsql.calcite.exec.WindowProgram;
import dev.kdbsql.calcite.exec.WindowProgram.Bound;
import dev.kdbsql.calcite.exec.WindowRuntime;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactoryImpl.JavaType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Window functions in the Enumerable convention, computed by {@link WindowRuntime} over
 * primitive arrays instead of Calcite's {@code EnumerableWindow}, which compares boxed rows
 * through generated comparators and re-aggregates frames row by row. Rows come out in the
 * input's order, so the input's collation is kept.
 *
 * <p>Built only by {@link #create}, which declines (returns null) what the runtime does not
 * compute exactly as Calcite would; {@link KdbWindowRule} lists what it takes.
 */
public final class KdbWindow extends Window implements EnumerableRel {
  private final WindowProgram program;

  private KdbWindow(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      List<RexLiteral> constants, RelDataType rowType, List<Group> groups,
      WindowProgram program) {
    super(cluster, traits, List.of(), input, constants, rowType, groups);
    this.program = program;
  }

  /**
   * The window {@code window} over the Enumerable input {@code input}, or null if a group or
   * call is one the runtime does not compute.
   */
  static KdbWindow create(Window window, RelNode input) {
    Translation t = new Translation(window);
    List<WindowProgram.Group> groups = new ArrayList<>();
    for (Group g : window.groups) {
      WindowProgram.Group group = t.group(g);
      if (group == null) {
        return null;
      }
      groups.add(group);
    }
    RelTraitSet traits = input.getTraitSet().replace(EnumerableConvention.INSTANCE);
    return new KdbWindow(window.getCluster(), traits, input, window.constants,
        window.getRowType(), window.groups,
        new WindowProgram(input.getRowType().getFieldCount(), groups));
  }

  /** Translates the groups of one window into the runtime's terms. */
  private static final class Translation {
    private final Window window;
    private final List<RelDataType> inputTypes;
    private final JavaTypeFactory types;

    Translation(Window window) {
      this.window = window;
      this.inputTypes = window.getInput().getRowType().getFieldList().stream()
          .map(f -> f.getType()).toList();
      this.types = (JavaTypeFactory) window.getCluster().getTypeFactory();
    }

    WindowProgram.Group group(Group g) {
      if (g.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
        return null;
      }
      List<WindowProgram.OrderKey> order = new ArrayList<>();
      for (RelFieldCollation fc : g.orderKeys.getFieldCollations()) {
        RelFieldCollation.NullDirection nulls = fc.nullDirection
            == RelFieldCollation.NullDirection.UNSPECIFIED
            ? fc.getDirection().defaultNullDirection() : fc.nullDirection;
        if (!orderable(inputTypes.get(fc.getFieldIndex()))) {
          return null;
        }
        order.add(new WindowProgram.OrderKey(fc.getFieldIndex(),
            fc.getDirection() == RelFieldCollation.Direction.DESCENDING,
            nulls == RelFieldCollation.NullDirection.FIRST));
      }
      for (int k : g.keys) {
        if (!orderable(inputTypes.get(k))) {
          return null;
        }
      }
      Bound lower = bound(g.lowerBound, g.isRows, order);
      Bound upper = bound(g.upperBound, g.isRows, order);
      if (lower == null || upper == null) {
        return null;
      }
      List<WindowProgram.Call> calls = new ArrayList<>();
      for (RexWinAggCall c : g.aggCalls) {
        WindowProgram.Call call = call(c);
        if (call == null) {
          return null;
        }
        calls.add(call);
      }
      return new WindowProgram.Group(g.keys.asList(), order, g.isRows, lower, upper, calls);
    }

    /**
     * A frame bound in the runtime's terms, or null: ROWS offsets are row counts; RANGE
     * offsets need one order key, in its encoded unit (see {@link #rangeOffset}).
     */
    private Bound bound(RexWindowBound b, boolean rows, List<WindowProgram.OrderKey> order) {
      if (b.isUnbounded()) {
        return Bound.of(b.isPreceding() ? Bound.Kind.UNBOUNDED_PRECEDING
            : Bound.Kind.UNBOUNDED_FOLLOWING);
      }
      if (b.isCurrentRow()) {
        return Bound.of(Bound.Kind.CURRENT_ROW);
      }
      Bound.Kind kind = b.isPreceding() ? Bound.Kind.PRECEDING : Bound.Kind.FOLLOWING;
      RexLiteral offset = constant(b.getOffset());
      if (offset == null || offset.getValue() == null) {
        return null;
      }
      if (rows) {
        Long n = offset.getValueAs(Long.class);
        return n == null || n < 0 ? null : new Bound(kind, n, 0);
      }
      if (order.size() != 1) {
        return null;
      }
      return rangeOffset(kind, inputTypes.get(order.get(0).field()), offset);
    }

    /**
     * A RANGE offset in the unit of the order key's code: a number for numeric keys (integral
     * for integer keys), epoch days for DATE, milliseconds for TIME and TIMESTAMP(3),
     * nanoseconds for kdb+ timestamps; intervals of days to seconds only.
     */
    private static Bound rangeOffset(Bound.Kind kind, RelDataType key, RexLiteral offset) {
      BigDecimal v = offset.getValueAs(BigDecimal.class);
      if (v == null || v.signum() < 0) {
        return null;
      }
      boolean interval = offset.getType().getSqlTypeName().getFamily()
          == SqlTypeFamily.INTERVAL_DAY_TIME;
      if (key instanceof JavaType || key instanceof KdbTemporalType) {
        // Keys in nanoseconds (WindowKeys.Kind.TIMESTAMP); the interval literal in milliseconds.
        return interval ? new Bound(kind, Math.multiplyExact(v.longValueExact(), 1_000_000L), 0)
            : null;
      }
      SqlTypeName n = key.getSqlTypeName();
      try {
        if (SqlTypeName.INT_TYPES.contains(n)) {
          return interval ? null : new Bound(kind, v.longValueExact(), 0);
        }
        if (SqlTypeName.APPROX_TYPES.contains(n)) {
          return interval ? null : new Bound(kind, 0, v.doubleValue());
        }
        return switch (n) {
          case TIME, TIMESTAMP -> interval ? new Bound(kind, v.longValueExact(), 0) : null;
          case DATE -> interval && v.longValueExact() % 86_400_000L == 0
              ? new Bound(kind, v.longValueExact() / 86_400_000L, 0) : null;
          default -> null;
        };
      } catch (ArithmeticException e) {
        return null;
      }
    }

    /** The literal {@code e} refers to (a constant of the window), or null. */
    private RexLiteral constant(RexNode e) {
      if (e instanceof RexLiteral l) {
        return l;
      }
      if (e instanceof RexInputRef ref && ref.getIndex() >= inputTypes.size()) {
        return window.constants.get(ref.getIndex() - inputTypes.size());
      }
      return null;
    }

    /** The input field {@code e} refers to, or -1. */
    private int field(RexNode e) {
      return e instanceof RexInputRef ref && ref.getIndex() < inputTypes.size()
          ? ref.getIndex() : -1;
    }

    private WindowProgram.Call call(RexWinAggCall c) {
      if (c.distinct || c.ignoreNulls) {
        return null;
      }
      WindowProgram.Result result = result(c.getType());
      List<RexNode> operands = c.getOperands();
      List<Integer> args = new ArrayList<>();
      for (RexNode o : operands) {
        args.add(field(o));
      }
      WindowProgram.Function f;
      switch (c.getOperator().getKind()) {
        case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST -> {
          f = WindowProgram.Function.valueOf(c.getOperator().getKind().name());
          return operands.isEmpty() && result != null
              ? new WindowProgram.Call(f, List.of(), 0, -1, null, result) : null;
        }
        case LAG, LEAD -> {
          return shift(c, args);
        }
        case FIRST_VALUE, LAST_VALUE -> {
          return operands.size() == 1 && args.get(0) >= 0 && sameClass(c, args.get(0))
              ? new WindowProgram.Call(WindowProgram.Function.valueOf(
                  c.getOperator().getKind().name()), args, 0, -1, null,
                  WindowProgram.Result.OBJECT) : null;
        }
        case NTH_VALUE -> {
          Long n = operands.size() == 2 && args.get(0) >= 0 && constant(operands.get(1)) != null
              ? constant(operands.get(1)).getValueAs(Long.class) : null;
          return n == null || n < 1 || !sameClass(c, args.get(0)) ? null
              : new WindowProgram.Call(WindowProgram.Function.NTH_VALUE, args.subList(0, 1), n,
                  -1, null, WindowProgram.Result.OBJECT);
        }
        case COUNT -> {
          if (operands.size() > 1 || args.contains(-1) || result == null) {
            return null;
          }
          return new WindowProgram.Call(WindowProgram.Function.COUNT, args, 0, -1, null, result);
        }
        case SUM, SUM0 -> {
          if (operands.size() != 1 || args.get(0) < 0 || result == null) {
            return null;
          }
          SqlTypeName arg = inputTypes.get(args.get(0)).getSqlTypeName();
          SqlTypeName out = c.getType().getSqlTypeName();
          // Integer sums in longs (wrapping as Calcite's), double sums in doubles.
          boolean ok = SqlTypeName.INT_TYPES.contains(arg)
              ? out == SqlTypeName.BIGINT || out == SqlTypeName.INTEGER
              : (arg == SqlTypeName.DOUBLE || arg == SqlTypeName.FLOAT)
                  && (out == SqlTypeName.DOUBLE || out == SqlTypeName.FLOAT);
          return ok ? new WindowProgram.Call(c.getOperator().getKind() == org.apache.calcite.sql
              .SqlKind.SUM ? WindowProgram.Function.SUM : WindowProgram.Function.SUM0, args, 0,
              -1, null, result) : null;
        }
        case MIN, MAX -> {
          return operands.size() == 1 && args.get(0) >= 0
              && orderable(inputTypes.get(args.get(0))) && sameClass(c, args.get(0))
              ? new WindowProgram.Call(WindowProgram.Function.valueOf(
                  c.getOperator().getKind().name()), args, 0, -1, null,
                  WindowProgram.Result.OBJECT) : null;
        }
        default -> {
          return null;
        }
      }
    }

    /** LAG or LEAD: a field, an optional constant offset (1), an optional default. */
    private WindowProgram.Call shift(RexWinAggCall c, List<Integer> args) {
      List<RexNode> operands = c.getOperands();
      if (operands.isEmpty() || operands.size() > 3 || args.get(0) < 0
          || !sameClass(c, args.get(0))) {
        return null;
      }
      long offset = 1;
      if (operands.size() >= 2) {
        RexLiteral l = constant(operands.get(1));
        Long n = l == null ? null : l.getValueAs(Long.class);
        if (n == null) {
          return null;
        }
        offset = n;
      }
      int defaultField = -1;
      Object defaultValue = null;
      if (operands.size() == 3) {
        defaultField = args.get(2);
        if (defaultField >= 0) {
          if (!sameClass(c, defaultField)) {
            return null;
          }
        } else {
          RexLiteral l = constant(operands.get(2));
          if (l == null) {
            return null;
          }
          if (l.getValue() != null) {
            Type javaType = types.getJavaClass(c.getType());
            if (!(javaType instanceof Class<?> cls) || c.getType() instanceof JavaType) {
              return null;
            }
            defaultValue = l.getValueAs(Primitive.box(cls));
            if (defaultValue == null) {
              return null;
            }
          }
        }
      }
      return new WindowProgram.Call(c.getOperator().getKind() == org.apache.calcite.sql.SqlKind
          .LAG ? WindowProgram.Function.LAG : WindowProgram.Function.LEAD, args.subList(0, 1),
          offset, defaultField, defaultValue, WindowProgram.Result.OBJECT);
    }

    /** Whether the call's values are the Java class of input field {@code field}'s values. */
    private boolean sameClass(RexWinAggCall c, int field) {
      RelDataType in = inputTypes.get(field);
      if (in instanceof JavaType || c.getType() instanceof JavaType) {
        return in instanceof JavaType a && c.getType() instanceof JavaType b
            && a.getJavaClass() == b.getJavaClass();
      }
      Type a = types.getJavaClass(in);
      Type b = types.getJavaClass(c.getType());
      return a instanceof Class<?> x && b instanceof Class<?> y
          && Primitive.box(x) == Primitive.box(y);
    }

    /** How a numeric result of SQL type {@code t} is boxed, or null. */
    private static WindowProgram.Result result(RelDataType t) {
      return switch (t.getSqlTypeName()) {
        case BIGINT -> WindowProgram.Result.LONG;
        case INTEGER -> WindowProgram.Result.INT;
        case SMALLINT -> WindowProgram.Result.SHORT;
        case TINYINT -> WindowProgram.Result.BYTE;
        case DOUBLE, FLOAT -> WindowProgram.Result.DOUBLE;
        case REAL -> WindowProgram.Result.FLOAT;
        default -> null;
      };
    }
  }

  /**
   * Whether values of {@code t} can be keys that the runtime ({@code WindowKeys}) equates and
   * orders as Calcite does: numbers, strings, booleans, dates, times, timestamps, kdb+ temporals.
   */
  public static boolean orderable(RelDataType t) {
    if (t instanceof KdbTemporalType) {
      return true;
    }
    if (t instanceof JavaType java) {
      return Timestamp.class.isAssignableFrom(java.getJavaClass());
    }
    SqlTypeName n = t.getSqlTypeName();
    return SqlTypeName.NUMERIC_TYPES.contains(n) || SqlTypeName.CHAR_TYPES.contains(n)
        || n == SqlTypeName.BOOLEAN || n == SqlTypeName.DATE || n == SqlTypeName.TIME
        || n == SqlTypeName.TIMESTAMP;
  }

  @Override
  public KdbWindow copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new KdbWindow(getCluster(), traitSet, sole(inputs), constants, getRowType(), groups,
        program);
  }

  @Override
  public Window copy(List<RexLiteral> constants) {
    return new KdbWindow(getCluster(), getTraitSet(), getInput(), constants, getRowType(),
        groups, program);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Half of EnumerableWindow's estimate, so that the planner prefers this operator.
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.5);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return ArrayRowsCall.implement(implementor, this, WindowRuntime.WINDOW, program,
        WindowProgram.class);
  }
}
