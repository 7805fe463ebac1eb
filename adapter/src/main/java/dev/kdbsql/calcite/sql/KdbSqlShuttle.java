package dev.kdbsql.calcite.sql;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlAsofJoin;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJdbcFunctionCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites parsed SQL into what Calcite 1.42 can run for kdb+ users.
 *
 * <ul>
 *   <li>{@code first(x)}/{@code last(x)} outside {@code MATCH_RECOGNIZE}: the grammar makes them
 *       row-pattern navigation operators, which fail validation anywhere else; they become calls
 *       of the {@code first}/{@code last} aggregates ({@link FirstLastAggregates}).
 *   <li>{@code ASOF JOIN ... MATCH_CONDITION l.t >= r.t}: Calcite 1.42's Enumerable as-of join
 *       chooses the comparison's direction from the operator alone and gives wrong rows when the
 *       left input's column is written first. When the condition's second operand is qualified
 *       with the right input's name or alias and the first is not, the condition is written the
 *       other way round ({@code r.t <= l.t}), the spelling Calcite gets right. A condition with
 *       unqualified columns on both sides is left alone.
 *   <li>{@code wavg(w, x)}/{@code weighted_avg(w, x)}: both operands are cast to DOUBLE. The
 *       aggregate takes doubles, and Calcite 1.42 validates an INTEGER or BIGINT argument against
 *       that but then hands the generated code an {@code Integer} or {@code Long}, which fails to
 *       compile (docs/calcite-notes.md §5).
 *   <li>{@code PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x)} and {@code PERCENTILE_DISC(q)
 *       WITHIN GROUP (ORDER BY x)}, which Calcite 1.42 cannot run, become calls of
 *       {@code quantile_cont(x, q)} and {@code quantile_disc(x, q)} ({@link QuantileAggregates});
 *       the arguments of {@code median} and {@code quantile_cont}, and the fraction of
 *       {@code quantile_disc}, are cast to DOUBLE (as for {@code wavg}). A descending
 *       {@code PERCENTILE_DISC} is left to Calcite.
 *   <li>{@code DATE_TRUNC('month', x)}, as Postgres and DuckDB spell it (Calcite 1.42 has only
 *       BigQuery's {@code DATE_TRUNC(x, MONTH)}, in a library not enabled), becomes the
 *       standard {@code FLOOR(x TO MONTH)}; {@code 'week'} is the ISO week, from Monday, as
 *       theirs ({@code FLOOR(x - INTERVAL '1' DAY TO WEEK) + INTERVAL '1' DAY}: Calcite's
 *       weeks start on Sunday). Units: microseconds, milliseconds, second,
 *       minute, hour, day, week, month, quarter, year, decade, century, millennium (plurals
 *       too); another is refused naming them. BigQuery's {@code DATE_TRUNC(x, MONTH)} becomes
 *       {@code FLOOR(x TO MONTH)} too (its WEEK starts on Sunday, as Calcite's).
 *   <li>{@code DATE_PART('hour', x)} (or {@code DATE_PART(hour, x)}), as Postgres and DuckDB
 *       spell it, becomes {@code EXTRACT(HOUR FROM x)}, exact on kdb+ values as EXTRACT is;
 *       {@code 'dow'} counts from Sunday = 0, as theirs does (Calcite's {@code DOW} from 1).
 *   <li>{@code x::type}, Postgres's cast (grouped before parsing so that it binds as in
 *       Postgres: {@link SqlRewriter#groupInfixCasts}), becomes {@code CAST(x AS type)}, with
 *       everything that makes CAST exact on kdb+ values.
 *   <li>JDBC escapes {@code {fn name(...)}} are looked up in upper case, as their names are
 *       case-insensitive.
 *   <li>{@code x [NOT] IN (VALUES (a), (b))} and {@code (x, y) [NOT] IN (VALUES (a, b), ...)}
 *       become the lists {@code x IN (a, b)} and {@code (x, y) IN ((a, b), ...)}, which mean the
 *       same: Calcite 1.42's validator fails on the sub-query form when a row holds a DATE
 *       literal (a {@code NullPointerException}, "namespace for VALUES ...").
 * </ul>
 */
final class KdbSqlShuttle extends SqlShuttle {
  @Override
  public SqlNode visit(SqlCall call) {
    if (call.getKind() == SqlKind.MATCH_RECOGNIZE) {
      return call;
    }
    if (call.getOperator() == SqlLibraryOperators.INFIX_CAST && call.operandCount() == 2
        && call.operand(1) instanceof SqlDataTypeSpec type) {
      return SqlStdOperatorTable.CAST.createCall(call.getParserPosition(),
          call.operand(0).accept(this), type);
    }
    if ((call.getOperator() == SqlStdOperatorTable.FIRST
        || call.getOperator() == SqlStdOperatorTable.LAST) && call.operandCount() >= 1) {
      String name = call.getKind() == SqlKind.FIRST ? "first" : "last";
      SqlNode arg = call.operand(0).accept(this);
      SqlUnresolvedFunction f = new SqlUnresolvedFunction(
          new SqlIdentifier(name, call.getParserPosition()), null, null, null, null,
          SqlFunctionCategory.USER_DEFINED_FUNCTION);
      return f.createCall(call.getParserPosition(), arg);
    }
    if (call.getKind() == SqlKind.WITHIN_GROUP) {
      SqlNode quantile = quantile(call);
      if (quantile != null) {
        return quantile;
      }
    }
    if (isNamed(call, "median", "quantile_cont") && call.operandCount() >= 1) {
      List<SqlNode> operands = new java.util.ArrayList<>();
      for (SqlNode o : call.getOperandList()) {
        operands.add(toDouble(o.accept(this)));
      }
      return call.getOperator().createCall(call.getFunctionQuantifier(),
          call.getParserPosition(), operands.toArray(new SqlNode[0]));
    }
    if (isNamed(call, "quantile_disc") && call.operandCount() == 2) {
      return call.getOperator().createCall(call.getFunctionQuantifier(),
          call.getParserPosition(), call.operand(0).accept(this),
          toDouble(call.operand(1).accept(this)));
    }
    // Parsed as BigQuery's operator (the Babel grammar knows its name) or as an unresolved one.
    if (call.getOperator().getName().equalsIgnoreCase("date_trunc") && call.operandCount() == 2
        && call.operand(0) instanceof SqlCharStringLiteral unit) {
      return dateTrunc(unit, call.operand(1).accept(this), call.getParserPosition());
    }
    if (call.getOperator().getName().equalsIgnoreCase("date_part") && call.operandCount() == 2) {
      if (call.operand(0) instanceof SqlCharStringLiteral unit) {
        return datePart(unit, call.operand(1).accept(this), call.getParserPosition());
      }
      if (call.operand(0) instanceof SqlIntervalQualifier unit) {
        return extract(unit, call.operand(1).accept(this), call.getParserPosition());
      }
    }
    if (call.getOperator().getName().equalsIgnoreCase("date_trunc") && call.operandCount() == 2
        && call.operand(1) instanceof SqlIntervalQualifier unit) {
      return SqlStdOperatorTable.FLOOR.createCall(call.getParserPosition(),
          call.operand(0).accept(this), unit);
    }
    if (call.getOperator() instanceof SqlJdbcFunctionCall jdbc) {
      return jdbcFunction(jdbc, call);
    }
    if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN)
        && call.operandCount() == 2 && call.operand(1).getKind() == SqlKind.VALUES
        && ((SqlCall) call.operand(1)).getOperandList().stream()
            .allMatch(r -> r.getKind() == SqlKind.ROW)) {
      SqlNodeList list = new SqlNodeList(call.operand(1).getParserPosition());
      for (SqlNode row : ((SqlCall) call.operand(1)).getOperandList()) {
        SqlCall r = (SqlCall) row;
        list.add((r.operandCount() == 1 ? r.operand(0) : r).accept(this));
      }
      return call.getOperator().createCall(call.getParserPosition(),
          call.operand(0).accept(this), list);
    }
    if (isWavg(call) && call.operandCount() == 2) {
      SqlParserPos pos = call.getParserPosition();
      return call.getOperator().createCall(call.getFunctionQuantifier(), pos,
          toDouble(call.operand(0).accept(this)), toDouble(call.operand(1).accept(this)));
    }
    SqlNode visited = super.visit(call);
    return visited instanceof SqlAsofJoin join ? flipMatchCondition(join) : visited;
  }

  /**
   * A JDBC escape {@code {fn name(...)}} with its operands rewritten and its name in upper case:
   * the JDBC and ODBC function names are case-insensitive, but Calcite looks the name up as
   * written, and with unquoted identifiers kept as written (kdb+ names are case-sensitive) only
   * {@code {fn UCASE(x)}} was found, {@code {fn ucase(x)}} "not defined".
   */
  private SqlNode jdbcFunction(SqlJdbcFunctionCall jdbc, SqlCall call) {
    // The operator is named "{fn name}".
    String name = jdbc.getName().substring(4, jdbc.getName().length() - 1);
    SqlNode[] operands = call.getOperandList().stream()
        .map(o -> o == null ? null : o.accept(this)).toArray(SqlNode[]::new);
    return new SqlJdbcFunctionCall(name.toUpperCase(Locale.ROOT))
        .createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands);
  }

  /**
   * {@code PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x)} as {@code quantile_cont(x, q)}
   * ({@code 1 - q} for a descending order: the interpolation is symmetric) and
   * {@code PERCENTILE_DISC(q) WITHIN GROUP (ORDER BY x)} as {@code quantile_disc(x, q)}, or
   * null for any other form (left to Calcite).
   */
  private SqlNode quantile(SqlCall withinGroup) {
    if (!(withinGroup.operand(0) instanceof SqlCall aggregate)
        || !(withinGroup.operand(1) instanceof SqlNodeList order) || order.size() != 1
        || aggregate.operandCount() != 1) {
      return null;
    }
    String name = aggregate.getOperator().getName();
    boolean cont = name.equalsIgnoreCase("percentile_cont");
    if (!cont && !name.equalsIgnoreCase("percentile_disc")) {
      return null;
    }
    SqlNode key = order.get(0);
    boolean descending = false;
    while (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING
        || c.getKind() == SqlKind.NULLS_FIRST || c.getKind() == SqlKind.NULLS_LAST)) {
      descending ^= c.getKind() == SqlKind.DESCENDING;
      key = c.operand(0);
    }
    if (descending && !cont) {
      return null;
    }
    SqlParserPos pos = withinGroup.getParserPosition();
    SqlNode q = toDouble(aggregate.operand(0).accept(this));
    if (descending) {
      q = SqlStdOperatorTable.MINUS.createCall(pos,
          SqlLiteral.createExactNumeric("1", pos), q);
    }
    SqlNode x = key.accept(this);
    SqlUnresolvedFunction f = new SqlUnresolvedFunction(
        new SqlIdentifier(cont ? "quantile_cont" : "quantile_disc", pos), null, null, null,
        null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    return f.createCall(pos, cont ? toDouble(x) : x, q);
  }

  /** {@code DATE_TRUNC(unit, x)} as {@code FLOOR(x TO unit)}. */
  private static SqlNode dateTrunc(SqlCharStringLiteral unit, SqlNode x, SqlParserPos pos) {
    String name = unitName(unit);
    SqlIntervalQualifier to = switch (singular(name)) {
      case "microsecond" -> new SqlIntervalQualifier(TimeUnit.MICROSECOND, null, pos);
      case "millisecond" -> new SqlIntervalQualifier(TimeUnit.MILLISECOND, null, pos);
      case "second" -> new SqlIntervalQualifier(TimeUnit.SECOND, null, pos);
      case "minute" -> new SqlIntervalQualifier(TimeUnit.MINUTE, null, pos);
      case "hour" -> new SqlIntervalQualifier(TimeUnit.HOUR, null, pos);
      case "day" -> new SqlIntervalQualifier(TimeUnit.DAY, null, pos);
      case "week" -> null;
      case "month" -> new SqlIntervalQualifier(TimeUnit.MONTH, null, pos);
      case "quarter" -> new SqlIntervalQualifier(TimeUnit.QUARTER, null, pos);
      case "year" -> new SqlIntervalQualifier(TimeUnit.YEAR, null, pos);
      case "decade" -> new SqlIntervalQualifier(TimeUnit.DECADE, null, pos);
      case "century", "centurie" -> new SqlIntervalQualifier(TimeUnit.CENTURY, null, pos);
      case "millennium", "millennia" -> new SqlIntervalQualifier(TimeUnit.MILLENNIUM, null, pos);
      default -> throw new IllegalArgumentException("DATE_TRUNC unit '" + name + "' is not one"
          + " of microseconds, milliseconds, second, minute, hour, day, week, month, quarter,"
          + " year, decade, century, millennium");
    };
    if (to == null) {
      // The ISO week, from Monday: the Sunday week of the day before, plus a day. (Calcite's
      // own ISOWEEK frame fails on a NULL value.)
      SqlNode day = SqlLiteral.createInterval(1, "1",
          new SqlIntervalQualifier(TimeUnit.DAY, null, pos), pos);
      return SqlStdOperatorTable.PLUS.createCall(pos, SqlStdOperatorTable.FLOOR.createCall(pos,
          SqlStdOperatorTable.MINUS.createCall(pos, x, day),
          new SqlIntervalQualifier(TimeUnit.WEEK, null, pos)), day);
    }
    return SqlStdOperatorTable.FLOOR.createCall(pos, x, to);
  }

  /**
   * {@code DATE_PART('unit', x)} as {@code EXTRACT(unit FROM x)}, so that it is as exact as
   * EXTRACT on kdb+ values; {@code 'dow'} counts from Sunday = 0, as in Postgres and DuckDB.
   */
  private static SqlNode datePart(SqlCharStringLiteral unit, SqlNode x, SqlParserPos pos) {
    String name = unitName(unit);
    TimeUnit u = switch (singular(name)) {
      case "nanosecond" -> TimeUnit.NANOSECOND;
      case "microsecond" -> TimeUnit.MICROSECOND;
      case "millisecond" -> TimeUnit.MILLISECOND;
      case "second" -> TimeUnit.SECOND;
      case "minute" -> TimeUnit.MINUTE;
      case "hour" -> TimeUnit.HOUR;
      case "day" -> TimeUnit.DAY;
      case "dow" -> TimeUnit.DOW;
      case "isodow" -> TimeUnit.ISODOW;
      case "doy" -> TimeUnit.DOY;
      case "week" -> TimeUnit.WEEK;
      case "month" -> TimeUnit.MONTH;
      case "quarter" -> TimeUnit.QUARTER;
      case "year" -> TimeUnit.YEAR;
      case "isoyear" -> TimeUnit.ISOYEAR;
      case "decade" -> TimeUnit.DECADE;
      case "century", "centurie" -> TimeUnit.CENTURY;
      case "millennium", "millennia" -> TimeUnit.MILLENNIUM;
      case "epoch" -> TimeUnit.EPOCH;
      default -> throw new IllegalArgumentException("DATE_PART unit '" + name + "' is not one"
          + " of nanoseconds, microseconds, milliseconds, second, minute, hour, day, dow, isodow,"
          + " doy, week, month, quarter, year, isoyear, decade, century, millennium, epoch");
    };
    return extract(new SqlIntervalQualifier(u, null, pos), x, pos);
  }

  /** A unit's name as written in {@code DATE_TRUNC} or {@code DATE_PART}, in lower case. */
  private static String unitName(SqlCharStringLiteral unit) {
    return unit.getValueAs(String.class).trim().toLowerCase(Locale.ROOT);
  }

  /** {@code name} without a plural's {@code s}: {@code 'hours'} is {@code 'hour'}. */
  private static String singular(String name) {
    return name.endsWith("s") && !name.endsWith("ss") ? name.substring(0, name.length() - 1)
        : name;
  }

  /** {@code EXTRACT(unit FROM x)}, with the day of the week from Sunday = 0. */
  private static SqlNode extract(SqlIntervalQualifier unit, SqlNode x, SqlParserPos pos) {
    SqlNode extract = SqlStdOperatorTable.EXTRACT.createCall(pos, unit, x);
    return unit.timeUnitRange.startUnit != TimeUnit.DOW || unit.timeFrameName != null ? extract
        : SqlStdOperatorTable.MINUS.createCall(pos, extract,
            SqlLiteral.createExactNumeric("1", pos));
  }

  private static boolean isNamed(SqlCall call, String... names) {
    if (!(call.getOperator() instanceof SqlUnresolvedFunction)) {
      return false;
    }
    for (String n : names) {
      if (call.getOperator().getName().equalsIgnoreCase(n)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWavg(SqlCall call) {
    String name = call.getOperator().getName();
    return call.getOperator() instanceof SqlUnresolvedFunction
        && (name.equalsIgnoreCase("wavg") || name.equalsIgnoreCase("weighted_avg"));
  }

  private static SqlNode toDouble(SqlNode operand) {
    SqlParserPos pos = operand.getParserPosition();
    return SqlStdOperatorTable.CAST.createCall(pos, operand,
        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos));
  }

  private static SqlNode flipMatchCondition(SqlAsofJoin join) {
    if (!(join.getMatchCondition() instanceof SqlBasicCall cond) || cond.operandCount() != 2) {
      return join;
    }
    SqlOperator reversed = switch (cond.getKind()) {
      case LESS_THAN -> SqlStdOperatorTable.GREATER_THAN;
      case LESS_THAN_OR_EQUAL -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      case GREATER_THAN -> SqlStdOperatorTable.LESS_THAN;
      case GREATER_THAN_OR_EQUAL -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
      default -> null;
    };
    String right = name(join.getRight());
    if (reversed == null || right == null || !qualifiedBy(cond.operand(1), right)
        || qualifiedBy(cond.operand(0), right)) {
      return join;
    }
    SqlNode flipped = reversed.createCall(cond.getParserPosition(), cond.operand(1),
        cond.operand(0));
    return new SqlAsofJoin(join.getParserPosition(), join.getLeft(), join.isNaturalNode(),
        join.getJoinTypeNode(), join.getRight(), join.getConditionTypeNode(), join.getCondition(),
        flipped);
  }

  /** The name a join input is referred to by: its alias, or its table's last name part. */
  private static String name(SqlNode input) {
    if (input instanceof SqlIdentifier id) {
      return id.names.get(id.names.size() - 1);
    }
    if (input instanceof SqlCall call && call.getKind() == SqlKind.AS
        && call.operand(1) instanceof SqlIdentifier alias) {
      return alias.getSimple();
    }
    return null;
  }

  private static boolean qualifiedBy(SqlNode node, String table) {
    if (!(node instanceof SqlIdentifier id) || id.names.size() < 2) {
      return false;
    }
    List<String> names = id.names;
    return names.get(names.size() - 2).equalsIgnoreCase(table);
  }
}
