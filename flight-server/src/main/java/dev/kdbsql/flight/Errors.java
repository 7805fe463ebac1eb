package dev.kdbsql.flight;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * Flight errors for what a call can fail with, each carrying a message that names the problem
 * (the SQL error, the table, the file): the messages of the exception's causes are joined, so
 * Calcite's "Object 'x' not found" under its "Error while preparing statement" reaches the
 * client, cut to a length gRPC trailers carry.
 */
final class Errors {
  /** gRPC clients take 8 KiB of headers by default; a message stays well under. */
  private static final int MAX_MESSAGE = 4000;

  private Errors() {}

  /**
   * The error for a failure to prepare or run a query: INVALID_ARGUMENT for what the statement
   * asks (syntax, unknown tables or columns, writes), INTERNAL for what the database's files or
   * the server did (SQLSTATE class XX, I/O).
   */
  static FlightRuntimeException query(Throwable e) {
    if (e instanceof FlightRuntimeException f) {
      return f;
    }
    boolean internal = e instanceof IOException || e instanceof RuntimeException
        || e instanceof Error
        || e instanceof SQLException s && s.getSQLState() != null
            && s.getSQLState().startsWith("XX");
    CallStatus status = internal ? CallStatus.INTERNAL : CallStatus.INVALID_ARGUMENT;
    return status.withDescription(describe(e)).withCause(e).toRuntimeException();
  }

  /** An INTERNAL error for an unexpected failure in {@code what}. */
  static FlightRuntimeException internal(String what, Throwable e) {
    if (e instanceof FlightRuntimeException f) {
      return f;
    }
    return CallStatus.INTERNAL.withDescription(what + ": " + describe(e)).withCause(e)
        .toRuntimeException();
  }

  /** The messages of {@code e} and its causes, each once, joined with ": ". */
  static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 8; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        m = t.getClass().getSimpleName();
      }
      m = m.strip();
      String joined = String.join(": ", parts);
      if (!joined.contains(m)) {
        parts.add(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String s = String.join(": ", parts);
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
  }
}
