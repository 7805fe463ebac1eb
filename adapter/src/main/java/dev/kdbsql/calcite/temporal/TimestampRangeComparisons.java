package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.rex.PlanRexShuttle;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttle;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Decides, while planning, the comparisons of a kdb+ timestamp with a constant beyond kdb+'s
 * range (before 1707-09-22 or after 2292-04-10), which no kdb+ timestamp can be converted to:
 * {@code ts < TIMESTAMP '9999-12-31 00:00:00'} or {@code ts >= DATE '0001-01-01'}, the open ends
 * BI tools give a range, hold for every non-null {@code ts}, and {@code ts = DATE '2300-01-01'}
 * for none. The comparison becomes {@code ts IS NOT NULL OR UNKNOWN} or
 * {@code ts IS NULL AND UNKNOWN}, which keep SQL's null rule (a null {@code ts} compares to
 * UNKNOWN) and which the planner simplifies to {@code ts IS NOT NULL} or FALSE in a filter.
 *
 * <p>The constant is a TIMESTAMP or DATE literal or text, possibly under casts, as the validator
 * leaves it; constant expressions are computed at run time, where a value beyond the range fails
 * with an error naming it.
 */
public final class TimestampRangeComparisons {
  private TimestampRangeComparisons() {
  }

  /** {@code rel} with its comparisons of kdb+ timestamps with out-of-range constants decided. */
  public static RelNode rewrite(RelNode rel) {
    return PlanRexShuttle.rewrite(rel, Rexes::new);
  }

  /** Decides the comparisons of one expression. */
  private static final class Rexes extends PlanRexShuttle {
    Rexes(RexBuilder rex, RelShuttle rels) {
      super(rex, rels);
    }

    @Override
    public RexNode visitCall(RexCall call) {
      RexCall visited = (RexCall) super.visitCall(call);
      if (visited != call && visited.isA(List.of(SqlKind.AND, SqlKind.OR))) {
        // A decided operand may be an AND or OR itself; conditions are kept flat.
        return RexUtil.flatten(rex, visited);
      }
      if (!visited.isA(SqlKind.BINARY_COMPARISON)
          && !visited.isA(List.of(SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM))) {
        return visited;
      }
      RexNode left = visited.getOperands().get(0);
      RexNode right = visited.getOperands().get(1);
      SqlKind kind = visited.getKind();
      int side = beyond(right);
      RexNode ts = left;
      if (side == 0 || !timestamp(left)) {
        side = beyond(left);
        ts = right;
        kind = kind.reverse();
        if (side == 0 || !timestamp(right)) {
          return visited;
        }
      }
      if (kind == SqlKind.IS_DISTINCT_FROM || kind == SqlKind.IS_NOT_DISTINCT_FROM) {
        // No value, null or not, is the constant.
        return rex.makeLiteral(kind == SqlKind.IS_DISTINCT_FROM);
      }
      return decided(ts, holds(kind, side));
    }

    /** Whether {@code ts op c} holds for a constant beyond the range on {@code side}. */
    private static boolean holds(SqlKind op, int side) {
      return switch (op) {
        case NOT_EQUALS -> true;
        case LESS_THAN, LESS_THAN_OR_EQUAL -> side > 0;
        case GREATER_THAN, GREATER_THAN_OR_EQUAL -> side < 0;
        default -> false;
      };
    }

    /** {@code holds} for a non-null {@code ts}, UNKNOWN for a null one. */
    private RexNode decided(RexNode ts, boolean holds) {
      if (!ts.getType().isNullable()) {
        return rex.makeLiteral(holds);
      }
      RexNode unknown = rex.makeNullLiteral(rex.getTypeFactory().createSqlType(
          SqlTypeName.BOOLEAN));
      return holds
          ? rex.makeCall(SqlStdOperatorTable.OR,
              rex.makeCall(SqlStdOperatorTable.IS_NOT_NULL, ts), unknown)
          : rex.makeCall(SqlStdOperatorTable.AND,
              rex.makeCall(SqlStdOperatorTable.IS_NULL, ts), unknown);
    }

    private static boolean timestamp(RexNode e) {
      return e.getType() instanceof KdbTemporalType k && k.isTimestamp();
    }

    /**
     * 1 if {@code e} is a constant after kdb+'s last timestamp, -1 if before its first (the
     * instant of the null sentinel included), else 0 (in range, or not a constant read here).
     */
    private static int beyond(RexNode e) {
      LocalDateTime wall = wallClock(e);
      if (wall == null) {
        return 0;
      }
      try {
        return Temporals.timestampValue(wall) == Nulls.LONG_NULL ? -1 : 0;
      } catch (ArithmeticException outside) {
        return wall.getYear() >= 2000 ? 1 : -1;
      }
    }

    /** The wall clock of a TIMESTAMP, DATE or text constant under casts to temporals or text. */
    private static LocalDateTime wallClock(RexNode e) {
      RexNode x = e;
      while (x.getKind() == SqlKind.CAST) {
        RelDataType t = x.getType();
        if (!SqlTypeUtil.isDatetime(t) && !SqlTypeUtil.isCharacter(t)) {
          return null;
        }
        x = ((RexCall) x).getOperands().get(0);
      }
      if (!(x instanceof RexLiteral literal) || literal.isNull()) {
        return null;
      }
      try {
        return switch (literal.getTypeName()) {
          case TIMESTAMP -> {
            TimestampString s = literal.getValueAs(TimestampString.class);
            yield TemporalFunctions.wallClock(s.toString());
          }
          case DATE -> {
            DateString d = literal.getValueAs(DateString.class);
            yield LocalDate.ofEpochDay(d.getDaysSinceEpoch()).atStartOfDay();
          }
          case CHAR, VARCHAR -> TemporalFunctions.wallClock(literal.getValueAs(String.class));
          default -> null;
        };
      } catch (DateTimeParseException | ArithmeticException notAValue) {
        return null;
      }
    }
  }
}
