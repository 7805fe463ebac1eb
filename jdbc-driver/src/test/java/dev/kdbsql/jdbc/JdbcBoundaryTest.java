package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Fixtures;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.avatica.util.Cursor;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.Test;

/**
 * Whatever a wrapped call throws, the caller gets an {@link SQLException}: every method of the
 * proxied connection, statements and metadata ({@link JdbcBoundary}) and of the result set's
 * column accessors ({@link GuardedAccessor}) that may throw one is called over a fake that
 * fails (a few constant getters, like {@code getDriverMajorVersion}, declare none). The failure of
 * interest is HotSpot's late {@link InternalError} for a mapped file truncated while read, which
 * cannot be made to arrive inside a chosen call on a real database (ChangingFilesTest shows it
 * arriving in getters); here it is thrown from every call.
 */
class JdbcBoundaryTest {
  /** HotSpot's message for a fault met in compiled code. */
  private static final String FAULT =
      "a fault occurred in a recent unsafe memory access operation in compiled Java code";

  @Test
  void mappedMemoryFaultFromAnyWrappedCallIsAnSqlException() throws Exception {
    Connection c = JdbcBoundary.connection(fake(Connection.class, () -> new InternalError(FAULT)));
    List<String> called = new ArrayList<>();
    for (Object target : List.of(c, c.createStatement(), c.prepareStatement("x"),
        c.prepareCall("x"), c.getMetaData())) {
      for (Class<?> iface : target.getClass().getInterfaces()) {
        for (Method m : iface.getMethods()) {
          if (isStatic(m) || isFactory(m) || m.getExceptionTypes().length == 0) {
            continue;
          }
          SQLException e = callFailing(target, m);
          assertTrue(e.getMessage().contains("changed underneath this query"),
              m + ": " + e.getMessage());
          assertInstanceOf(InternalError.class, e.getCause(), m.toString());
          called.add(iface.getSimpleName() + "." + m.getName());
        }
      }
    }
    assertTrue(called.containsAll(List.of("Connection.commit", "Connection.setClientInfo",
        "Statement.executeQuery", "Statement.executeBatch", "PreparedStatement.executeQuery",
        "PreparedStatement.setLong", "CallableStatement.getLong", "DatabaseMetaData.getTables",
        "DatabaseMetaData.getColumns")), called.toString());
  }

