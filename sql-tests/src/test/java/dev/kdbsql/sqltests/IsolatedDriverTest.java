package dev.kdbsql.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kdbsql.jdbc.KdbDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole driver as DBeaver, Tableau and application servers load it: the self-contained jar in
 * a {@link URLClassLoader} of its own, whose parent is the platform class loader, so the driver
 * and everything it carries (Calcite, Avatica, Guava, ...) are classes of that loader and only
 * {@code java.sql} is shared with the caller. Every call goes through the {@code java.sql}
 * interfaces: connect, every {@link DatabaseMetaData} method, prepared statements with parameters
 * and their parameter and result metadata, and every {@link ResultSet} getter on columns of every
 * kdb+ type. Each answer (value, or exception class and message) must equal the same call's on the
 * driver loaded from the class path, and nothing but an {@link SQLException} may come out.
 */
class IsolatedDriverTest {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  /** The targets of {@code getObject(int, Class)}. */
  private static final List<Class<?>> TARGETS = List.of(Object.class, String.class, Long.class,
      Integer.class, Short.class, Byte.class, Boolean.class, Double.class, Float.class,
      BigDecimal.class, LocalDate.class, LocalDateTime.class, LocalTime.class, Instant.class,
      OffsetDateTime.class, Duration.class, Timestamp.class, java.sql.Date.class, Time.class,
      byte[].class, UUID.class);

  private static URLClassLoader loader;
  private static Driver isolated;
  private static final Driver CLASS_PATH = new KdbDriver();

  @TempDir
  Path tmp;

