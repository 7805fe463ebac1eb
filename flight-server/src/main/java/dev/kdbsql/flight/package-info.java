/**
 * {@code kdbsql serve}: an Arrow Flight SQL server over a kdb+ database on disk. Queries run
 * through jdbc:kdb: connections and stream as Arrow with exact kdb+ types (arrow-bridge's
 * mapping; symbols as Utf8), batch by batch under the client's flow control; catalog calls answer
 * from the driver's metadata. One user and password (HTTP basic, then bearer tokens), TLS from
 * PEM files, a limit on concurrent queries, cancellation, and a drain on shutdown. Read-only.
 *
 * <p>{@link dev.kdbsql.flight.KdbFlightServer} is the server, {@link dev.kdbsql.flight.ServeCommand}
 * the command line. Like all Arrow Java code it needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}.
 */
package dev.kdbsql.flight;
