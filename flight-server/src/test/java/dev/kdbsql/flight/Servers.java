package dev.kdbsql.flight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Servers for the tests: in this JVM, on a free loopback port, with a user and password. */
final class Servers {
  static final String USER = "analyst";
  static final String PASSWORD = "correct horse battery staple";

  private Servers() {}

  /** Options for {@code db} with the test user. */
  static ServerOptions options(Path db) {
    return ServerOptions.loopback(db).withCredentials(new ServerOptions.Credentials(USER,
        PASSWORD.getBytes(StandardCharsets.UTF_8)));
  }

  /** A started server for {@code db} with the test user. */
  static KdbFlightServer start(Path db) throws IOException {
    return KdbFlightServer.start(options(db));
  }
}
