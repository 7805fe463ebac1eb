package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.ScanSpec;
import java.lang.reflect.Type;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Typed;
import org.apache.calcite.sql.SqlKind;

/**
 * The executable form of a plan the kdb+ scan answers whole ({@code KdbToEnumerableConverter}
 * directly over a {@code KdbTableScan}: rows, aggregates, top-N, limits), made without
 * generating or compiling code. It calls {@link KdbCalciteTable#query} as the generated code
 * would, and hands on its rows unchanged, or with columns picked when all that is left above the
 * scan only reorders, repeats or drops its columns ({@code SELECT n, sym} over an aggregate
 * computing {@code sym, n}; the statement's final projection), or, over an aggregating scan's
 * few rows, computes plain expressions of them ({@link CalcRows}: {@code AVG}'s division).
 * Janino's compilation is most of a new statement's cost, and in a fresh JVM its classes are most
 * of the first statement's.
 *
 * <p>Rows are Enumerable's: an {@code Object[]} per row, or the value itself when the statement
 * has one column; the values are the engine's, as the generated code passes them through.
 */
final class DirectScan implements Bindable<Object>, Typed {
  private final KdbCalciteTable table;
  private final ScanSpec spec;
  /** The projections computed over an aggregating scan's rows, or null. */
  private final CalcRows calc;
  /** The number of columns {@link #calc} makes. */
  private final int calcWidth;
  /**
   * For each output column, the column of the scan (or of {@link #calc}) it is; null when those
   * rows are the output.
   */
  private final int[] columns;

  private DirectScan(KdbCalciteTable table, ScanSpec spec, CalcRows calc, int calcWidth,
      int[] columns) {
    this.table = table;
    this.spec = spec;
    this.calc = calc;
    this.calcWidth = calcWidth;
    this.columns = columns;
  }

  /**
   * The direct form of {@code root}'s optimized plan, or null when the plan is more than a kdb+
   * scan (an Enumerable operator above it, a join, a DML statement), which needs generated code,
   * or when the table's options ask for generated code ({@code directScan=false}).
   */
  static DirectScan of(RelRoot root) {
    if (root.kind.belongsTo(SqlKind.DML)) {
      return null;
    }
    RelNode top = root.rel;
    // Column picks above the scan: Calcite's Calc of input references only (a projection that
    // reorders or repeats an aggregate's columns), then the statement's final projection.
    int[] picks = null;
    // Or, over an aggregating scan's few rows, a Calc of plain expressions (AVG's division).
    CalcRows computed = null;
    int computedWidth = 0;
    if (top instanceof EnumerableCalc calc) {
      picks = references(calc.getProgram(), calc.getRowType());
      if (picks == null) {
        computed = CalcRows.of(calc.getProgram());
        computedWidth = calc.getRowType().getFieldCount();
        if (computed == null) {
          return null;
        }
      }
      top = calc.getInput();
    }
    if (!(top instanceof KdbToEnumerableConverter converter)
        || !(converter.getInput() instanceof KdbTableScan scan)
        || !scan.kdbTable.directScan() || computed != null && !scan.spec.aggregated()) {
      return null;
    }
    if (!root.isRefTrivial()) {
      List<RelDataTypeField> fields = root.rel.getRowType().getFieldList();
      List<RelDataTypeField> validated = root.validatedRowType.getFieldList();
      List<Integer> picked = root.fields.leftList();
      int[] outer = new int[picked.size()];
      for (int i = 0; i < outer.length; i++) {
        outer[i] = picked.get(i);
        if (outer[i] < 0 || outer[i] >= fields.size()
            || !fields.get(outer[i]).getType().equals(validated.get(i).getType())) {
          return null;
        }
      }
      picks = picks == null ? outer : compose(picks, outer);
    }
    return new DirectScan(scan.kdbTable, scan.spec, computed, computedWidth, picks);
  }

  /**
   * For a program that only picks input columns, unchanged in type, the input column of each
   * output column; null for anything else (a condition, an expression, a cast).
   */
  private static int[] references(RexProgram program, RelDataType outputType) {
    if (program.getCondition() != null) {
      return null;
    }
    List<RelDataTypeField> inputs = program.getInputRowType().getFieldList();
    List<RexLocalRef> projects = program.getProjectList();
    int[] out = new int[projects.size()];
    for (int i = 0; i < out.length; i++) {
      int index = projects.get(i).getIndex();
      if (index >= inputs.size() || !inputs.get(index).getType()
          .equals(outputType.getFieldList().get(i).getType())) {
        return null;
      }
      out[i] = index;
    }
    return out;
  }

  private static int[] compose(int[] inner, int[] outer) {
    int[] out = new int[outer.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = inner[outer[i]];
    }
    return out;
  }

  /** The number of columns of the statement's rows. */
  private int width() {
    return columns != null ? columns.length : calc != null ? calcWidth : spec.width();
  }

  @Override
  public Enumerable<Object> bind(DataContext dataContext) {
    Enumerable<Object> rows = table.query(dataContext, spec);
    if (calc != null) {
      boolean scalar = spec.width() == 1;
      rows = rows.select(r -> calc.apply(scalar ? new Object[] {r} : (Object[]) r));
      if (columns == null) {
        return calcWidth == 1 ? rows.select(r -> ((Object[]) r)[0]) : rows;
      }
    }
    if (columns == null) {
      return rows;
    }
    // The rows picked from: one bare value each when the scan (not a calc) gives one column.
    boolean scalarIn = calc == null && spec.width() == 1;
    int[] pick = columns;
    if (pick.length == 1) {
      int c = pick[0];
      return scalarIn ? rows : rows.select(r -> ((Object[]) r)[c]);
    }
    return rows.select(r -> {
      Object[] out = new Object[pick.length];
      for (int i = 0; i < pick.length; i++) {
        out[i] = scalarIn ? r : ((Object[]) r)[pick[i]];
      }
      return out;
    });
  }

  /** {@code Object[]} for rows of several columns, {@code Object} for one column's bare values. */
  @Override
  public Type getElementType() {
    return width() == 1 ? Object.class : Object[].class;
  }

  @Override
  public String toString() {
    return "DirectScan(" + table + ", " + spec + ")";
  }
}
