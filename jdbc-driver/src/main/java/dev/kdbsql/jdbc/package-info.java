/**
 * The {@code jdbc:kdb:} JDBC driver: Calcite's driver with defaults that suit kdb+ databases
 * (kdb+ names unquoted, nanosecond timestamps, no time-zone shift, read-only), metadata that GUI
 * tools can use, and a ResultSet that hands out stored nanoseconds.
 */
package dev.kdbsql.jdbc;
