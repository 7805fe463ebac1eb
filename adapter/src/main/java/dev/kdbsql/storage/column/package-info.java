/** One {@link dev.kdbsql.storage.Column} implementation per physical kdb+ column representation. */
package dev.kdbsql.storage.column;
