package dev.kdbsql.calcite;

import dev.kdbsql.calcite.exec.HashJoinRuntime;
import dev.kdbsql.calcite.exec.ScanExecutor;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.storage.KdbType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.linq4j.function.Function2;
import org.apache.calcite.linq4j.function.Predicate2;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
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
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableIntList;
import org.apache.calcite.util.Pair;

/**
 * Hash join in the Enumerable convention ({@link HashJoinRuntime}) for equi-joins, inner, left,
 * right, semi and anti, with any residual condition: the smaller input (the right one unless a
 * join that keeps every row of one input says otherwise) is built once into a hash table bounded
 * by the connection's {@code joinMemory}, and the other input streams through it, so a
 * {@code LIMIT} above the join stops reading the probe input as soon as it has its rows.
 *
 * <p>When the probe input is a kdb+ table scan (rows, or groups of an aggregate keyed by the join
 * column) and the join keeps only probe rows with a match (inner, semi), the build side's keys
 * filter the scan: a symbol key
 * becomes a symbol set decided once per domain value of the probe column (on a {@code p#} column,
 * only the runs of those symbols are read), an integer key a set of integers. {@code EXPLAIN}
 * shows which input is built and the probe column so filtered ({@code keyFilter}).
 *
 * <p>Built only by {@link #create}, which declines (returns null) what Calcite's own join must
 * run: full joins, correlated joins, {@code IS NOT DISTINCT FROM} keys, keys of two different
 * types (their Java values would not be equal) or of types Calcite compares with a comparer
 * (arrays, binary strings).
 */
final class KdbHashJoin extends Join implements EnumerableRel {
  private final boolean probeLeft;
  private final long memoryLimit;
  /**
   * The probe input is a top-N scan of the join's rows' order, correct only once the build
   * side's keys filter it (see {@link KdbRules#JOIN_TOP_N}).
   */
  private final boolean probeTopN;
  /**
   * The anti join {@link NotInRewriter} makes of {@code NOT IN}: its condition
   * {@code x = y OR x IS NULL OR y IS NULL} is run as a hash anti join on {@code x = y} that keeps
   * nothing if the build side has a null key and drops probe rows with a null key unless the
   * build side is empty.
   */
  private final boolean nullAware;
  /** The equi-keys and the rest of the condition, {@code x = y} alone where null-aware. */
  private final JoinInfo keys;

