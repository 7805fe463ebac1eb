package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.Condition;
import dev.kdbsql.calcite.spec.Predicate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.WeakHashMap;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLambda;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A filter condition that reads one symbol or string column and nothing else, and that no leaf
 * of the scan's predicates expresses ({@code UPPER(sym) = 'AA'}, {@code LOWER(sym) LIKE 'a%'},
 * {@code SUBSTRING(sym FROM 1 FOR 1) = 'A'}, {@code CHAR_LENGTH(sym) = 2}), as the test of one
 * value ({@link Predicate.Text}): Calcite's own code for the condition, as its constant reducer
 * generates it ({@link RexExecutorImpl#getExecutable}, compiled once, on first use), applied to
 * the value a row of Calcite's would hold (the String, or null for the empty symbol and the
 * null string). The scan then decides the condition once per symbol of a domain, where Calcite
 * would decide it once per row.
 *
 * <p>Taken only for deterministic conditions without parameters, subqueries, correlation or
 * window calls, whose value is a BOOLEAN: the same code on the same value gives Calcite's answer.
 * And only for conditions that cannot fail on a value: the scan decides every symbol of a domain,
 * which other tables share, where Calcite decides the values of the rows it reads; so no
 * conversion of text to another type ({@code CAST(sym AS INTEGER)}, {@code TO_DATE}) and no
 * division but by a literal other than zero. In a CASE ({@link Condition.Text}) it gives the
 * condition's truth, UNKNOWN included. Thread-safe: the compiled function keeps no state of its
 * own.
 */
final class ColumnTextTest implements Predicate.TextTest, Condition.Truth {
  /** The condition over one input, {@code $0}. */
  private final RexNode condition;
  /** The row type of that one input. */
  private final RelDataType rowType;
  private final RexBuilder rexBuilder;
  private volatile Function1<DataContext, @Nullable Object @Nullable []> function;
  /** The truths known per symbol domain ({@link Condition.Truth#known}), held while it is. */
  private final Map<Object, byte[]> known = new WeakHashMap<>();

  private ColumnTextTest(RexNode condition, RelDataType rowType, RexBuilder rexBuilder) {
    this.condition = condition;
    this.rowType = rowType;
    this.rexBuilder = rexBuilder;
  }

  /**
   * The only input field {@code node} reads, or -1 when it reads none or several, or is not a
   * condition whose value Calcite's code computes the same way for every row (a parameter, a
   * subquery, a correlated or window expression, a function that is not deterministic or that
   * reads the statement's context, such as {@code CURRENT_DATE}).
   */
  static int onlyInput(RexNode node) {
    if (node.getType().getSqlTypeName() != SqlTypeName.BOOLEAN || !RexUtil.isDeterministic(node)
        || RexUtil.containsCorrelation(node) || RexUtil.containsFieldAccess(node)) {
      return -1;
    }
    int[] input = {-2};
    boolean[] plain = {true};
    // Anything but input references, literals and calls that cannot fail (parameters,
    // subqueries, windows, lambdas) makes it more than a function of the one value.
    node.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitInputRef(RexInputRef ref) {
        input[0] = input[0] == -2 || input[0] == ref.getIndex() ? ref.getIndex() : -1;
        return null;
      }

      @Override
      public Void visitCall(RexCall call) {
        if (call.getOperator().isDynamicFunction() || mayFail(call)) {
          plain[0] = false;
        }
        return super.visitCall(call);
      }

      @Override
      public Void visitDynamicParam(RexDynamicParam param) {
        plain[0] = false;
        return null;
      }

      @Override
      public Void visitSubQuery(RexSubQuery subQuery) {
        plain[0] = false;
        return null;
      }

      @Override
      public Void visitOver(RexOver over) {
        plain[0] = false;
        return null;
      }

      @Override
      public Void visitLambda(RexLambda lambda) {
        plain[0] = false;
        return null;
      }
    });
    return plain[0] && input[0] >= 0 ? input[0] : -1;
  }

  /**
   * Whether {@code call} may fail for some values: a conversion of text to another type (a
   * CAST, a function named {@code TO_...} or {@code PARSE_...}), a division or remainder by
   * anything but a literal other than zero.
   */
  private static boolean mayFail(RexCall call) {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    return switch (call.getKind()) {
      case CAST -> SqlTypeUtil.inCharFamily(call.getOperands().get(0).getType())
          && !SqlTypeUtil.inCharFamily(call.getType());
      case DIVIDE, MOD -> !(call.getOperands().get(1) instanceof RexLiteral l)
          || l.getValue() == null || l.getValueAs(BigDecimal.class).signum() == 0;
      default -> name.startsWith("TO_") || name.startsWith("PARSE_")
          || name.equals("DIVIDE_INTEGER");
    };
  }

  /** The test of {@code node}, a condition of one input field alone ({@link #onlyInput}). */
  static ColumnTextTest of(RexNode node, RexBuilder rexBuilder) {
    RelDataType[] type = new RelDataType[1];
    RexNode one = node.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        type[0] = ref.getType();
        return new RexInputRef(0, ref.getType());
      }
    });
    RelDataType rowType = rexBuilder.getTypeFactory().builder().add("v", type[0]).build();
    return new ColumnTextTest(one, rowType, rexBuilder);
  }

  /** What the condition is, over its one input {@code $0}: EXPLAIN shows it. */
  String text() {
    return condition.toString();
  }

  @Override
  public boolean test(String value) {
    return Boolean.TRUE.equals(of(value));
  }

  @Override
  public @Nullable Boolean of(String value) {
    @Nullable Object[] result;
    try {
      result = function().apply(new OneRow(value));
    } catch (RuntimeException e) {
      throw new IllegalStateException("the condition " + condition + " failed for the value "
          + (value == null ? "NULL" : "'" + value + "'") + ": " + e.getMessage(), e);
    }
    return result == null ? null : (Boolean) result[0];
  }

  @Override
  public byte[] known(Object domain, int size) {
    synchronized (known) {
      return known.computeIfAbsent(domain, d -> new byte[size]);
    }
  }

  private Function1<DataContext, @Nullable Object @Nullable []> function() {
    Function1<DataContext, @Nullable Object @Nullable []> f = function;
    if (f == null) {
      synchronized (this) {
        f = function;
        if (f == null) {
          f = RexExecutorImpl.getExecutable(rexBuilder, List.of(condition), rowType)
              .getFunction();
          function = f;
        }
      }
    }
    return f;
  }

  /**
   * The context the generated code reads its input from ({@code inputRecord}, a row of the one
   * value) and, for functions that need them, the JVM's time zone and the root locale, as a
   * connection's context has them by default.
   */
  private record OneRow(String value) implements DataContext {
    @Override
    public @Nullable SchemaPlus getRootSchema() {
      return null;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      throw new UnsupportedOperationException("a condition of one value has no type factory");
    }

    @Override
    public QueryProvider getQueryProvider() {
      throw new UnsupportedOperationException("a condition of one value has no queries");
    }

    @Override
    public @Nullable Object get(String name) {
      if (name.equals("inputRecord")) {
        return new Object[] {value};
      }
      if (name.equals(Variable.TIME_ZONE.camelName)) {
        return TimeZone.getDefault();
      }
      if (name.equals(Variable.LOCALE.camelName)) {
        return Locale.ROOT;
      }
      return null;
    }
  }
}
