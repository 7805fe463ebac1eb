package dev.kdbsql.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements the scan takes whole are planned without the cost-based planner
 * ({@link SingleScanProgram}): the program makes a plan of the converted query, the plan is the
 * one the cost-based planner chooses ({@code directScan=false}), and its rows are those of
 * Calcite's own operators ({@code pushdown=false}).
 * Statements with anything the scan does not take (a join, a window, a subquery, a condition
 * left to Calcite, a DISTINCT aggregate beside a sum) are left to the cost-based planner, with the same rows.
 */
class SingleScanProgramTest {
  @TempDir
  static Path db;
  private static CalciteSql.Twin twin;
  private static Connection costBased;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 3, 11).writeTo(db);
    twin = CalciteSql.Twin.open(db);
    costBased = CalciteSql.connect(db, "directScan=false");
  }

  @AfterAll
  static void close() throws SQLException {
    try (Connection c = costBased) {
      twin.close();
    }
  }

  /** The converted query of {@code sql} and the plan it was implemented with. */
  private static RelNode[] convertedAndPlanned(String sql) {
    List<RelNode> converted = new ArrayList<>();
    List<RelNode> planned = new ArrayList<>();
    try (Hook.Closeable c = Hook.CONVERTED.addThread((RelNode r) -> converted.add(r));
        Hook.Closeable p = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(
            (RelRoot r) -> planned.add(r.rel))) {
      CalciteSql.objects(twin.pushed(), sql);
    }
    return new RelNode[] {converted.get(0), planned.get(0)};
  }

  /** The columns a plan's scans read ({@code fields=[...]}). */
  private static List<String> fields(String plan) {
    return java.util.regex.Pattern.compile("fields=\\[[^]]*]").matcher(plan).results()
        .map(java.util.regex.MatchResult::group).toList();
  }

  private static void sameRows(String sql) throws SQLException {
    assertEquals(CalciteSql.rows(twin.reference(), sql).stream().sorted().toList(),
        CalciteSql.rows(twin.pushed(), sql).stream().sorted().toList(), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from trade limit 200",
      "select count(*) from quote",
      "select min(\"date\"), max(\"date\") from trade",
      "select * from trade where sym = 'AAPL' and size > 100 limit 50",
      "select sym, count(*), sum(size), avg(size) from trade group by sym",
      "select \"date\", count(*) as n from trade group by \"date\" order by \"date\"",
      "select sym, sum(cast(size as bigint)) as volume from trade group by sym"
          + " order by volume desc, sym limit 10",
      "select avg(price), min(price), max(price), stddev_pop(price) from trade where sym = 'MSFT'",
      "select count(*) from quote where bid > ask",
      "select sym from trade where char_length(cond) > 1 limit 5",
      "select count(distinct sym), count(*) from trade",
      "select sym, price * 2 as p2 from trade where price > 100 order by \"time\" desc limit 20",
      "select x.sym, x.n from (select sym, count(*) as n from trade group by sym) x"
          + " where x.sym in ('AAPL', 'MSFT')"})
  void oneScanWithoutTheCostBasedPlanner(String sql) throws SQLException {
    RelNode converted = convertedAndPlanned(sql)[0];
    assertEquals(true, SingleScanProgram.eligible(converted), sql);
    assertNotNull(SingleScanProgram.plan(converted,
        converted.getTraitSet().replace(EnumerableConvention.INSTANCE)), sql);
    // One scan, reading the columns the cost-based plan reads, under at most a calculation.
    String plan = CalciteSql.plan(twin.pushed(), sql);
    String costBasedPlan = CalciteSql.plan(costBased, sql);
    assertEquals(fields(costBasedPlan), fields(plan), plan);
    assertEquals(List.of("KdbTableScan"), plan.lines().map(String::strip)
        .map(l -> l.replaceAll("\\(.*", ""))
        .filter(l -> !l.equals("EnumerableCalc") && !l.equals("KdbToEnumerableConverter"))
        .toList(), plan);
    sameRows(sql);
  }

  /**
   * The cost-based planner's rules are registered only when it runs (Calcite's planner is made
   * with them): a one-scan statement registers none, a join all of them, as Calcite's does.
   */
  @org.junit.jupiter.api.Test
  void costBasedRulesRegisteredOnlyWhenThatPlannerRuns() {
    List<Integer> rules = new ArrayList<>();
    try (Hook.Closeable h = Hook.PLANNER.addThread(
        (org.apache.calcite.plan.RelOptPlanner p) -> rules.add(p.getRules().size()))) {
      CalciteSql.objects(twin.pushed(),
          "select sym, count(*) as rows_of_sym from trade group by sym");
      assertEquals(List.of(), rules);
      CalciteSql.objects(twin.pushed(), "select t.sym, q.bid from trade t join quote q"
          + " on t.sym = q.sym and t.\"time\" = q.\"time\" limit 5");
      assertEquals(1, rules.size());
      assertTrue(rules.get(0) > 100, rules.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select t.sym, q.bid from trade t join quote q on t.sym = q.sym and t.\"time\" = q.\"time\"",
      "select sym, price, row_number() over (partition by sym order by \"time\") from trade",
      "select * from trade where sym in (select sym from quote where bid > 100)",
      "select count(distinct sym), sum(size) from trade",
      "select sym from trade where char_length(cond) > size limit 5",
      "select sym, count(*) from trade group by rollup(sym)",
      // a float compared with zero: the scan's result is a superset, Calcite's filter re-applies
      "select price from trade where price >= 0 and size > cast(100 as smallint)",
      "select * from trade limit 0"})
  void otherStatementsLeftToTheCostBasedPlanner(String sql) throws SQLException {
    RelNode converted = convertedAndPlanned(sql)[0];
    RelNode fast = SingleScanProgram.eligible(converted) ? SingleScanProgram.plan(converted,
        converted.getTraitSet().replace(EnumerableConvention.INSTANCE)) : null;
    assertNull(fast, sql);
    sameRows(sql);
  }
}