  @Test
  void uncheckedExceptionsBecomeSqlExceptionsAndOtherErrorsPassUnchanged() throws Exception {
    Connection c = JdbcBoundary.connection(
        fake(Connection.class, () -> new IllegalStateException("broken")));
    SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeQuery("x"));
    assertEquals("broken", e.getMessage());
    Connection oom = JdbcBoundary.connection(
        fake(Connection.class, () -> new OutOfMemoryError("heap")));
    assertThrows(OutOfMemoryError.class, () -> oom.createStatement().execute("x"));
    Connection other = JdbcBoundary.connection(
        fake(Connection.class, () -> new InternalError("something else")));
    assertThrows(InternalError.class, () -> other.createStatement().execute("x"));
  }

  @Test
  void batchFailuresAreBatchUpdateExceptions() throws Exception {
    Connection c = JdbcBoundary.connection(
        fake(Connection.class, () -> new RuntimeException("parse failed: read-only")));
    Statement s = c.createStatement();
    BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
    assertEquals("Error while executing batch: parse failed: read-only", e.getMessage());
    assertEquals(0, e.getUpdateCounts().length);
    BatchUpdateException large = assertThrows(BatchUpdateException.class, s::executeLargeBatch);
    assertEquals(0, large.getLargeUpdateCounts().length);
    Connection faulting = JdbcBoundary.connection(
        fake(Connection.class, () -> new InternalError(FAULT)));
    assertTrue(assertThrows(BatchUpdateException.class,
        () -> faulting.createStatement().executeBatch()).getMessage().contains("changed"));
  }

  @Test
  void prepareErrorsCarryTheirCauseInTheMessage() {
    SQLException avatica = new SQLException("Error while preparing statement [SELECT 1]",
        new RuntimeException("/db/t/.d: bad"));
    SQLException out = JdbcBoundary.withCauseInMessage(avatica);
    assertEquals("Error while preparing statement [SELECT 1]: /db/t/.d: bad", out.getMessage());
    assertSame(avatica.getCause(), out.getCause());
    SQLException complete = new SQLException("a: b", new RuntimeException("b"));
    assertSame(complete, JdbcBoundary.withCauseInMessage(complete));
  }

  @Test
  void wrappedObjectsKeepJdbcIdentities() throws Exception {
    Connection raw = fake(Connection.class, () -> new InternalError(FAULT));
    Connection c = JdbcBoundary.connection(raw);
    Statement s = c.createStatement();
    assertTrue(Proxy.isProxyClass(s.getClass()));
    assertSame(c, s.getConnection());
    assertSame(c, c.getMetaData().getConnection());
    assertSame(c, c.unwrap(Connection.class));
    assertTrue(c.isWrapperFor(Connection.class));
    assertInstanceOf(PreparedStatement.class, c.prepareStatement("x"));
    assertInstanceOf(CallableStatement.class, c.prepareCall("x"));
    assertEquals(c, c);
  }

  @Test
  void theDriverHandsOutGuardedObjectsThatKeepJdbcIdentities() throws Exception {
    Path db = Fixtures.path("egor7__q/db");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db)) {
      assertInstanceOf(JdbcBoundary.class, Proxy.getInvocationHandler(c));
      try (Statement s = c.createStatement();
          PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM t")) {
        assertInstanceOf(JdbcBoundary.class, Proxy.getInvocationHandler(s));
        assertInstanceOf(JdbcBoundary.class, Proxy.getInvocationHandler(p));
        assertSame(c, s.getConnection());
        assertSame(c, p.getConnection());
        assertSame(c, c.getMetaData().getConnection());
        try (ResultSet rs = p.executeQuery()) {
          assertTrue(rs.next());
          assertTrue(rs.getLong(1) > 0);
        }
      }
      assertTrue(c.isWrapperFor(CalciteConnection.class));
      assertEquals(List.of("kdb"), List.copyOf(
          c.unwrap(CalciteConnection.class).getRootSchema().getSubSchemaNames()));
    }
  }

  /**
   * Avatica's prepared statement is its own ParameterMetaData: guarded by the declared type, the
   * metadata is a ParameterMetaData (it was a statement proxy, a ClassCastException in callers),
   * and both kinds of metadata turn a bad index into an SQLException.
   */
  @Test
  void preparedStatementMetadataIsGuardedAsWhatItIs() throws Exception {
    Path db = Fixtures.path("egor7__q/db");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        PreparedStatement p = c.prepareStatement("SELECT sym, p FROM t WHERE p > ? AND sym = ?")) {
      ParameterMetaData pm = p.getParameterMetaData();
      assertInstanceOf(JdbcBoundary.class, Proxy.getInvocationHandler(pm));
      assertEquals(2, pm.getParameterCount());
      assertEquals(Types.DOUBLE, pm.getParameterType(1));
      assertEquals(Types.VARCHAR, pm.getParameterType(2));
      assertThrows(SQLException.class, () -> pm.getParameterType(3));
      ResultSetMetaData md = p.getMetaData();
      assertInstanceOf(JdbcBoundary.class, Proxy.getInvocationHandler(md));
      assertEquals(2, md.getColumnCount());
      assertEquals("P", md.getColumnLabel(2).toUpperCase(java.util.Locale.ROOT));
      assertThrows(SQLException.class, () -> md.getColumnName(3));
    }
  }

  /** JDBC 4.2: setObject takes java.time values (Avatica alone fails on them at execution). */
  @Test
  void setObjectTakesJavaTimeValues() throws Exception {
    Path db = Fixtures.path("egor7__q/db");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        PreparedStatement p = c.prepareStatement(
            "SELECT sym FROM t WHERE \"date\" = ? AND ti > ? ORDER BY sym")) {
      p.setObject(1, java.time.LocalDate.of(2015, 1, 2));
      p.setObject(2, java.time.LocalTime.of(9, 30, 30));
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("msft", rs.getString(1));
        assertTrue(!rs.next());
      }
    }
    Object[] args = JdbcBoundary.javaTimeArguments(
        new Object[] {1, java.time.LocalTime.of(9, 30, 0, 123_000_000)});
    java.sql.Time time = (java.sql.Time) args[1];
    assertEquals(java.time.LocalTime.of(9, 30), time.toLocalTime());
    assertEquals(123, Math.floorMod(time.getTime(), 1000L), "milliseconds kept");
  }

  @Test
  void parameterMetadataOfAPreparedStatementIsParameterMetadata() throws Exception {
    Path db = Fixtures.path("egor7__q/db");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        PreparedStatement p = c.prepareStatement("SELECT p FROM t WHERE p > ? AND sym = ?")) {
      ParameterMetaData md = p.getParameterMetaData();
      assertEquals(2, md.getParameterCount());
      assertEquals(Types.DOUBLE, md.getParameterType(1));
      assertEquals(Types.VARCHAR, md.getParameterType(2));
    }
  }

  @Test
  void everyAccessorGetterTurnsAFaultIntoAnSqlException() throws Exception {
    Cursor.Accessor a = new GuardedAccessor(fake(Cursor.Accessor.class, () -> new InternalError(FAULT)));
    int n = 0;
    for (Method m : Cursor.Accessor.class.getMethods()) {
      SQLException e = callFailing(a, m);
      assertTrue(e.getMessage().contains("changed underneath this query"), m.toString());
      n++;
    }
    assertEquals(Cursor.Accessor.class.getMethods().length, n);
    Cursor.Accessor unchecked = new GuardedAccessor(
        fake(Cursor.Accessor.class, () -> new ClassCastException("not a long")));
    assertEquals("not a long", assertThrows(SQLException.class, unchecked::getLong).getMessage());
  }

  /** Calls {@code m} on {@code target} with default arguments; returns the SQLException. */
  private static SQLException callFailing(Object target, Method m) throws Exception {
    try {
      m.invoke(target, defaults(m));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException s) {
        return s;
      }
      throw new AssertionError(m + " threw " + e.getCause(), e.getCause());
    }
    throw new AssertionError(m + " did not fail");
  }

  private static Object[] defaults(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      args[i] = t == boolean.class ? false : t == byte.class ? (byte) 0 : t == short.class
          ? (short) 0 : t == int.class ? 0 : t == long.class ? 0L : t == float.class ? 0f
          : t == double.class ? 0d : t == char.class ? 'x' : t == Class.class ? String.class
          : null;
    }
    return args;
  }

  private static boolean isStatic(Method m) {
    return Modifier.isStatic(m.getModifiers());
  }

  /** Methods that hand out the fakes this test walks, instead of failing. */
  private static boolean isFactory(Method m) {
    return m.getDeclaringClass() == Connection.class && (m.getName().equals("createStatement")
        || m.getName().startsWith("prepare") || m.getName().equals("getMetaData"))
        || m.getName().equals("getConnection");
  }

  /**
   * A fake JDBC object: the factory methods of a connection return fakes of statements and
   * metadata of the same kind, {@code getConnection} returns the fake connection, and every
   * other call throws {@code failure}.
   */
  @SuppressWarnings("unchecked")
  private static <T> T fake(Class<T> iface, Supplier<Throwable> failure) {
    Object[] connection = new Object[1];
    T fake = (T) Proxy.newProxyInstance(JdbcBoundaryTest.class.getClassLoader(),
        new Class<?>[] {iface}, (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) {
            return m.getName().equals("equals") ? proxy == args[0]
                : m.getName().equals("hashCode") ? System.identityHashCode(proxy) : "fake";
          }
          if (m.getName().equals("getConnection")) {
            return connection[0];
          }
          if (iface == Connection.class && isFactory(m)) {
            Class<?> type = m.getReturnType();
            return fakeOf(type, failure, (Connection) connection[0]);
          }
          throw failure.get();
        });
    connection[0] = fake instanceof Connection ? fake : null;
    return fake;
  }

  private static Object fakeOf(Class<?> type, Supplier<Throwable> failure, Connection owner) {
    return Proxy.newProxyInstance(JdbcBoundaryTest.class.getClassLoader(),
        new Class<?>[] {type}, (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) {
            return m.getName().equals("equals") ? proxy == args[0]
                : m.getName().equals("hashCode") ? System.identityHashCode(proxy) : "fake";
          }
          if (m.getName().equals("getConnection")) {
            return owner;
          }
          throw failure.get();
        });
  }
}
