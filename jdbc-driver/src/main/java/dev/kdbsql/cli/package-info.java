/**
 * The {@code kdbsql} command line: SQLLine on a kdb+ database through the {@code jdbc:kdb:} driver,
 * the sample database on first use, one statement with {@code -e}, one-line errors.
 */
package dev.kdbsql.cli;