  @BeforeAll
  static void loadTheJarInItsOwnLoader() throws Exception {
    loader = new URLClassLoader(new URL[] {DriverJarTest.jar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader());
    isolated = (Driver) loader.loadClass("dev.kdbsql.jdbc.KdbDriver")
        .getDeclaredConstructor().newInstance();
    assertNotSame(KdbDriver.class, isolated.getClass());
    assertEquals(loader, isolated.getClass().getClassLoader());
  }

  @AfterAll
  static void close() throws IOException {
    if (loader != null) {
      loader.close();
    }
  }

  private static Connection isolated(Path db) throws SQLException {
    Connection c = isolated.connect("jdbc:kdb:" + db, new Properties());
    assertEquals(loader, c.getClass().getClassLoader(), "a connection of the jar's own classes");
    return c;
  }

  private static Connection classPath(Path db) throws SQLException {
    return CLASS_PATH.connect("jdbc:kdb:" + db, new Properties());
  }

  private static Path allTypes() {
    return TestDatabases.fixture("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
  }

  @Test
  void everyDatabaseMetaDataMethodAnswersAsOnTheClassPath() throws Exception {
    for (Path db : List.of(TestDatabases.fixture("egor7__q/db"), allTypes())) {
      try (Connection a = isolated(db); Connection b = classPath(db)) {
        DatabaseMetaData ma = a.getMetaData();
        DatabaseMetaData mb = b.getMetaData();
        int called = 0;
        for (Method m : sorted(DatabaseMetaData.class.getMethods())) {
          if (Modifier.isStatic(m.getModifiers())) {
            continue;
          }
          Object[] args = metadataArguments(m);
          assertEquals(answer(mb, m, args), answer(ma, m, args), m.toString());
          called++;
        }
        assertTrue(called > 170, "called " + called);
        List<String> tables = rows(ma.getTables(null, null, "%", null)).stream()
            .map(r -> r.get(2)).toList();
        assertTrue(tables.contains("t") || tables.contains("splayedTable"), tables.toString());
      }
    }
  }

  @Test
  void preparedStatementsWithParametersAndTheirMetadataAnswerAsOnTheClassPath() throws Exception {
    Path all = allTypes();
    String t = "\"splayedTable\"";
    List<Prepared> cases = List.of(
        new Prepared(all, "SELECT * FROM " + t + " WHERE \"int\" > ? AND \"double\" < ?",
            List.of(100, 1e6)),
        new Prepared(all, "SELECT \"date\", \"str\", \"short\" FROM " + t + " WHERE \"date\" >= ?"
            + " AND \"str\" <> ? AND \"short\" BETWEEN ? AND ?",
            List.of(java.sql.Date.valueOf("2000-01-01"), "ww", (short) -100, (short) 100)),
        new Prepared(all, "SELECT COUNT(*), MIN(\"nanostamp\"), MAX(\"time\"), SUM(\"long\") FROM "
            + t + " WHERE \"nanostamp\" > TIMESTAMP '1990-01-01 00:00:00.000000001'"
            + " AND \"bool\" = ? AND \"float\" >= ?", List.of(true, -1000.5f)),
        new Prepared(all, "SELECT \"minute\", \"second\" FROM " + t + " WHERE \"time\" < ? "
            + "AND \"byte\" = ? ORDER BY \"second\" LIMIT 20", List.of(Time.valueOf("12:00:00"), 6)),
        new Prepared(TestDatabases.fixture("egor7__q/db"),
            "SELECT sym, p FROM t WHERE \"date\" = ? AND p > ? ORDER BY sym",
            List.of(LocalDate.of(2015, 1, 2), new BigDecimal("1.5"))),
        new Prepared(TestDatabases.fixture("egor7__q/db"),
            "SELECT c1, c2 FROM tref WHERE c1 IN (?, ?) OR c2 = ?", List.of(1L, 3L, 2.2)));
    for (Prepared p : cases) {
      try (Connection a = isolated(p.db); Connection b = classPath(p.db);
          PreparedStatement pa = a.prepareStatement(p.sql);
          PreparedStatement pb = b.prepareStatement(p.sql)) {
        ParameterMetaData pma = pa.getParameterMetaData();
        ParameterMetaData pmb = pb.getParameterMetaData();
        assertEquals(p.values.size(), pma.getParameterCount(), p.sql);
        assertSameAnswers(describe(pmb, pmb.getParameterCount() + 1),
            describe(pma, pma.getParameterCount() + 1), p.sql);
        ResultSetMetaData rma = pa.getMetaData();
        assertSameAnswers(describe(pb.getMetaData(), rma.getColumnCount() + 1),
            describe(rma, rma.getColumnCount() + 1), p.sql);
        for (int i = 0; i < p.values.size(); i++) {
          pa.setObject(i + 1, p.values.get(i));
          pb.setObject(i + 1, p.values.get(i));
        }
        List<List<String>> expected;
        try (ResultSet rs = pb.executeQuery()) {
          expected = getters(rs, 80);
        }
        try (ResultSet rs = pa.executeQuery()) {
          List<List<String>> got = getters(rs, 80);
          assertEquals(expected.size(), got.size(), p.sql);
          for (int r = 0; r < got.size(); r++) {
            assertSameAnswers(expected.get(r), got.get(r), p.sql + ", row " + (r + 1));
          }
        }
        assertTrue(expected.size() > 0, "rows for " + p.sql);
      }
    }
  }

  private record Prepared(Path db, String sql, List<Object> values) {
  }

  @Test
  void everyGetterOnEveryTypeAnswersAsOnTheClassPath() throws Exception {
    List<Path[]> dbs = List.of(new Path[] {allTypes()},
        new Path[] {TestDatabases.fixture("egor7__q/db")},
        new Path[] {TestDatabases.fixture("mkeenan-kdb__memoriesPOC/db")},
        new Path[] {TestDatabases.fixture(
            "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/intArrayVector")},
        new Path[] {TestDatabases.fixture(
            "DataIntellectTech__TorQ-Finance-Starter-Pack/hdb")});
    int values = 0;
    for (Path[] db : dbs) {
      try (Connection a = isolated(db[0]); Connection b = classPath(db[0])) {
        for (List<String> table : rows(b.getMetaData().getTables(null, null, "%", null))) {
          String sql = "SELECT * FROM \"" + table.get(2) + "\"";
          List<List<String>> expected;
          try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            expected = getters(rs, 80);
          }
          try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> got = getters(rs, 80);
            assertEquals(expected.size(), got.size(), sql);
            for (int r = 0; r < got.size(); r++) {
              assertSameAnswers(expected.get(r), got.get(r), sql + ", row " + (r + 1));
            }
            values += got.stream().mapToInt(List::size).sum();
          }
        }
      }
    }
    assertTrue(values > 100_000, "getter calls compared: " + values);
  }

