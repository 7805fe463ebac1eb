/**
 * Arrow for kdb+ databases: export of tables (straight from the mapped column files, in bulk) and
 * of any JDBC result, Arrow IPC file and stream writers, import of Arrow IPC into kdb+ tables
 * through the storage writer, and the {@code kdbsql export}/{@code kdbsql import} commands.
 *
 * <p>Every exported field carries the metadata key {@code kdb.type} (q's type character), so an
 * import restores the exact kdb+ type: kdb+ to Arrow to kdb+ is lossless, nulls and infinities
 * included. The mapping is in {@link dev.kdbsql.arrow.ArrowTypes}.
 *
 * <p>Arrow Java needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 17+; this
 * module is kept out of the JDBC driver jar for that reason.
 */
package dev.kdbsql.arrow;
