package dev.kdbsql.calcite.window;

import java.lang.reflect.Method;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;

/**
 * The code an operator of ours over one Enumerable input generates (the window operator, and the
 * sort, which shares its key encoding): its input's rows as {@code Object[]} arrays, handed with
 * the operator's program (stashed, not generated) to a static runtime method that returns the
 * output rows as arrays. The generated code is that one call.
 */
public final class ArrayRowsCall {
  private ArrayRowsCall() {}

  /**
   * Implements {@code rel} as {@code runtime(inputArrays, program)}; {@code runtime} takes an
   * {@code Enumerable<Object[]>} and a {@code programClass}, and returns an
   * {@code Enumerable<Object[]>} of {@code rel}'s row type (handed on as scalar rows when that
   * has one column).
   */
  public static <T> EnumerableRel.Result implement(EnumerableRelImplementor implementor,
      EnumerableRel rel, Method runtime, T program, Class<T> programClass) {
    BlockBuilder builder = new BlockBuilder();
    EnumerableRel.Result in = implementor.visitChild(rel, 0, (EnumerableRel) rel.getInput(0),
        EnumerableRel.Prefer.ARRAY);
    Expression rows = builder.append("rows", in.block);
    Expression arrays = builder.append("arrays",
        in.physType.convertTo(rows, JavaRowFormat.ARRAY));
    PhysType outArrays = PhysTypeImpl.of(implementor.getTypeFactory(), rel.getRowType(),
        JavaRowFormat.ARRAY, false);
    // One column is a scalar row, as Calcite's own operators give it: at the root, Calcite
    // rebuilds and re-optimizes the block of an array row of one column, and that pass dropped
    // an input aggregate's adders (its COUNT stayed 0).
    PhysType out = PhysTypeImpl.of(implementor.getTypeFactory(), rel.getRowType(),
        JavaRowFormat.ARRAY);
    Expression call = Expressions.call(runtime, arrays,
        implementor.stash(program, programClass));
    return implementor.result(out,
        builder.append(outArrays.convertTo(call, out.getFormat())).toBlock());
  }
}