  @Test
  void errorsAreSqlExceptionsWhoseOwnMessageNamesTheFile() throws Exception {
    Path db = copy(TestDatabases.fixture("egor7__q/db"), tmp.resolve("db"));
    Path p = db.resolve("2015.01.02/t/p");
    byte[] bytes = Files.readAllBytes(p);
    bytes[2] = 99;
    Files.write(p, bytes);
    try (Connection c = isolated(db)) {
      SQLException prepare = assertThrows(SQLException.class,
          () -> c.prepareStatement("SELECT * FROM t WHERE p > ?"));
      assertTrue(prepare.getMessage().contains(p.toString()), prepare.getMessage());
      try (Statement s = c.createStatement()) {
        SQLException query = assertThrows(SQLException.class,
            () -> s.executeQuery("SELECT COUNT(*) FROM t"));
        assertTrue(query.getMessage().contains(p.toString()), query.getMessage());
        SQLException columns = assertThrows(SQLException.class,
            () -> rows(c.getMetaData().getColumns(null, null, "t", "%")));
        assertTrue(columns.getMessage().contains(p.toString()), columns.getMessage());
        s.addBatch("DELETE FROM tref");
        BatchUpdateException batch = assertThrows(BatchUpdateException.class, s::executeBatch);
        assertTrue(batch.getMessage().contains("read-only"), batch.getMessage());
        assertEquals(0, batch.getUpdateCounts().length);
        s.addBatch("INSERT INTO tref VALUES (4, 4.4)");
        assertInstanceOf(BatchUpdateException.class,
            assertThrows(SQLException.class, s::executeLargeBatch));
      }
      try (PreparedStatement ok = c.prepareStatement("SELECT c1 FROM tref WHERE c2 > ?")) {
        assertEquals(1, ok.getParameterMetaData().getParameterCount());
        ok.setDouble(1, 2.0);
        try (ResultSet rs = ok.executeQuery()) {
          assertEquals(List.of(List.of("2"), List.of("3")), rows(rs));
        }
      }
    }
  }

  /** Answers compared one by one, so that a difference is reported alone. */
  private static void assertSameAnswers(List<String> expected, List<String> got, String where) {
    assertEquals(expected.size(), got.size(), where);
    for (int i = 0; i < got.size(); i++) {
      assertEquals(expected.get(i), got.get(i), where);
    }
  }

  /** Every getter of {@code rs} on every column of its first {@code limit} rows, as text. */
  private static List<List<String>> getters(ResultSet rs, int limit) throws Exception {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<Method> getters = resultSetGetters();
    List<List<String>> out = new ArrayList<>();
    while (out.size() < limit && rs.next()) {
      List<String> row = new ArrayList<>();
      for (int col = 1; col <= n; col++) {
        String label = md.getColumnLabel(col);
        for (Method m : getters) {
          for (Object[] args : getterArguments(m, col, label)) {
            row.add(m.getName() + Arrays.toString(Arrays.stream(args).map(
                x -> x instanceof Class<?> k ? k.getSimpleName() : x instanceof Calendar ? "UTC"
                    : String.valueOf(x)).toArray()) + "=" + answer(rs, m, args)
                + "/" + rs.wasNull());
          }
        }
      }
      out.add(row);
    }
    return out;
  }

  /** The ResultSet methods that read a column: getX(int), getX(String) and their variants. */
  private static List<Method> resultSetGetters() {
    return sorted(ResultSet.class.getMethods()).stream()
        .filter(m -> m.getName().startsWith("get") && m.getParameterCount() >= 1
            && (m.getParameterTypes()[0] == int.class || m.getParameterTypes()[0] == String.class))
        .toList();
  }

  private static List<Object[]> getterArguments(Method m, int col, String label) {
    Class<?>[] types = m.getParameterTypes();
    Object first = types[0] == int.class ? col : label;
    if (types.length == 1) {
      return List.<Object[]>of(new Object[] {first});
    }
    if (types[1] == Calendar.class) {
      return List.<Object[]>of(new Object[] {first, UTC});
    }
    if (types[1] == int.class) {
      return List.<Object[]>of(new Object[] {first, 2});
    }
    if (types[1] == Map.class) {
      return List.<Object[]>of(new Object[] {first, Map.of()});
    }
    if (types[1] == Class.class) {
      return TARGETS.stream().map(k -> new Object[] {first, k}).toList();
    }
    throw new AssertionError("no arguments for " + m);
  }

