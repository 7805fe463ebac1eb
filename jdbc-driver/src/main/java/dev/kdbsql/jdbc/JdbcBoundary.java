package dev.kdbsql.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The edge between the host application and Calcite's JDBC objects: the connection the driver
 * hands out, and the statements, database, parameter and result set metadata reached from it,
 * are proxies that let nothing but an {@link SQLException} out of a call.
 *
 * <p>Calcite's connection and statement classes cannot be subclassed outside their package, and
 * Avatica lets some failures through unwrapped: the read-only refusal from {@code executeBatch}
 * is a {@code RuntimeException}, metadata calls rethrow storage errors unchecked, and the
 * asynchronous {@link InternalError} of a truncated mapped file passes every {@code catch
 * (RuntimeException)} (see {@link KdbSqlErrors}). A dynamic proxy covers every method of these
 * interfaces, present and future, in one place; they are called once per statement, not per
 * row, so reflection costs nothing measurable. Result sets, whose getters are per value, are
 * guarded without reflection by {@link KdbResultSet} and {@link GuardedAccessor} instead.
 *
 * <p>Two messages are also completed here. {@code executeBatch} failures become a
 * {@link BatchUpdateException}, and {@code prepareStatement} failures carry the underlying
 * problem (for a damaged file: its name and what is wrong) in the top-level message, which
 * Avatica leaves at "Error while preparing statement [sql]", as {@code executeQuery} already
 * does with "Error while executing SQL".
 *
 * <p>{@code unwrap} to a JDBC interface returns the proxy; to Calcite's or Avatica's classes it
 * returns the object behind it, whose calls are no longer guarded. {@code getConnection()}
 * returns the proxy connection. {@code ResultSet.getStatement()} returns Calcite's statement,
 * since Avatica's result set declares it as its own statement class. Closing the connection runs
 * its {@code onClose} (the driver closes the connection's database there) once, after Calcite's
 * connection has closed.
 */
final class JdbcBoundary implements InvocationHandler {
  private static final ClassLoader LOADER = JdbcBoundary.class.getClassLoader();
  /** How a parameter's exact value is bound ({@link ExactParameters}): as it is. */
  private static final Method SET_OBJECT;

  static {
    try {
      SET_OBJECT = PreparedStatement.class.getMethod("setObject", int.class, Object.class,
          int.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object target;
  private final Connection rawConnection;
  private Connection connection;
  /** What closing the connection also does; null once done, or for other objects. */
  private Runnable onClose;

  private JdbcBoundary(Object target, Connection rawConnection, Connection connection) {
    this.target = target;
    this.rawConnection = rawConnection;
    this.connection = connection;
  }

  /** The guarded view of {@code raw}, with nothing more to do on close. */
  static Connection connection(Connection raw) {
    return connection(raw, null);
  }

  /**
   * The guarded view of {@code raw}, which the driver returns instead of it; {@code onClose}
   * runs when it is closed.
   */
  static Connection connection(Connection raw, Runnable onClose) {
    JdbcBoundary h = new JdbcBoundary(raw, raw, null);
    h.onClose = onClose;
    Connection proxy = (Connection) Proxy.newProxyInstance(LOADER,
        new Class<?>[] {Connection.class}, h);
    h.connection = proxy;
    return proxy;
  }

  /** The guarded view of a result set's metadata (result sets themselves guard their getters). */
  static ResultSetMetaData metaData(ResultSetMetaData raw) {
    if (raw == null || Proxy.isProxyClass(raw.getClass())) {
      return raw;
    }
    return (ResultSetMetaData) Proxy.newProxyInstance(LOADER,
        new Class<?>[] {ResultSetMetaData.class}, new JdbcBoundary(raw, null, null));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "kdb " + target;
      };
    }
    String name = method.getName();
    if ((name.equals("unwrap") || name.equals("isWrapperFor")) && args != null
        && args[0] instanceof Class<?> iface && iface.isInstance(proxy)) {
      return name.equals("unwrap") ? proxy : Boolean.TRUE;
    }
    Object result;
    try {
      if (registers(name)) {
        // Calcite numbers a connection's statements with an unsynchronized counter and keeps
        // them in a plain map: threads sharing the connection create and close one at a time.
        synchronized (rawConnection) {
          result = call(method, name, args);
        }
      } else {
        result = call(method, name, args);
      }
    } catch (InvocationTargetException e) {
      throw declared(method, e.getCause(), translate(name, e.getCause()));
    } finally {
      if (name.equals("close") && target == rawConnection) {
        closed();
      }
    }
    // unwrap asked for a class the proxy is not: the object behind it, as it is.
    return name.equals("unwrap") ? result : wrap(result, method.getReturnType());
  }

  private Object call(Method method, String name, Object[] args)
      throws ReflectiveOperationException, SQLException {
    Object exact = target instanceof PreparedStatement ps
        && ExactParameters.SETTERS.contains(name) ? ExactParameters.of(ps, name, args) : null;
    return exact != null
        ? SET_OBJECT.invoke(target, args[0], exact, java.sql.Types.JAVA_OBJECT)
        : method.invoke(target, name.equals("setObject") ? javaTimeArguments(args) : args);
  }

  /** Whether {@code name} adds a statement to the connection or removes one. */
  private boolean registers(String name) {
    if (rawConnection == null) {
      return false;
    }
    if (target == rawConnection) {
      return name.equals("createStatement") || name.equals("prepareStatement")
          || name.equals("prepareCall");
    }
    return target instanceof Statement && name.equals("close");
  }

  /**
   * The arguments of {@code setObject} with a {@code java.time} value (JDBC 4.2) turned into the
   * {@code java.sql} value of the same wall-clock reading, which Avatica converts; it passes the
   * {@code java.time} ones on as they are, to fail with a ClassCastException at execution.
   */
  static Object[] javaTimeArguments(Object[] args) {
    if (args == null || args.length < 2) {
      return args;
    }
    Object v = args[1];
    Object converted;
    if (v instanceof LocalDate d) {
      converted = java.sql.Date.valueOf(d);
    } else if (v instanceof LocalDateTime t) {
      converted = Timestamp.valueOf(t);
    } else if (v instanceof LocalTime t) {
      Time time = Time.valueOf(t.withNano(0));
      time.setTime(time.getTime() + t.getNano() / 1_000_000);
      converted = time;
    } else if (v instanceof OffsetDateTime t) {
      converted = Timestamp.from(t.toInstant());
    } else if (v instanceof Instant t) {
      converted = Timestamp.from(t);
    } else {
      return args;
    }
    Object[] out = args.clone();
    out[1] = converted;
    return out;
  }

  /**
   * {@code translated}, unless {@code method} may not throw it (a few constant getters such as
   * {@code getDriverMajorVersion} declare no exception): then the original failure, since a
   * checked exception would reach the caller as an {@code UndeclaredThrowableException}.
   */
  private void closed() {
    Runnable r;
    synchronized (this) {
      r = onClose;
      onClose = null;
    }
    if (r != null) {
      r.run();
    }
  }

  private static Throwable declared(Method method, Throwable original, SQLException translated) {
    for (Class<?> type : method.getExceptionTypes()) {
      if (type.isInstance(translated)) {
        return translated;
      }
    }
    return original;
  }

  /**
   * Results that are JDBC objects of this connection come back guarded too, as what the method
   * declares: Avatica's prepared statement is also its own {@link ParameterMetaData}, so a proxy
   * chosen by the object's class would be a statement where the caller expects parameter
   * metadata. A statement is guarded as the most specific statement interface it implements.
   */
  private Object wrap(Object result, Class<?> declared) {
    if (result == null) {
      return null;
    }
    if (result == rawConnection) {
      return connection;
    }
    Class<?> iface = null;
    if (declared == Statement.class || declared == PreparedStatement.class
        || declared == CallableStatement.class) {
      iface = result instanceof CallableStatement ? CallableStatement.class
          : result instanceof PreparedStatement ? PreparedStatement.class
          : Statement.class;
    } else if (declared == DatabaseMetaData.class || declared == ParameterMetaData.class
        || declared == ResultSetMetaData.class) {
      iface = declared;
    }
    if (iface == null || !iface.isInstance(result) || Proxy.isProxyClass(result.getClass())
        && Proxy.getInvocationHandler(result) instanceof JdbcBoundary) {
      return result;
    }
    return Proxy.newProxyInstance(LOADER, new Class<?>[] {iface},
        new JdbcBoundary(result, rawConnection, connection));
  }

  /** The SQLException the caller gets for {@code t}, thrown by method {@code name}. */
  private static SQLException translate(String name, Throwable t) {
    switch (name) {
      case "executeBatch", "executeLargeBatch" -> {
        return batchFailure(name.equals("executeLargeBatch"), t);
      }
      case "prepareStatement", "prepareCall" -> {
        return withCauseInMessage(KdbSqlErrors.translate(t));
      }
      case "setClientInfo" -> {
        // Declared to throw only this subclass; anything else would reach the caller as an
        // UndeclaredThrowableException.
        SQLException e = KdbSqlErrors.translate(t);
        return e instanceof SQLClientInfoException c ? c : new SQLClientInfoException(
            e.getMessage(), e.getSQLState(), e.getErrorCode(), Map.of(), t);
      }
      default -> {
        return KdbSqlErrors.translate(t);
      }
    }
  }

  /**
   * A batch failure as the {@link BatchUpdateException} JDBC prescribes. Nothing of the batch
   * ran to completion as an update (the driver writes nothing), so the update counts are empty.
   */
  private static BatchUpdateException batchFailure(boolean large, Throwable t) {
    if (t instanceof BatchUpdateException b) {
      return b;
    }
    SQLException e = KdbSqlErrors.translate(t);
    String message = "Error while executing batch: " + e.getMessage();
    // An unchecked failure (such as the read-only refusal) gets no SQLSTATE, as Avatica's
    // execute of the same statement reports it.
    String state = t instanceof RuntimeException ? null : e.getSQLState();
    return large
        ? new BatchUpdateException(message, state, e.getErrorCode(), new long[0], t)
        : new BatchUpdateException(message, state, e.getErrorCode(), new int[0], t);
  }

  /**
   * {@code e} with its cause's message appended when its own does not include it, as Avatica's
   * {@code executeQuery} errors read: {@code Error while preparing statement [sql]: <file>:
   * <problem>}. The cause chain is kept as it was.
   */
  static SQLException withCauseInMessage(SQLException e) {
    Throwable cause = e.getCause();
    String detail = cause == null ? null : cause.getMessage();
    String message = String.valueOf(e.getMessage());
    if (detail == null || detail.isEmpty() || message.contains(detail)) {
      return e;
    }
    SQLException out = new SQLException(message + ": " + detail, e.getSQLState(),
        e.getErrorCode(), cause);
    out.setStackTrace(e.getStackTrace());
    return out;
  }
}
