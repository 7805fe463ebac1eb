package dev.kdbsql.calcite.temporal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * The planner's constant folding with the exact kdb+ types: a cast of text to such a type, or to
 * a TIMESTAMP or TIME of more than three fractional digits ({@code ts > '2024-01-02
 * 09:30:00.000000001'}, which the validator casts), folds into a literal with all its digits,
 * where Calcite's executor would compute milliseconds (and round them); any other constant
 * expression involving these types is left as it is, to be computed exactly at run time
 * ({@link ExactTemporals}); the rest goes to Calcite's executor, with the casts of its own
 * TIMESTAMP(p) and TIME(p) to text given their digits as {@link ExactTemporalRewriter} gives
 * them at run time.
 */
public final class KdbRexExecutor implements RexExecutor {
  private final RexExecutor calcite;

  /** Wraps Calcite's executor {@code calcite}. */
  public KdbRexExecutor(RexExecutor calcite) {
    this.calcite = calcite;
  }

  @Override
  public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
    List<RexNode> others = new ArrayList<>();
    ExactTemporalRewriter text = null;
    for (RexNode e : constExps) {
      if (!exact(e)) {
        // Calcite's TIMESTAMP(p) and TIME(p) cast to text with their digits, as at run time.
        text = text != null ? text : new ExactTemporalRewriter(rexBuilder);
        others.add(e.accept(text));
      }
    }
    List<RexNode> reducedOthers = new ArrayList<>();
    if (!others.isEmpty()) {
      calcite.reduce(rexBuilder, others, reducedOthers);
    }
    int next = 0;
    for (RexNode e : constExps) {
      reducedValues.add(exact(e) ? fold(rexBuilder, e) : reducedOthers.get(next++));
    }
  }

  /**
   * Whether {@code e} or a part of it is of a kdb+ type, or {@code e} casts text to a TIMESTAMP
   * or TIME finer than Calcite's milliseconds.
   */
  private static boolean exact(RexNode e) {
    return e.getType() instanceof KdbTemporalType || fine(e)
        || e instanceof RexCall c && c.getOperands().stream().anyMatch(KdbRexExecutor::exact);
  }

  /** Whether {@code e} is a cast to Calcite's TIMESTAMP(p) or TIME(p), p above 3. */
  private static boolean fine(RexNode e) {
    SqlTypeName t = e.getType().getSqlTypeName();
    return e.getKind() == SqlKind.CAST && (t == SqlTypeName.TIMESTAMP || t == SqlTypeName.TIME)
        && e.getType().getPrecision() > 3;
  }

  /**
   * {@code e} folded exactly if it is a cast of a text literal to a kdb+ type, or to a TIMESTAMP
   * or TIME of more than three digits (Calcite's literal keeps them), else itself.
   */
  private static RexNode fold(RexBuilder rexBuilder, RexNode e) {
    if (e.getKind() != SqlKind.CAST || !(e.getType() instanceof KdbTemporalType || fine(e))) {
      return e;
    }
    boolean timestamp = e.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP;
    int digits = Math.min(e.getType().getPrecision(), KdbTemporalType.PRECISION);
    RexNode operand = ((RexCall) e).getOperands().get(0);
    while (operand.getKind() == SqlKind.CAST && SqlTypeUtil.isCharacter(operand.getType())) {
      operand = ((RexCall) operand).getOperands().get(0);
    }
    if (!(operand instanceof RexLiteral literal) || !SqlTypeUtil.isCharacter(literal.getType())
        || literal.isNull()) {
      return e;
    }
    String text = literal.getValueAs(String.class);
    try {
      Comparable<?> value = timestamp
          ? new TimestampString(TemporalFunctions.timestamp(text).toString()).round(digits)
          : new TimeString(TemporalFunctions.timespan(text).toString()).round(digits);
      return rexBuilder.makeLiteral(value, e.getType(), false);
    } catch (RuntimeException invalid) {
      // Not a valid value: left for run time, which reports it.
      return e;
    }
  }
}
