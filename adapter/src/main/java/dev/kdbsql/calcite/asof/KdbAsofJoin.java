package dev.kdbsql.calcite.asof;

import dev.kdbsql.calcite.exec.AsofJoinRuntime;
import dev.kdbsql.calcite.exec.AsofMatch;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.function.Function2;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.AsofJoin;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactoryImpl.JavaType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * As-of join in the Enumerable convention that indexes the right input and binary-searches it for
 * each left row ({@link AsofJoinRuntime}), instead of Calcite's {@code EnumerableAsofJoin}, which
 * compares every left row with every right row of its key. The rows are Calcite's for the
 * spelling Calcite gets right ({@code right.t <= left.t}) over the right input reversed: ties go
 * to the last right row here (the engine's {@code AsofIndex}), to the first there. The direction
 * here comes from which input each operand of the match condition belongs to, so {@code left.t >=
 * right.t} means the same (docs/calcite-notes.md §4). Rows come out in the left input's order, so
 * the left input's collation is kept.
 *
 * <p>Built only by {@link #create}, which declines (returns null) whatever it cannot order
 * exactly; {@link KdbAsofJoinRule} lists what it takes and what it leaves to Calcite. Unlike
 * Calcite's operator, it compares kdb+ timestamps to the nanosecond and runs match conditions
 * with a cast.
 */
final class KdbAsofJoin extends AsofJoin implements EnumerableRel {
  private final AsofMatch match;
  private final int leftField;
  private final int rightField;

  private KdbAsofJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right,
      RexNode condition, RexNode matchCondition, Set<CorrelationId> variablesSet,
      JoinRelType joinType, AsofMatch match, int leftField, int rightField) {
    super(cluster, traits, List.of(), left, right, condition, matchCondition, variablesSet,
        joinType);
    this.match = match;
    this.leftField = leftField;
    this.rightField = rightField;
  }

  /**
   * An as-of join of Enumerable inputs {@code left} and {@code right}, or null if this operator
   * cannot order its match values exactly.
   */
  static KdbAsofJoin create(RelNode left, RelNode right, RexNode condition,
      RexNode matchCondition, Set<CorrelationId> variablesSet, JoinRelType joinType) {
    if (joinType != JoinRelType.ASOF && joinType != JoinRelType.LEFT_ASOF
        || !JoinInfo.of(left, right, condition).isEqui()
        || !(matchCondition instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    Side a = side(call.getOperands().get(0));
    Side b = side(call.getOperands().get(1));
    if (a == null || b == null) {
      return null;
    }
    int leftCount = left.getRowType().getFieldCount();
    boolean leftFirst = a.field() < leftCount;
    if (leftFirst == b.field() < leftCount) {
      return null;
    }
    Side l = leftFirst ? a : b;
    Side r = leftFirst ? b : a;
    SqlKind kind = leftFirst ? call.getKind().reverse() : call.getKind();
    boolean rightBelow;
    switch (kind) {
      case LESS_THAN, LESS_THAN_OR_EQUAL -> rightBelow = true;
      case GREATER_THAN, GREATER_THAN_OR_EQUAL -> rightBelow = false;
      default -> {
        return null;
      }
    }
    Family family = Family.of(l.type());
    if (family == null || family != Family.of(r.type())) {
      // A kdb+ timestamp or timespan against Calcite's own type: the latter in exact units.
      Side lifted = lift(l, r);
      if (lifted != null) {
        r = lifted;
      } else if ((lifted = lift(r, l)) != null) {
        l = lifted;
      } else {
        return null;
      }
    }
    boolean strict = kind == SqlKind.LESS_THAN || kind == SqlKind.GREATER_THAN;
    RelOptCluster cluster = left.getCluster();
    List<RelCollation> collations = cluster.getMetadataQuery().collations(left);
    RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replaceIfs(RelCollationTraitDef.INSTANCE,
            () -> collations == null ? List.of() : collations);
    return new KdbAsofJoin(cluster, traits, left, right, condition, matchCondition, variablesSet,
        joinType, new AsofMatch(l.encoding(), r.encoding(), rightBelow, strict), l.field(),
        r.field() - leftCount);
  }

  /**
   * One operand of the match condition: the input field it reads, the SQL type it compares (the
   * cast's, if any) and how that field's values become keys.
   */
  private record Side(int field, RelDataType type, AsofMatch.Encoding encoding) {
  }

  /**
   * {@code other} encoded in the unit of {@code exact}, a kdb+ timestamp or timespan: a column of
   * Calcite's TIMESTAMP, DATE or TIME, or a cast of a column to one of those, its value
   * converted exactly to the kdb+ unit; else null.
   */
  private static Side lift(Side exact, Side other) {
    Family e = Family.of(exact.type());
    Family o = Family.of(other.type());
    AsofMatch.Encoding from = other.encoding();
    AsofMatch.Encoding encoding = null;
    if (e == Family.KDB_TIMESTAMP && o == Family.TIMESTAMP) {
      encoding = switch (from) {
        case LONG -> AsofMatch.Encoding.MILLIS_AS_TIMESTAMP;
        case TIMESTAMP_MILLIS -> AsofMatch.Encoding.TIMESTAMP_FLOORED;
        case DATE_MILLIS -> AsofMatch.Encoding.DATE_AS_TIMESTAMP;
        default -> null;
      };
    } else if (e == Family.KDB_TIMESTAMP && o == Family.DATE && from == AsofMatch.Encoding.LONG) {
      encoding = AsofMatch.Encoding.DATE_AS_TIMESTAMP;
    } else if (e == Family.KDB_TIMESPAN && o == Family.TIME) {
      encoding = from == AsofMatch.Encoding.LONG ? AsofMatch.Encoding.MILLIS_AS_TIMESPAN
          : from == AsofMatch.Encoding.TIMESPAN_MILLIS ? AsofMatch.Encoding.TIMESPAN_FLOORED
          : null;
    }
    return encoding == null ? null : new Side(other.field(), exact.type(), encoding);
  }

  /**
   * The operand {@code e}, a column or a cast of one (the validator admits nothing else), or
   * null if its values cannot be keyed exactly.
   */
  private static Side side(RexNode e) {
    if (e instanceof RexInputRef ref) {
      Family family = Family.of(ref.getType());
      return family == null ? null : new Side(ref.getIndex(), ref.getType(), family.encoding);
    }
    if (e.getKind() == SqlKind.CAST
        && ((RexCall) e).getOperands().get(0) instanceof RexInputRef ref) {
      AsofMatch.Encoding encoding = cast(ref.getType(), e.getType());
      return encoding == null ? null : new Side(ref.getIndex(), e.getType(), encoding);
    }
    return null;
  }

  /**
   * How values of type {@code from} cast to {@code to} become keys in {@code to}'s unit, or null
   * for a cast whose value is not reproduced here (see {@link KdbAsofJoinRule}).
   */
  private static AsofMatch.Encoding cast(RelDataType from, RelDataType to) {
    Family source = Family.of(from);
    Family target = Family.of(to);
    if (source == null || target == null) {
      return null;
    }
    SqlTypeName t = to.getSqlTypeName();
    return switch (source) {
      case INTEGER -> target == Family.INTEGER && width(t) >= width(from.getSqlTypeName())
          ? AsofMatch.Encoding.LONG : approx(t);
      case APPROX -> approx(t);
      case DATE -> target == Family.TIMESTAMP ? AsofMatch.Encoding.DATE_MILLIS
          : target == Family.DATE ? AsofMatch.Encoding.LONG
          : target == Family.KDB_TIMESTAMP ? AsofMatch.Encoding.DATE_AS_TIMESTAMP : null;
      // Calcite's cast to another precision of TIME or TIMESTAMP leaves the value unchanged; to a
      // kdb+ type it is exact.
      case TIME -> target == source ? AsofMatch.Encoding.LONG
          : target == Family.KDB_TIMESPAN ? AsofMatch.Encoding.MILLIS_AS_TIMESPAN : null;
      case TIMESTAMP -> target == source ? AsofMatch.Encoding.LONG
          : target == Family.KDB_TIMESTAMP ? AsofMatch.Encoding.MILLIS_AS_TIMESTAMP : null;
      case KDB_TIMESTAMP -> target == Family.TIMESTAMP ? AsofMatch.Encoding.TIMESTAMP_MILLIS
          : target == Family.KDB_TIMESTAMP ? AsofMatch.Encoding.TIMESTAMP : null;
      case KDB_TIMESPAN -> target == Family.TIME ? AsofMatch.Encoding.TIMESPAN_MILLIS
          : target == Family.KDB_TIMESPAN ? AsofMatch.Encoding.TIMESPAN : null;
      case STRING, DECIMAL -> null;
    };
  }

  /** The encoding of a number cast to the approximate type {@code t}, or null. */
  private static AsofMatch.Encoding approx(SqlTypeName t) {
    return switch (t) {
      case DOUBLE -> AsofMatch.Encoding.DOUBLE;
      case REAL -> AsofMatch.Encoding.REAL;
      default -> null;
    };
  }

  /** The rank of an integer type by width ({@code INT_TYPES} lists them narrowest first). */
  private static int width(SqlTypeName t) {
    return SqlTypeName.INT_TYPES.indexOf(t);
  }

  /**
   * The classes of SQL types whose values the index keys alike: two operands can be matched only
   * if their (cast) types are of one family, so that their keys share a unit.
   */
  private enum Family {
    INTEGER(AsofMatch.Encoding.LONG),
    APPROX(AsofMatch.Encoding.DOUBLE),
    /** Epoch days. */
    DATE(AsofMatch.Encoding.LONG),
    /** Milliseconds of the day. */
    TIME(AsofMatch.Encoding.LONG),
    /** Epoch milliseconds (kdb+ datetimes). */
    TIMESTAMP(AsofMatch.Encoding.LONG),
    /** Exact kdb+ timestamps ({@link KdbTemporalType}). */
    KDB_TIMESTAMP(AsofMatch.Encoding.TIMESTAMP),
    /** Exact kdb+ timespans as times of day ({@link KdbTemporalType}). */
    KDB_TIMESPAN(AsofMatch.Encoding.TIMESPAN),
    STRING(AsofMatch.Encoding.COMPARABLE),
    DECIMAL(AsofMatch.Encoding.COMPARABLE);

    /** The encoding of an uncast column of the family. */
    final AsofMatch.Encoding encoding;

    Family(AsofMatch.Encoding encoding) {
      this.encoding = encoding;
    }

    /** The family of {@code type}, or null if as-of joins on it are not run here. */
    static Family of(RelDataType type) {
      if (type instanceof KdbTemporalType k) {
        return k.isTimestamp() ? KDB_TIMESTAMP : KDB_TIMESPAN;
      }
      if (type instanceof JavaType) {
        return null;
      }
      SqlTypeName t = type.getSqlTypeName();
      if (SqlTypeName.INT_TYPES.contains(t)) {
        return INTEGER;
      }
      if (SqlTypeName.APPROX_TYPES.contains(t)) {
        return APPROX;
      }
      if (SqlTypeName.CHAR_TYPES.contains(t)) {
        return STRING;
      }
      return switch (t) {
        case DATE -> DATE;
        case TIME -> TIME;
        case TIMESTAMP -> TIMESTAMP;
        case DECIMAL -> DECIMAL;
        default -> null;
      };
    }
  }

  @Override
  public Join copy(RelTraitSet traitSet, RexNode condition, RelNode left, RelNode right,
      JoinRelType joinType, boolean semiJoinDone) {
    return new KdbAsofJoin(getCluster(), traitSet, left, right, condition, matchCondition,
        variablesSet, joinType, match, leftField, rightField);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Half of EnumerableAsofJoin's estimate, so that the planner prefers this operator: the same
    // rows for O((n + m) log m) work instead of O(n·m) per key.
    return planner.getCostFactory().makeCost(mq.getRowCount(this) * 0.5, 0, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("match", match.describe());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result leftResult = implementor.visitChild(this, 0, (EnumerableRel) left, pref);
    Expression leftRows = builder.append("left", leftResult.block);
    Result rightResult = implementor.visitChild(this, 1, (EnumerableRel) right, pref);
    Expression rightRows = builder.append("right", rightResult.block);
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        pref.preferArray());
    PhysType leftType = leftResult.physType;
    PhysType rightType = rightResult.physType;
    Expression call = Expressions.call(AsofJoinRuntime.JOIN, leftRows, rightRows,
        leftType.generateAccessorWithoutNulls(joinInfo.leftKeys),
        rightType.generateAccessorWithoutNulls(joinInfo.rightKeys),
        leftType.generateAccessor(List.of(leftField)),
        rightType.generateAccessor(List.of(rightField)),
        selector(physType, leftType, rightType, joinType == JoinRelType.LEFT_ASOF),
        implementor.stash(match, AsofMatch.class),
        Expressions.constant(joinType == JoinRelType.LEFT_ASOF));
    return implementor.result(physType, builder.append(call).toBlock());
  }

  /**
   * The function that makes an output row from a left row and its right match, which may be null
   * when {@code nullable} (a left join). The same as Calcite's join selector, which is not
   * public.
   */
  private static Expression selector(PhysType out, PhysType left, PhysType right,
      boolean nullable) {
    ParameterExpression l = Expressions.parameter(Primitive.box(left.getJavaRowType()), "left");
    ParameterExpression r = Expressions.parameter(Primitive.box(right.getJavaRowType()), "right");
    List<Expression> fields = new ArrayList<>();
    for (int i = 0; i < left.getRowType().getFieldCount(); i++) {
      fields.add(left.fieldReference(l, i, out.getJavaFieldType(fields.size())));
    }
    for (int i = 0; i < right.getRowType().getFieldCount(); i++) {
      Expression field = right.fieldReference(r, i, out.getJavaFieldType(fields.size()));
      fields.add(nullable ? Expressions.condition(
          Expressions.equal(r, Expressions.constant(null)), Expressions.constant(null), field)
          : field);
    }
    return Expressions.lambda(Function2.class, out.record(fields), l, r);
  }
}
