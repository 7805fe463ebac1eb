package dev.kdbsql.flight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions the server reports (kdbsql's and Arrow's), written into the jar by the build. */
final class Versions {
  /** kdbsql's version. */
  static final String KDBSQL;
  /** The Arrow Java version the server is built with. */
  static final String ARROW;

  static {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the flight-server "
            + "jar; rebuild it with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KDBSQL = p.getProperty("kdbsql");
    ARROW = p.getProperty("arrow");
  }

  private Versions() {}
}