  private KdbHashJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right,
      RexNode condition, Set<CorrelationId> variablesSet, JoinRelType joinType,
      boolean probeLeft, long memoryLimit, boolean probeTopN) {
    super(cluster, traits, List.of(), left, right, condition, variablesSet, joinType);
    this.probeLeft = probeLeft;
    this.memoryLimit = memoryLimit;
    this.probeTopN = probeTopN;
    this.nullAware = nullAwareKey(left, condition, joinType) != null;
    this.keys = nullAware ? keys(left, right, condition, joinType) : joinInfo;
  }

  /**
   * The join's keys: {@code x = y} alone for {@code NOT IN}'s null-aware anti join, otherwise
   * Calcite's analysis of the condition.
   */
  static JoinInfo keys(RelNode left, RelNode right, RexNode condition, JoinRelType joinType) {
    int[] key = nullAwareKey(left, condition, joinType);
    return key == null ? JoinInfo.of(left, right, condition)
        : JoinInfo.of(ImmutableIntList.of(key[0]), ImmutableIntList.of(key[1]));
  }

  private static int[] nullAwareKey(RelNode left, RexNode condition, JoinRelType joinType) {
    return joinType == JoinRelType.ANTI
        ? nullAwareKey(left.getRowType().getFieldCount(), condition) : null;
  }

  /**
   * The left and right key of a condition {@code x = y OR x IS NULL OR y IS NULL} (the
   * {@code IS NULL} terms of non-nullable keys simplified away, at least one left), or null.
   */
  private static int[] nullAwareKey(int leftCount, RexNode condition) {
    if (condition.getKind() != SqlKind.OR) {
      return null;
    }
    int[] key = null;
    List<RexNode> nullTests = new ArrayList<>();
    for (RexNode term : ((RexCall) condition).getOperands()) {
      if (term.getKind() == SqlKind.EQUALS && key == null
          && ((RexCall) term).getOperands().get(0) instanceof RexInputRef a
          && ((RexCall) term).getOperands().get(1) instanceof RexInputRef b
          && (a.getIndex() < leftCount) != (b.getIndex() < leftCount)) {
        int l = Math.min(a.getIndex(), b.getIndex());
        int r = Math.max(a.getIndex(), b.getIndex());
        key = new int[] {l, r - leftCount};
      } else if (term.getKind() == SqlKind.IS_NULL) {
        nullTests.add(((RexCall) term).getOperands().get(0));
      } else {
        return null;
      }
    }
    if (key == null || nullTests.isEmpty()) {
      return null;
    }
    for (RexNode tested : nullTests) {
      if (!(tested instanceof RexInputRef ref)
          || (ref.getIndex() != key[0] && ref.getIndex() != key[1] + leftCount)) {
        return null;
      }
    }
    return key;
  }

  /**
   * An inner join whose probe input ({@code left} if {@code probeLeft}) is a top-N scan: the
   * build side's keys filter it before it picks its rows, so that every row it returns has a
   * match (the caller checks that the join has one key, which the filter covers, and no other
   * condition).
   */
  static KdbHashJoin topN(RelNode left, RelNode right, RexNode condition, boolean probeLeft,
      long memoryLimit) {
    RelOptCluster cluster = left.getCluster();
    return new KdbHashJoin(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), left,
        right, condition, Set.of(), JoinRelType.INNER, probeLeft, memoryLimit, true);
  }

  /**
   * A hash join of Enumerable inputs, or null if this operator does not run it; the build side's
   * rows may take {@code memoryLimit} bytes (estimated).
   */
  static KdbHashJoin create(RelNode left, RelNode right, RexNode condition,
      Set<CorrelationId> variablesSet, JoinRelType joinType, long memoryLimit) {
    if (!variablesSet.isEmpty()) {
      return null;
    }
    JoinInfo info = keys(left, right, condition, joinType);
    if (info.nullExclusionFlags.contains(Boolean.FALSE)) {
      return null;
    }
    for (int i = 0; i < info.leftKeys.size(); i++) {
      RelDataType l = left.getRowType().getFieldList().get(info.leftKeys.get(i)).getType();
      RelDataType r = right.getRowType().getFieldList().get(info.rightKeys.get(i)).getType();
      if (!hashable(l) || !sameValues(l, r)) {
        return null;
      }
    }
    boolean probeLeft;
    switch (joinType) {
      case LEFT, SEMI, ANTI -> probeLeft = true;
      case RIGHT -> probeLeft = false;
      case INNER -> {
        RelMetadataQuery mq = left.getCluster().getMetadataQuery();
        Double l = mq.getRowCount(left);
        Double r = mq.getRowCount(right);
        probeLeft = l == null || r == null || r <= l;
      }
      default -> {
        return null;
      }
    }
    RelOptCluster cluster = left.getCluster();
    return new KdbHashJoin(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), left,
        right, condition, variablesSet, joinType, probeLeft, memoryLimit, false);
  }

  /** Whether values of {@code t} are keyed by {@code equals} and {@code hashCode} in Calcite. */
  private static boolean hashable(RelDataType t) {
    if (t instanceof JavaType) {
      return true;
    }
    return switch (t.getSqlTypeName()) {
      case ARRAY, MAP, MULTISET, ROW, BINARY, VARBINARY, ANY, OTHER, STRUCTURED, GEOMETRY,
          VARIANT, UUID -> false;
      default -> true;
    };
  }

  /** Whether equal SQL values of {@code a} and {@code b} are equal Java values. */
  private static boolean sameValues(RelDataType a, RelDataType b) {
    if (a instanceof KdbTemporalType || b instanceof KdbTemporalType) {
      // Exact kdb+ timestamps and timespans are objects, Calcite's own TIMESTAMP/TIME numbers.
      return a instanceof KdbTemporalType x && b instanceof KdbTemporalType y
          && x.isTimestamp() == y.isTimestamp();
    }
    if (a instanceof JavaType ja || b instanceof JavaType) {
      return a instanceof JavaType x && b instanceof JavaType y
          && x.getJavaClass() == y.getJavaClass();
    }
    SqlTypeName x = a.getSqlTypeName();
    SqlTypeName y = b.getSqlTypeName();
    if (SqlTypeName.CHAR_TYPES.contains(x) && SqlTypeName.CHAR_TYPES.contains(y)) {
      // CHAR values carry their padding, so only two CHARs of one length or two VARCHARs match
      // as Java strings exactly as they match in SQL.
      return x == y && (x == SqlTypeName.VARCHAR || a.getPrecision() == b.getPrecision());
    }
    if (x == SqlTypeName.DECIMAL) {
      return y == SqlTypeName.DECIMAL && a.getScale() == b.getScale();
    }
    return x == y;
  }

  @Override
  public Join copy(RelTraitSet traitSet, RexNode condition, RelNode left, RelNode right,
      JoinRelType joinType, boolean semiJoinDone) {
    return new KdbHashJoin(getCluster(), traitSet, left, right, condition, variablesSet,
        joinType, joinType == JoinRelType.INNER ? probeLeft : joinType != JoinRelType.RIGHT,
        memoryLimit, probeTopN);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double probe = mq.getRowCount(probeLeft ? left : right);
    double build = mq.getRowCount(probeLeft ? right : left);
    double out = mq.getRowCount(this);
    // Building costs more per row than probing; a join without keys pairs every probe row with
    // every build row. A third of what Calcite's hash join costs, so that the planner takes
    // this operator wherever it applies.
    double rows = keys.leftKeys.isEmpty() ? probe * Math.max(1, build)
        : probe + 2 * build + out;
    if (nullAware) {
      // Calcite's nested loop join, the other way to run NOT IN's condition, costs it by its
      // estimated output alone (one row), though it compares every probe row with every build
      // row.
      return planner.getCostFactory().makeTinyCost();
    }
    return planner.getCostFactory().makeCost(rows * (isSemiJoin() ? 0.003 : 0.3), 0, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw).item("build", probeLeft ? "right" : "left")
        .itemIf("nulls", "not in", nullAware);
    String filter = keyFilterName();
    return pw.itemIf("keyFilter", filter, filter != null);
  }

  /** The probe column the build side's keys filter, as the plan names it, or null. */
  private String keyFilterName() {
    KeyFilter f = keyFilter(probeLeft ? left : right);
    return f == null ? null : f.describe(probeLeft ? right : left);
  }

  /**
   * The probe input's scan and the key the build side filters it by: the first equi-key whose
   * probe column is a stored symbol or integer column of a row scan; null when the probe rows
   * are not filtered (outer and anti joins keep rows without a match).
   */
  private KeyFilter keyFilter(RelNode probe) {
    if (joinType != JoinRelType.INNER && joinType != JoinRelType.SEMI && !nullAware) {
      return null;
    }
    // While planning, the input is a set of alternatives: no filter is decided (nor shown in
    // the digest) until the plan is final.
    if (!(probe instanceof KdbToEnumerableConverter converter)
        || !(converter.getInput() instanceof KdbTableScan scan)) {
      return null;
    }
    ScanSpec spec = scan.spec;
    if (!probeTopN && (spec.fetch() >= 0 || !spec.sort().isEmpty())) {
      return null;
    }
    ImmutableIntList probeKeys = probeLeft ? keys.leftKeys : keys.rightKeys;
    ImmutableIntList buildKeys = probeLeft ? keys.rightKeys : keys.leftKeys;
    Bound bound = probeTopN || nullAware ? null : bound(scan);
    if (!nullAware && probeKeys.size() == 1 && partitionColumn(scan, probeKeys.get(0))) {
      return new KeyFilter(scan, 0, "partition", buildKeys.get(0), bound);
    }
    for (int i = 0; i < probeKeys.size(); i++) {
      int field = filterField(scan, probeKeys.get(i));
      String kind = field < 0 ? null : filterKind(scan, probeKeys.get(i));
      if (kind != null) {
        return new KeyFilter(scan, field, kind, buildKeys.get(i), null);
      }
    }
    return probeKeys.isEmpty() && bound != null
        ? new KeyFilter(scan, -1, "none", -1, bound) : null;
  }

  /** Whether output column {@code position} of {@code scan} is the virtual partition column. */
  private static boolean partitionColumn(KdbTableScan scan, int position) {
    ScanSpec spec = scan.spec;
    if (!spec.aggregated()) {
      return scan.kdbTable.partitioned() && spec.fields().get(position) == 0;
    }
    return position < spec.keys().size() && spec.keys().get(position).partition()
        && spec.keys().get(position).bucket() == 0;
  }

  /**
   * The join's other condition as a bound on a probe scan's column (a row scan's, or an
   * aggregate's plain group key), when it is one comparison of a stored float or integer probe
   * column with a build column of the same SQL type, or of an integer probe column widened to
   * DOUBLE with a DOUBLE build column; or null.
   */
  private Bound bound(KdbTableScan scan) {
    if (keys.nonEquiConditions.size() != 1
        || !(keys.nonEquiConditions.get(0) instanceof RexCall call)
        || call.getOperands().size() != 2
        || !(unwidened(call.getOperands().get(0)) instanceof RexInputRef a)
        || !(unwidened(call.getOperands().get(1)) instanceof RexInputRef b)) {
      return null;
    }
    Predicate.Op op = switch (call.getKind()) {
      case EQUALS -> Predicate.Op.EQ;
      case LESS_THAN -> Predicate.Op.LT;
      case LESS_THAN_OR_EQUAL -> Predicate.Op.LE;
      case GREATER_THAN -> Predicate.Op.GT;
      case GREATER_THAN_OR_EQUAL -> Predicate.Op.GE;
      default -> null;
    };
    int leftCount = left.getRowType().getFieldCount();
    boolean aLeft = a.getIndex() < leftCount;
    if (op == null || aLeft == b.getIndex() < leftCount) {
      return null;
    }
    boolean probeFirst = aLeft == probeLeft;
    RexInputRef probeRef = probeFirst ? a : b;
    RexInputRef buildRef = probeFirst ? b : a;
    boolean widened = call.getOperands().get(probeFirst ? 0 : 1) != probeRef;
    if (call.getOperands().get(probeFirst ? 1 : 0) != buildRef) {
      return null;
    }
    if (!probeFirst) {
      op = switch (op) {
        case LT -> Predicate.Op.GT;
        case LE -> Predicate.Op.GE;
        case GT -> Predicate.Op.LT;
        case GE -> Predicate.Op.LE;
        default -> op;
      };
    }
    int position = probeRef.getIndex() - (probeLeft ? 0 : leftCount);
    int field = filterField(scan, position);
    if (field < 0) {
      return null;
    }
    KdbType element = scan.kdbTable.elementType(field);
    SqlTypeName probeType = probeRef.getType().getSqlTypeName();
    SqlTypeName buildType = buildRef.getType().getSqlTypeName();
    boolean integral = (element == KdbType.SHORT || element == KdbType.INT
        || element == KdbType.LONG) && SqlTypeName.INT_TYPES.contains(probeType);
    if (widened) {
      // CAST(integer column AS DOUBLE) against a DOUBLE: compared as integers, rounded outward.
      return integral && buildType == SqlTypeName.DOUBLE && op != Predicate.Op.EQ
          ? new Bound(new HashJoinRuntime.Bound(field, scan.kdbTable.fieldNames().get(field), op,
              false, true), buildRef.getIndex() - (probeLeft ? leftCount : 0)) : null;
    }
    if (probeType != buildType) {
      return null;
    }
    boolean floating = element == KdbType.FLOAT && probeType == SqlTypeName.DOUBLE;
    if (!floating && !integral) {
      return null;
    }
    return new Bound(new HashJoinRuntime.Bound(field, scan.kdbTable.fieldNames().get(field), op,
        floating, false), buildRef.getIndex() - (probeLeft ? leftCount : 0));
  }

  /** The column under {@code CAST(column AS DOUBLE)} of an integer column, else {@code e}. */
  private static RexNode unwidened(RexNode e) {
    if (e.getKind() == SqlKind.CAST && e.getType().getSqlTypeName() == SqlTypeName.DOUBLE
        && ((RexCall) e).getOperands().get(0) instanceof RexInputRef ref
        && SqlTypeName.INT_TYPES.contains(ref.getType().getSqlTypeName())) {
      return ref;
    }
    return e;
  }

  /** A bound on the probe scan and the build field its value comes from. */
  private record Bound(HashJoinRuntime.Bound bound, int buildField) {
  }

  /**
   * The table field behind output column {@code position} of {@code scan} that a key filter can
   * select rows by: a row scan's field, or an aggregate's plain group key (filtering its rows by
   * a group key drops exactly the groups without a match); -1 for none.
   */
  static int filterField(KdbTableScan scan, int position) {
    ScanSpec spec = scan.spec;
    if (!spec.aggregated()) {
      return spec.fields().get(position);
    }
    if (position >= spec.keys().size() || spec.keys().get(position).bucket() > 0
        || spec.keys().get(position).partition() || spec.keys().get(position).computed()) {
      return -1;
    }
    return spec.keys().get(position).field();
  }

  /**
   * How the build side's keys filter {@code scan} on its output column {@code position}:
   * {@code "symbol"} for a stored symbol column, {@code "long"} for a stored short, int or long
   * column typed as an integer; null if they cannot.
   */
  static String filterKind(KdbTableScan scan, int position) {
    int field = filterField(scan, position);
    if (field < 0) {
      return null;
    }
    KdbType element = scan.kdbTable.elementType(field);
    RelDataType type = scan.getRowType().getFieldList().get(position).getType();
    if (element == KdbType.SYMBOL) {
      return "symbol";
    }
    if ((element == KdbType.SHORT || element == KdbType.INT || element == KdbType.LONG)
        && SqlTypeName.INT_TYPES.contains(type.getSqlTypeName())) {
      return "long";
    }
    return null;
  }

  /** A probe scan filtered by the build side's values of build field {@code buildField}. */
  private record KeyFilter(KdbTableScan scan, int field, String kind, int buildField,
      Bound bound) {
    /**
     * How EXPLAIN shows the filter: the probe column, and the bound if any, with the build
     * side's column named as in {@code build}'s row.
     */
    String describe(RelNode build) {
      List<String> names = scan.kdbTable.fieldNames();
      String key = field < 0 ? "" : names.get(field);
      return bound == null ? key : (key.isEmpty() ? "" : key + ", ")
          + bound.bound().op() + "(" + bound.bound().name() + ", build."
          + build.getRowType().getFieldNames().get(bound.buildField()) + ")";
    }
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    RelNode probeRel = probeLeft ? left : right;
    RelNode buildRel = probeLeft ? right : left;
    Result buildResult = implementor.visitChild(this, probeLeft ? 1 : 0,
        (EnumerableRel) buildRel, pref);
    Expression buildRows = builder.append("build", buildResult.block);
    PhysType buildType = buildResult.physType;
    KeyFilter filter = keyFilter(probeRel);
    if (probeTopN && filter == null) {
      // The top-N probe's rows are the join's only with the filter; planned with it always.
      throw new IllegalStateException("top-N probe of " + this + " has no key filter");
    }
    PhysType probeType;
    Expression probe;
    if (filter != null) {
      // The scan runs here, with the build side's keys, instead of through its converter.
      int width = probeRel.getRowType().getFieldCount();
      probeType = PhysTypeImpl.of(implementor.getTypeFactory(), probeRel.getRowType(),
          width == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY, false);
      probe = Expressions.call(HashJoinRuntime.SCAN,
          implementor.stash(filter.scan.kdbTable.executor(), ScanExecutor.class),
          implementor.getRootExpression(), implementor.stash(filter.scan.spec, ScanSpec.class),
          Expressions.constant(filter.field),
          Expressions.constant(filter.field < 0 ? ""
              : filter.scan.kdbTable.fieldNames().get(filter.field)),
          Expressions.constant(filter.kind), Expressions.constant(nullAware),
          filter.buildField < 0 ? Expressions.constant(null)
              : buildType.generateAccessorWithoutNulls(List.of(filter.buildField)),
          filter.bound == null ? Expressions.constant(null, HashJoinRuntime.Bound.class)
              : implementor.stash(filter.bound.bound(), HashJoinRuntime.Bound.class),
          filter.bound == null ? Expressions.constant(null)
              : buildType.generateAccessor(List.of(filter.bound.buildField())));
    } else {
      Result probeResult = implementor.visitChild(this, probeLeft ? 0 : 1,
          (EnumerableRel) probeRel, pref);
      probeType = probeResult.physType;
      probe = Expressions.call(HashJoinRuntime.ROWS,
          builder.append("probe", probeResult.block));
    }
    PhysType leftType = probeLeft ? probeType : buildType;
    PhysType rightType = probeLeft ? buildType : probeType;
    boolean semi = joinType == JoinRelType.SEMI || joinType == JoinRelType.ANTI;
    PhysType physType = semi ? probeType
        : PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
    String kind = switch (joinType) {
      case LEFT, RIGHT -> "outer";
      case SEMI -> "semi";
      case ANTI -> nullAware ? "notIn" : "anti";
      default -> "inner";
    };
    Expression call = Expressions.call(HashJoinRuntime.JOIN, buildRows,
        buildType.generateAccessorWithoutNulls(probeLeft ? keys.rightKeys
            : keys.leftKeys),
        probe,
        probeType.generateAccessorWithoutNulls(probeLeft ? keys.leftKeys
            : keys.rightKeys),
        residual(implementor, leftType, rightType),
        semi ? Expressions.constant(null)
            : selector(physType, leftType, rightType, joinType == JoinRelType.RIGHT,
                joinType == JoinRelType.LEFT),
        Expressions.constant(kind), Expressions.constant(probeLeft),
        Expressions.constant(memoryLimit),
        Expressions.constant(buildRel.getRowType().getFieldCount()));
    return implementor.result(physType, builder.append(call).toBlock());
  }

  /** The non-equi part of the condition as a {@code Predicate2} over (left, right), or null. */
  private Expression residual(EnumerableRelImplementor implementor, PhysType leftType,
      PhysType rightType) {
    if (keys.nonEquiConditions.isEmpty()) {
      return Expressions.constant(null);
    }
    RexNode condition = RexUtil.composeConjunction(getCluster().getRexBuilder(),
        keys.nonEquiConditions, false);
    BlockBuilder body = new BlockBuilder();
    ParameterExpression l = Expressions.parameter(Primitive.box(leftType.getJavaRowType()),
        "left");
    ParameterExpression r = Expressions.parameter(Primitive.box(rightType.getJavaRowType()),
        "right");
    RexProgramBuilder program = new RexProgramBuilder(implementor.getTypeFactory().builder()
        .addAll(left.getRowType().getFieldList()).addAll(right.getRowType().getFieldList())
        .build(), getCluster().getRexBuilder());
    program.addCondition(condition);
    body.add(Expressions.return_(null, RexToLixTranslator.translateCondition(
        program.getProgram(), implementor.getTypeFactory(), body,
        new RexToLixTranslator.InputGetterImpl(List.of(Pair.of(l, leftType),
            Pair.of(r, rightType))),
        implementor::getCorrelVariableGetter, implementor.getConformance())));
    return Expressions.lambda(Predicate2.class, body.toBlock(), l, r);
  }

  /**
   * The function that makes an output row from a left and a right row, either of which may be
   * null for the side an outer join pads.
   */
  private static Expression selector(PhysType out, PhysType left, PhysType right,
      boolean leftNullable, boolean rightNullable) {
    ParameterExpression l = Expressions.parameter(Primitive.box(left.getJavaRowType()), "left");
    ParameterExpression r = Expressions.parameter(Primitive.box(right.getJavaRowType()), "right");
    List<Expression> fields = new ArrayList<>();
    addFields(fields, out, left, l, leftNullable);
    addFields(fields, out, right, r, rightNullable);
    return Expressions.lambda(Function2.class, out.record(fields), l, r);
  }

  private static void addFields(List<Expression> fields, PhysType out, PhysType in,
      ParameterExpression row, boolean nullable) {
    for (int i = 0; i < in.getRowType().getFieldCount(); i++) {
      Expression field = in.fieldReference(row, i, out.getJavaFieldType(fields.size()));
      fields.add(nullable ? Expressions.condition(
          Expressions.equal(row, Expressions.constant(null)), Expressions.constant(null), field)
          : field);
    }
  }
}
