package dev.kdbsql.calcite.temporal;

import com.google.common.collect.ImmutableList;
import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableValues;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * The last step of planning for exact kdb+ temporals ({@link KdbTemporalType}): it rewrites the
 * expressions of the physical plan where Calcite's code generator would otherwise meet a
 * {@link KdbTimestamp} or {@link KdbTimespan} it cannot handle, keeping nanoseconds wherever the
 * result can hold them.
 *
 * <p>The code generator sees these types as opaque objects ({@link KdbTemporalType#opaque}), so
 * comparisons ({@code = <> < <= > >=}, through {@code compareTo}), IS [NOT] NULL, CASE, sorting,
 * grouping, joins, MIN/MAX and window functions work on the objects as they are, exactly. What
 * this rewrite handles:
 * <ul>
 *   <li>literals of these types (a TIMESTAMP or TIME literal compared with a kdb+ column takes
 *       the column's type): built once from their full text;
 *   <li>{@code CAST} of a Calcite TIMESTAMP, TIME, DATE or text to these types: exact
 *       conversions; {@code CAST} of them to text: all nine digits; to Calcite's TIMESTAMP, TIME
 *       or DATE: floored to the millisecond (Calcite's types hold no more), then Calcite's cast;
 *   <li>{@code +} and {@code -} of an interval: exact (an interval holds whole milliseconds or
 *       months); the difference of two values: the exact difference truncated to the
 *       millisecond, so TIMESTAMPDIFF counts whole units exactly;
 *   <li>{@code EXTRACT} of MICROSECOND and NANOSECOND: exact; of the other units: from the
 *       value floored to the millisecond, which leaves them exact;
 *   <li>{@code FLOOR}/{@code CEIL} to a unit: Calcite's, on the value floored (ceiled) to the
 *       millisecond, which is exact for every unit of a millisecond or more;
 *   <li>a dynamic parameter: read as whatever was bound, the exact value the driver binds, text,
 *       or Calcite's TIMESTAMP/TIME value ({@link TemporalFunctions#timestampOfParameter});
 *   <li>any other function: given Calcite's values (floored to the millisecond), its result, if
 *       of these types, converted back exactly. Functions declared with these types (the
 *       adapter's {@code xbar} overloads) get the objects.
 * </ul>
 * Expressions of the kdb+ scan and of the adapter's own operators are not touched: they handle
 * these types themselves.
 */
public final class ExactTemporals {
  private ExactTemporals() {
  }

  /** The program step: the plan, rewritten. */
  public static final Program PROGRAM =
      (planner, rel, traits, materializations, lattices) -> rewrite(rel);

  /**
   * The program step to run first: the planner's constant folding made exact for these types
   * ({@link KdbRexExecutor}); the plan unchanged.
   */
  public static final Program FOLDING = (planner, rel, traits, materializations, lattices) -> {
    if (planner.getExecutor() != null && !(planner.getExecutor() instanceof KdbRexExecutor)) {
      planner.setExecutor(new KdbRexExecutor(planner.getExecutor()));
    }
    return rel;
  };

  /** {@code rel} and its inputs, their expressions rewritten. */
  public static RelNode rewrite(RelNode rel) {
    List<RelNode> inputs = rel.getInputs();
    List<RelNode> rewritten = new ArrayList<>(inputs.size());
    boolean changed = false;
    for (RelNode input : inputs) {
      RelNode r = rewrite(input);
      changed |= r != input;
      rewritten.add(r);
    }
    RelNode node = changed ? rel.copy(rel.getTraitSet(), rewritten) : rel;
    if (skipped(node)) {
      return node;
    }
    ExactTemporalRewriter rewriter =
        new ExactTemporalRewriter(node.getCluster().getRexBuilder());
    if (node instanceof SetOp setOp && hasKdbType(setOp.getRowType())) {
      // Calcite lets an input of a UNION, INTERSECT or EXCEPT have its own TIMESTAMP or TIME
      // where the result has a kdb+ type: such an input gets converted exactly.
      List<RelNode> adapted = new ArrayList<>();
      boolean any = false;
      for (RelNode input : setOp.getInputs()) {
        RelNode a = adapt(input, setOp.getRowType(), rewriter);
        any |= a != input;
        adapted.add(a);
      }
      return any ? setOp.copy(setOp.getTraitSet(), adapted) : setOp;
    }
    if (node instanceof Calc calc) {
      return rewriteCalc(calc, rewriter);
    }
    if (node instanceof Window window) {
      checkRanges(window);
    }
    if (node instanceof Values values && hasKdbType(values.getRowType())
        && !values.getTuples().isEmpty()) {
      return rewriteValues(values, values.getRowType(), rewriter);
    }
    return node.accept(rewriter);
  }

  /**
   * Refuses, with a message saying why and what works, a window frame whose RANGE bound is an
   * offset from a kdb+ timestamp or timespan: Calcite computes the bound by arithmetic on the
   * key's millisecond value, which these keys do not have.
   */
  private static void checkRanges(Window window) {
    List<RelDataTypeField> fields = window.getInput().getRowType().getFieldList();
    for (Window.Group g : window.groups) {
      boolean offset = g.lowerBound.getOffset() != null || g.upperBound.getOffset() != null;
      if (g.isRows || !offset) {
        continue;
      }
      for (RelFieldCollation fc : g.orderKeys.getFieldCollations()) {
        if (fields.get(fc.getFieldIndex()).getType() instanceof KdbTemporalType) {
          throw new UnsupportedOperationException("a RANGE window frame with an offset over "
              + "a kdb+ timestamp or timespan (" + fields.get(fc.getFieldIndex()).getName()
              + ") is not supported: use a ROWS frame, or order by CAST(... AS TIMESTAMP(3)) "
              + "or CAST(... AS TIME(3)) for a frame to the millisecond");
        }
      }
    }
  }

  /** Whether {@code rel} is one of the adapter's operators, which read these types themselves. */
  private static boolean skipped(RelNode rel) {
    return rel.getClass().getName().startsWith("dev.kdbsql.");
  }

  private static boolean hasKdbType(RelDataType rowType) {
    return rowType.getFieldList().stream().anyMatch(f -> f.getType() instanceof KdbTemporalType);
  }

  private static RelNode rewriteCalc(Calc calc, ExactTemporalRewriter rewriter) {
    RexProgram program = calc.getProgram();
    List<RexNode> projects = new ArrayList<>();
    boolean changed = false;
    for (RexNode p : program.getProjectList()) {
      RexNode e = program.expandLocalRef((org.apache.calcite.rex.RexLocalRef) p);
      RexNode r = e.accept(rewriter);
      changed |= r != e;
      projects.add(r);
    }
    RexNode condition = null;
    if (program.getCondition() != null) {
      RexNode e = program.expandLocalRef(program.getCondition());
      condition = e.accept(rewriter);
      changed |= condition != e;
    }
    if (!changed) {
      return calc;
    }
    RexProgram rewritten = RexProgram.create(program.getInputRowType(), projects, condition,
        program.getOutputRowType(), rewriter.rexBuilder());
    return calc.copy(calc.getTraitSet(), calc.getInput(), rewritten);
  }

  /**
   * {@code input} with each field that is Calcite's own where {@code rowType} has a kdb+ type
   * converted exactly (literal rows from their text).
   */
  private static RelNode adapt(RelNode input, RelDataType rowType,
      ExactTemporalRewriter rewriter) {
    List<RelDataTypeField> in = input.getRowType().getFieldList();
    List<RelDataTypeField> out = rowType.getFieldList();
    boolean mismatch = false;
    for (int i = 0; i < in.size(); i++) {
      mismatch |= out.get(i).getType() instanceof KdbTemporalType
          && !(in.get(i).getType() instanceof KdbTemporalType);
    }
    if (!mismatch) {
      return input;
    }
    RexBuilder rexBuilder = rewriter.rexBuilder();
    RelDataTypeFactory f = rexBuilder.getTypeFactory();
    List<RelDataType> types = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      RelDataType t = in.get(i).getType();
      types.add(out.get(i).getType() instanceof KdbTemporalType k
          && !(t instanceof KdbTemporalType)
          ? f.createTypeWithNullability(k, t.isNullable()) : t);
    }
    RelDataType target = f.createStructType(types, input.getRowType().getFieldNames());
    if (input instanceof Values values) {
      return rewriteValues(values, target, rewriter);
    }
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      RexNode ref = rexBuilder.makeInputRef(input, i);
      projects.add(types.get(i) != in.get(i).getType() ? rewriter.lift(ref, types.get(i)) : ref);
    }
    return EnumerableCalc.create(input, RexProgram.create(input.getRowType(), projects, null,
        target, rexBuilder));
  }

  /**
   * Literal rows with values of kdb+ types, which Calcite's code would make milliseconds of:
   * those columns as text, then converted exactly ({@link ExactTemporalRewriter#lift}) by a
   * Calc above.
   */
  private static RelNode rewriteValues(Values values, RelDataType rowType,
      ExactTemporalRewriter rewriter) {
    RexBuilder rexBuilder = rewriter.rexBuilder();
    RelDataTypeFactory f = rexBuilder.getTypeFactory();
    List<RelDataTypeField> fields = rowType.getFieldList();
    List<RelDataType> types = new ArrayList<>();
    for (RelDataTypeField field : fields) {
      RelDataType t = field.getType();
      types.add(t instanceof KdbTemporalType ? f.createTypeWithNullability(
          f.createSqlType(SqlTypeName.VARCHAR), t.isNullable()) : t);
    }
    RelDataType textRow = f.createStructType(types, rowType.getFieldNames());
    ImmutableList.Builder<ImmutableList<RexLiteral>> tuples = ImmutableList.builder();
    for (List<RexLiteral> tuple : values.getTuples()) {
      ImmutableList.Builder<RexLiteral> row = ImmutableList.builder();
      for (int i = 0; i < tuple.size(); i++) {
        RexLiteral v = tuple.get(i);
        if (!(fields.get(i).getType() instanceof KdbTemporalType)) {
          row.add(v);
        } else if (v.isNull()) {
          row.add((RexLiteral) rexBuilder.makeNullLiteral(types.get(i)));
        } else {
          row.add((RexLiteral) rexBuilder.makeLiteral(literalText(v), types.get(i), false));
        }
      }
      tuples.add(row.build());
    }
    RelNode text = EnumerableValues.create(values.getCluster(), textRow, tuples.build());
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      RexNode ref = rexBuilder.makeInputRef(text, i);
      RelDataType t = fields.get(i).getType();
      projects.add(t instanceof KdbTemporalType
          ? rexBuilder.makeCall(t, ((KdbTemporalType) t).isTimestamp()
              ? ExactTemporalRewriter.TIMESTAMP : ExactTemporalRewriter.TIMESPAN, List.of(ref))
          : ref);
    }
    return EnumerableCalc.create(text, RexProgram.create(textRow, projects, null, rowType,
        rexBuilder));
  }

  /** The SQL text of a temporal literal, all its digits kept. */
  private static String literalText(RexLiteral v) {
    return String.valueOf(switch (v.getType().getSqlTypeName()) {
      case DATE -> v.getValueAs(DateString.class);
      case TIME -> v.getValueAs(TimeString.class);
      default -> v.getValueAs(TimestampString.class);
    });
  }
}
