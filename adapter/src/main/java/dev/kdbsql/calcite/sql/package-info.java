/**
 * The SQL surface kdb+ users expect: the parser that accepts {@code date}, {@code time},
 * {@code first} and {@code last} unquoted and refuses writes
 * ({@link dev.kdbsql.calcite.sql.KdbParserImpl}), and q's functions {@code xbar}, {@code wavg},
 * {@code first} and {@code last} as SQL functions ({@link dev.kdbsql.calcite.sql.KdbFunctions}),
 * and the functions of other dialects analysts and BI tools write, in PostgreSQL's forms
 * ({@link dev.kdbsql.calcite.sql.CommonFunctions}).
 */
package dev.kdbsql.calcite.sql;
