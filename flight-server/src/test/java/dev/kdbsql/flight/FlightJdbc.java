package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The Arrow Flight SQL JDBC driver as DBeaver runs it: its one shaded jar, loaded in a class
 * loader of its own (the build puts the jar's path in {@code flight.jdbc.jar}).
 */
final class FlightJdbc {
  private static Driver driver;

  private FlightJdbc() {}

  /** The driver, loaded once. */
  static synchronized Driver driver() {
    if (driver == null) {
      String jar = System.getProperty("flight.jdbc.jar");
      assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
          "the Arrow Flight SQL JDBC driver jar is not known (flight.jdbc.jar=" + jar + ")");
      try {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
            ClassLoader.getPlatformClassLoader());
        driver = (Driver) Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver",
            true, loader).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | java.net.MalformedURLException e) {
        throw new IllegalStateException("cannot load the Flight SQL JDBC driver from " + jar, e);
      }
    }
    return driver;
  }

  /** A connection to a plain-text server on {@code port} as {@code user}. */
  static Connection connect(int port, String user, String password) throws SQLException {
    return connect("jdbc:arrow-flight-sql://127.0.0.1:" + port + "?useEncryption=false", user,
        password);
  }

  /** A connection to {@code url} as {@code user} (no credentials when null). */
  static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
      p.setProperty("password", password);
    }
    Connection c = driver().connect(url, p);
    if (c == null) {
      throw new SQLException("the Flight SQL driver does not accept " + url);
    }
    return c;
  }
}
