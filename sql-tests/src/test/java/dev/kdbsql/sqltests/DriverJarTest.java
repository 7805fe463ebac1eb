package dev.kdbsql.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The self-contained driver jar, as a tool like DBeaver loads it: in a fresh class loader with
 * nothing else on the class path, it registers only our driver and runs a query.
 */
class DriverJarTest {
  static Path jar() {
    Path jar = Path.of(System.getProperty("kdbsql.driverJar", "missing"));
    assumeTrue(Files.isRegularFile(jar), "driver jar not built at " + jar
        + " (run mvn verify, which packages jdbc-driver before these tests)");
    return jar;
  }

  @Test
  void freshClassLoaderRegistersOnlyOurDriverAndQueries() throws Exception {
    Path egor = TestDatabases.fixture("egor7__q/db");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      List<String> drivers = new ArrayList<>();
      for (Driver d : ServiceLoader.load(Driver.class, loader)) {
        if (d.getClass().getClassLoader() == loader) {
          drivers.add(d.getClass().getName());
        }
      }
      assertEquals(List.of("dev.kdbsql.jdbc.KdbDriver"), drivers);
      Driver driver = (Driver) loader.loadClass("dev.kdbsql.jdbc.KdbDriver")
          .getDeclaredConstructor().newInstance();
      try (Connection c = driver.connect("jdbc:kdb:" + egor, new Properties());
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery(
              "select sym, p from t where date = date '2015-01-02' order by sym")) {
        assertTrue(r.next());
        assertEquals("ibm", r.getString(1));
        assertEquals(101.5, r.getDouble(2));
        assertTrue(r.next());
        assertEquals("msft", r.getString(1));
        assertEquals(33.5, r.getDouble(2));
      }
    }
  }

  @Test
  void commonLibrariesAreRelocated() throws Exception {
    try (JarFile j = new JarFile(jar().toFile())) {
      List<String> leaked = j.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("com/google/") || n.startsWith("com/fasterxml/")
              || n.startsWith("org/slf4j/") || n.startsWith("org/apache/commons/"))
          .limit(5).toList();
      assertEquals(List.of(), leaked, "unrelocated classes that could clash with a host");
      assertTrue(j.getEntry("dev/kdbsql/jdbc/KdbDriver.class") != null);
      assertEquals("dev.kdbsql.cli.KdbSql", j.getManifest().getMainAttributes().getValue("Main-Class"));
    }
  }
}