  /** Arguments for a DatabaseMetaData method: "%" patterns, null catalogs, kdb's schema. */
  private static Object[] metadataArguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      args[i] = t == int.class ? (m.getName().startsWith("supportsResultSet")
              || m.getName().endsWith("AreDetected") || m.getName().startsWith("own")
              || m.getName().startsWith("others") ? ResultSet.TYPE_FORWARD_ONLY
              : m.getName().equals("supportsResultSetConcurrency") ? ResultSet.CONCUR_READ_ONLY : 0)
          : t == boolean.class ? false
          : t == String.class ? (i == 0 ? null : "%")
          : t == Class.class ? DatabaseMetaData.class
          : null;
    }
    return args;
  }

  /** The answer of {@code m} on {@code target}: its value as text, or the SQLException's. */
  private static String answer(Object target, Method m, Object[] args) {
    Throwable failure;
    try {
      return text(m.invoke(target, args));
    } catch (InvocationTargetException e) {
      failure = e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (Exception e) {
      failure = e;
    }
    if (failure instanceof SQLException s) {
      // Avatica names some objects by identity (Accessor@1b2c3d): not part of the answer.
      return s.getClass().getSimpleName() + ": "
          + String.valueOf(s.getMessage()).replaceAll("@[0-9a-f]+", "@");
    }
    fail(m + " threw " + failure + " (only SQLException may leave the driver)", failure);
    return null;
  }

  /** A value as text that is the same for equal values of either driver's classes. */
  private static String text(Object v) throws Exception {
    if (v == null) {
      return "null";
    }
    if (v instanceof ResultSet rs) {
      try (rs) {
        return rows(rs).toString();
      }
    }
    if (v instanceof byte[] b) {
      return Arrays.toString(b);
    }
    if (v instanceof Object[] o) {
      return Arrays.deepToString(o);
    }
    if (v instanceof InputStream in) {
      try (in) {
        return Arrays.toString(in.readAllBytes());
      }
    }
    if (v instanceof Reader r) {
      StringBuilder sb = new StringBuilder();
      try (r) {
        r.transferTo(new java.io.StringWriter() {
          @Override
          public void write(char[] c, int off, int len) {
            sb.append(c, off, len);
          }
        });
      }
      return sb.toString();
    }
    if (v instanceof Array a) {
      return "Array " + a.getBaseTypeName() + " " + text(a.getArray());
    }
    if (v instanceof Blob b) {
      return "Blob " + Arrays.toString(b.getBytes(1, (int) b.length()));
    }
    if (v instanceof Clob c) {
      return "Clob " + c.getSubString(1, (int) c.length());
    }
    if (v instanceof Connection || v instanceof Statement || v instanceof DatabaseMetaData
        || v instanceof ResultSetMetaData) {
      return v.getClass().getInterfaces().length > 0 ? "a JDBC object" : v.toString();
    }
    return v.getClass().getName() + " " + v;
  }

  private static List<String> describe(ParameterMetaData m, int count) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      for (Method g : sorted(ParameterMetaData.class.getMethods())) {
        if (g.getParameterCount() == 1 && g.getParameterTypes()[0] == int.class) {
          out.add(i + " " + g.getName() + "=" + answer(m, g, new Object[] {i}));
        }
      }
    }
    return out;
  }

  private static List<String> describe(ResultSetMetaData m, int count) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      for (Method g : sorted(ResultSetMetaData.class.getMethods())) {
        if (g.getParameterCount() == 1 && g.getParameterTypes()[0] == int.class) {
          out.add(i + " " + g.getName() + "=" + answer(m, g, new Object[] {i}));
        }
      }
    }
    return out;
  }

  private static List<List<String>> rows(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<String>> out = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getString(i));
      }
      out.add(row);
    }
    return out;
  }

  private static List<Method> sorted(Method[] methods) {
    return Stream.of(methods).sorted(Comparator.comparing(Method::toGenericString)).toList();
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().setWritable(true);
        }
      }
    }
    return to;
  }
}
