package dev.kdbsql.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The BI suite over the TAQ sample and its {@code ref} table (one row per symbol): the shapes BI
 * tools and analysts send. Joins of {@code trade} and {@code quote} with {@code ref} (filters
 * and groups on {@code ref} columns, {@code LIMIT}, a top-N, a left join), joins of aggregates,
 * scalar subqueries in {@code WHERE} (per day, per symbol and day, global), {@code IN},
 * {@code EXISTS}, {@code NOT IN} and {@code NOT EXISTS} subqueries, derived tables and CTEs as
 * Tableau, Power BI and Metabase write them.
 *
 * <p>The queries are grouped by the operators they need; {@link #windowsAndGroupingSets} is
 * where window functions, {@code ROLLUP}/{@code GROUPING SETS}/{@code CUBE} and
 * {@code COUNT(DISTINCT)} queries go. Rows are compared as sorted multisets, so a query needs
 * an {@code ORDER BY} only where it cuts with a {@code LIMIT}; {@code join_limit_10}, whose ten
 * rows are any ten of the join, is compared by its row count.
 */
final class BiSuite {
  private BiSuite() {}

  /** The suite for one date of the data. */
  static List<TaqQuery> queries(LocalDate day) {
    List<TaqQuery> all = new ArrayList<>();
    all.addAll(joins(day));
    all.addAll(subqueries(day));
    all.addAll(derivedTables(day));
    all.addAll(windowsAndGroupingSets(day));
    return all;
  }

  private static String date(LocalDate day) {
    return "DATE '" + day + "'";
  }

  /** Joins with the reference table, and joins of aggregates. */
  static List<TaqQuery> joins(LocalDate day) {
    String d = date(day);
    return List.of(
        TaqQuery.same("join_sector_volume", TaqQuery.STANDARD,
            "SELECT r.sector, count(*) AS trades, sum(CAST(t.size AS BIGINT)) AS volume,"
                + " avg(t.price) AS avg_price FROM trade t JOIN ref r ON t.sym = r.sym"
                + " GROUP BY r.sector"),
        TaqQuery.same("join_filter_sector", TaqQuery.STANDARD,
            "SELECT t.sym, count(*) AS n, max(t.price) AS hi, min(t.price) AS lo"
                + " FROM trade t JOIN ref r ON t.sym = r.sym WHERE r.sector = 'Technology'"
                + " GROUP BY t.sym"),
        TaqQuery.same("join_filter_rows", TaqQuery.STANDARD,
            "SELECT t.sym, t.time, t.price, t.size, r.name FROM trade t JOIN ref r"
                + " ON t.sym = r.sym WHERE t.\"date\" = " + d + " AND r.tier = 1"
                + " AND r.country <> 'US'"),
        TaqQuery.same("join_quote_spread_by_sector", TaqQuery.STANDARD,
            "SELECT r.sector, avg(q.ask - q.bid) AS spread, count(*) AS n FROM quote q"
                + " JOIN ref r ON q.sym = r.sym WHERE q.\"date\" = " + d + " GROUP BY r.sector"),
        TaqQuery.same("join_quote_filter_ref", TaqQuery.STANDARD,
            "SELECT count(*) AS n, avg(CAST(q.bsize AS DOUBLE)) AS bsize, max(q.ask) AS ask"
                + " FROM quote q"
                + " JOIN ref r ON q.sym = r.sym WHERE r.sector = 'Energy' AND r.tier = 2"),
        TaqQuery.same("join_group_ref_cols", TaqQuery.STANDARD,
            "SELECT r.country, r.tier, count(*) AS n, sum(CAST(t.size AS BIGINT)) AS vol"
                + " FROM trade t JOIN ref r ON t.sym = r.sym GROUP BY r.country, r.tier"),
        new TaqQuery("join_limit_10", TaqQuery.STANDARD,
            "SELECT t.sym, t.time, t.price, r.sector, r.name FROM trade t JOIN ref r"
                + " ON t.sym = r.sym LIMIT 10",
            "SELECT t.sym, t.time, t.price, r.sector, r.name FROM trade t JOIN ref r"
                + " ON t.sym = r.sym LIMIT 10", false, true),
        TaqQuery.same("join_topn", TaqQuery.STANDARD,
            "SELECT t.\"date\", t.sym, t.time, t.price, t.size, r.sector FROM trade t"
                + " JOIN ref r ON t.sym = r.sym WHERE r.sector = 'Energy'"
                + " ORDER BY t.size DESC, t.\"date\", t.sym, t.time, t.price LIMIT 10"),
        TaqQuery.same("left_join_ref", TaqQuery.STANDARD,
            "SELECT r.sector, count(t.sym) AS n FROM ref r LEFT JOIN trade t"
                + " ON t.sym = r.sym AND t.\"date\" = " + d + " GROUP BY r.sector"),
        TaqQuery.same("join_of_aggregates", TaqQuery.STANDARD,
            "SELECT a.sym, a.trades, b.quotes, b.spread FROM (SELECT sym, count(*) AS trades"
                + " FROM trade GROUP BY sym) a JOIN (SELECT sym, count(*) AS quotes,"
                + " avg(ask - bid) AS spread FROM quote GROUP BY sym) b ON a.sym = b.sym"),
        TaqQuery.same("join_expr_on_ref", TaqQuery.STANDARD,
            "SELECT EXTRACT(YEAR FROM r.listed) AS listed_year, count(*) AS n,"
                + " avg(t.price) AS p FROM trade t JOIN ref r ON t.sym = r.sym"
                + " GROUP BY EXTRACT(YEAR FROM r.listed)"));
  }

  /** Subqueries: scalar in WHERE, IN, EXISTS, NOT IN, NOT EXISTS. */
  static List<TaqQuery> subqueries(LocalDate day) {
    String d = date(day);
    return List.of(
        TaqQuery.same("above_day_avg", TaqQuery.STANDARD,
            "SELECT count(*) AS n, sum(CAST(size AS BIGINT)) AS vol FROM trade t"
                + " WHERE t.price > (SELECT avg(t2.price) FROM trade t2"
                + " WHERE t2.\"date\" = t.\"date\")"),
        TaqQuery.same("above_sym_day_avg", TaqQuery.STANDARD,
            "SELECT t.sym, count(*) AS n FROM trade t WHERE t.\"date\" = " + d
                + " AND t.size > (SELECT avg(CAST(t2.size AS DOUBLE)) FROM trade t2 WHERE t2.sym = t.sym"
                + " AND t2.\"date\" = t.\"date\") GROUP BY t.sym"),
        TaqQuery.same("above_global_avg", TaqQuery.STANDARD,
            "SELECT sym, count(*) AS n FROM trade WHERE size > (SELECT avg(CAST(size AS DOUBLE))"
                + " FROM trade)"
                + " GROUP BY sym"),
        TaqQuery.same("in_subquery", TaqQuery.STANDARD,
            "SELECT count(*) AS n, avg(price) AS p FROM trade WHERE sym IN"
                + " (SELECT sym FROM ref WHERE tier = 1 AND country = 'US')"),
        TaqQuery.same("exists_subquery", TaqQuery.STANDARD,
            "SELECT t.sym, count(*) AS n FROM trade t WHERE EXISTS (SELECT 1 FROM ref r"
                + " WHERE r.sym = t.sym AND r.cap > 2500) GROUP BY t.sym"),
        TaqQuery.same("not_in_subquery", TaqQuery.STANDARD,
            "SELECT count(*) AS n FROM trade WHERE sym NOT IN"
                + " (SELECT sym FROM ref WHERE sector = 'Energy')"),
        TaqQuery.same("not_exists_subquery", TaqQuery.STANDARD,
            "SELECT count(*) AS n FROM quote q WHERE q.\"date\" = " + d + " AND NOT EXISTS"
                + " (SELECT 1 FROM ref r WHERE r.sym = q.sym AND r.exchange = 'N')"));
  }

  /** Derived tables and CTEs, as BI tools wrap queries. */
  static List<TaqQuery> derivedTables(LocalDate day) {
    String d = date(day);
    return List.of(
        TaqQuery.same("tableau_derived_join", TaqQuery.STANDARD,
            "SELECT \"t0\".\"sector\" AS \"sector\", SUM(\"t0\".\"volume\") AS \"sum_volume\""
                + " FROM (SELECT r.sector AS sector, CAST(t.size AS BIGINT) AS volume"
                + " FROM trade t INNER JOIN ref r ON t.sym = r.sym) \"t0\""
                + " GROUP BY \"t0\".\"sector\""),
        TaqQuery.same("tableau_custom_sql", TaqQuery.STANDARD,
            "SELECT \"Custom SQL Query\".\"sym\" AS \"sym\", \"Custom SQL Query\".\"n\" AS \"n\""
                + " FROM (SELECT sym, count(*) AS n, avg(price) AS p FROM trade"
                + " WHERE \"date\" = " + d + " GROUP BY sym) \"Custom SQL Query\""
                + " ORDER BY \"n\" DESC, \"sym\" LIMIT 20"),
        TaqQuery.same("cte_daily_by_sector", TaqQuery.STANDARD,
            "WITH daily AS (SELECT \"date\", sym, sum(CAST(size AS BIGINT)) AS vol"
                + " FROM trade GROUP BY \"date\", sym) SELECT r.sector, dd.\"date\","
                + " sum(dd.vol) AS vol FROM daily dd JOIN ref r ON dd.sym = r.sym"
                + " GROUP BY r.sector, dd.\"date\""),
        TaqQuery.same("powerbi_left_join", TaqQuery.STANDARD,
            "SELECT \"_\".\"sector\", \"_\".\"country\", sum(\"_\".\"size\") AS \"a0\""
                + " FROM (SELECT CAST(\"t\".\"size\" AS BIGINT) AS \"size\", \"r\".\"sector\","
                + " \"r\".\"country\" FROM \"trade\" \"t\" LEFT OUTER JOIN \"ref\" \"r\""
                + " ON \"t\".\"sym\" = \"r\".\"sym\") \"_\" WHERE \"_\".\"country\" IN ('US', 'GB')"
                + " GROUP BY \"_\".\"sector\", \"_\".\"country\""),
        TaqQuery.same("metabase_filtered", TaqQuery.STANDARD,
            "SELECT \"source\".\"sym\" AS \"sym\", \"source\".\"sum\" AS \"sum\" FROM"
                + " (SELECT \"trade\".\"sym\" AS \"sym\", SUM(CAST(\"trade\".\"size\" AS BIGINT))"
                + " AS \"sum\" FROM \"trade\" WHERE \"trade\".\"date\" = " + d
                + " AND \"trade\".\"price\" > 100 GROUP BY \"trade\".\"sym\") \"source\""
                + " WHERE \"source\".\"sum\" > 10000"));
  }

  /**
   * Window functions, {@code ROLLUP}/{@code GROUPING SETS}/{@code CUBE}, {@code COUNT(DISTINCT)}
   * and the other aggregation shapes of the suite: none yet (another part of the same work adds
   * them here).
   */
  static List<TaqQuery> windowsAndGroupingSets(LocalDate day) {
    return List.of();
  }
}
