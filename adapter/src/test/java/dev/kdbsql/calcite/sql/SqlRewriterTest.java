package dev.kdbsql.calcite.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where {@code date}/{@code time} are columns (quoted) and where they stay SQL keywords. */
class SqlRewriterTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("select date, time from t", "select \"date\", \"time\" from t"),
        Arguments.of("select Date from t where DATE = date '2015-01-02'",
            "select \"Date\" from t where \"DATE\" = date '2015-01-02'"),
        Arguments.of("select t.date, t.time from t", "select t.\"date\", t.\"time\" from t"),
        Arguments.of("select x as date from t", "select x as \"date\" from t"),
        Arguments.of("select cast(date as date) from t", "select cast(\"date\" as date) from t"),
        Arguments.of("select cast(x as time(3)) from t", "select cast(x as time(3)) from t"),
        Arguments.of("select try_cast(x as date) from t", "select try_cast(x as date) from t"),
        Arguments.of("select cast(f(date) as varchar) as date from t",
            "select cast(f(\"date\") as varchar) as \"date\" from t"),
        Arguments.of("select x::date, time::time from t", "select x::date, \"time\"::time from t"),
        Arguments.of("select ts at time zone 'UTC' from t", "select ts at time zone 'UTC' from t"),
        Arguments.of("select cast(ts as timestamp with time zone) from t",
            "select cast(ts as timestamp with time zone) from t"),
        Arguments.of("select time'09:30:00', date'2015-01-01' from t",
            "select time'09:30:00', date'2015-01-01' from t"),
        Arguments.of("select 'date', \"time\" from t -- date\n",
            "select 'date', \"time\" from t -- date\n"),
        Arguments.of("select /* time */ date from t order by date desc",
            "select /* time */ \"date\" from t order by \"date\" desc"),
        Arguments.of("select 'it''s date' from t where date > current_date",
            "select 'it''s date' from t where \"date\" > current_date"),
        Arguments.of("select datetime, dates, time_x from t",
            "select datetime, dates, time_x from t"),
        Arguments.of("select count(*) from t group by date, time having max(time) > time '10:00'",
            "select count(*) from t group by \"date\", \"time\" having max(\"time\") > "
                + "time '10:00'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void quotesColumnUsesOnly(String sql, String expected) {
    assertEquals(expected, SqlRewriter.quoteDateTime(sql, "\"", "\""));
  }

  static Stream<Arguments> casts() {
    return Stream.of(
        Arguments.of("select 1 from t where price > 1::double",
            "select 1 from t where price > (1::double)"),
        Arguments.of("where d = '2024-01-03'::date and x::text::int = 2",
            "where d = ('2024-01-03'::date) and (x::text::int) = 2"),
        Arguments.of("select sum((a > b)::int), count(*)::double, t.\"p\"::numeric(10, 2)",
            "select sum(((a > b)::int)), (count(*)::double), (t.\"p\"::numeric(10, 2))"),
        Arguments.of("select (a + b)::bigint * 2, date '2024-01-01'::timestamp with time zone",
            "select ((a + b)::bigint) * 2, (date '2024-01-01'::timestamp with time zone)"),
        Arguments.of("select x::double precision as y, where (x)::int in (1)",
            "select (x::double precision) as y, where ((x)::int) in (1)"),
        Arguments.of("select case when a then 1 end::int, 'a::b', \"c::d\" -- e::f",
            "select case when a then 1 end::int, 'a::b', \"c::d\" -- e::f"));
  }

  /** Postgres casts are grouped, so that they bind as tightly as in Postgres. */
  @ParameterizedTest
  @MethodSource("casts")
  void groupsInfixCasts(String sql, String expected) {
    assertEquals(expected, SqlRewriter.groupInfixCasts(sql));
  }

  @Test
  void usesTheConnectionsQuotes() {
    assertEquals("select `date` from t", SqlRewriter.quoteDateTime("select `date` from t",
        "`", "`"));
    assertEquals("select `date` from t", SqlRewriter.quoteDateTime("select date from t",
        "`", "`"));
    assertEquals("select [time] from t", SqlRewriter.quoteDateTime("select time from t",
        "[", "]"));
  }

  @Test
  void findsTheLeadingVerb() {
    assertEquals("SELECT", SqlRewriter.leadingVerb("select 1"));
    assertEquals("INSERT", SqlRewriter.leadingVerb("  /* c */ -- x\n insert into t values (1)"));
    assertEquals("SELECT", SqlRewriter.leadingVerb("(select 1)"));
    assertEquals("", SqlRewriter.leadingVerb("'x'"));
    assertEquals("", SqlRewriter.leadingVerb(""));
  }
}
