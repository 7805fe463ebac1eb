package dev.kdbsql.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.util.Cursor;

/**
 * Avatica's result set, changed where it loses what kdb+ stored.
 *
 * <ul>
 *   <li>kdb+ timestamps travel as {@code java.sql.Timestamp} objects (see the adapter's type
 *       mapping); Avatica would rebuild them from milliseconds and shift them by the connection
 *       calendar. Here {@code getTimestamp}, {@code getObject} and {@code getString} return the
 *       stored value with its nanoseconds, whatever the JVM's zone.
 *   <li>{@code getObject(i, Class)}, which Avatica does not implement, converts to the
 *       {@code java.time} types (LocalDateTime, LocalDate, LocalTime, Instant as UTC, Duration
 *       for BIGINT nanosecond timespans), the {@code java.sql} types, String and boxed numbers.
 *       Temporal values are read as wall-clock values, never shifted.
 *   <li>Rows are produced while the caller iterates, so a storage error (a corrupt or vanished
 *       file in a partition the scan reaches) surfaces in {@link #next()}; it is thrown as an
 *       {@link SQLException} carrying the storage message, which names the file, as JDBC
 *       callers expect.
 *   <li>Nothing but an {@link SQLException} leaves a move or a getter: column accessors are
 *       {@link GuardedAccessor}s, and moves translate what escapes Avatica
 *       ({@link KdbSqlErrors}), in particular the late {@code InternalError} of a mapped file
 *       truncated while the query read it.
 * </ul>
 * Everything else is Avatica's.
 */
final class KdbResultSet extends AvaticaResultSet {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  KdbResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, state, signature, metaData, timeZone, firstFrame);
  }

  @Override
  protected AvaticaResultSet execute() throws SQLException {
    super.execute();
    accessorList = GuardedAccessor.wrap(accessorList);
    return this;
  }

  @Override
  public AvaticaResultSet execute2(Cursor cursor, List<ColumnMetaData> columns) {
    super.execute2(cursor, columns);
    accessorList = GuardedAccessor.wrap(accessorList);
    return this;
  }

  /** Its metadata is guarded like the statements' ({@link JdbcBoundary}): a bad index is an SQLException. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return JdbcBoundary.metaData(super.getMetaData());
  }

  @Override
  public boolean next() throws SQLException {
    try {
      return super.next();
    } catch (RuntimeException | InternalError e) {
      // The SIGBUS of a mapped page lost to a truncated file arrives asynchronously, so it can
      // surface here, after the enumerator (which names the file when it catches it) returned.
      throw KdbSqlErrors.translate(e);
    }
  }

  /** The other moves, guarded like {@link #next()}; forward-only, they are mostly refusals. */
  @Override
  public boolean previous() throws SQLException {
    return move(super::previous);
  }

  @Override
  public boolean first() throws SQLException {
    return move(super::first);
  }

  @Override
  public boolean last() throws SQLException {
    return move(super::last);
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    return move(() -> super.absolute(row));
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    return move(() -> super.relative(rows));
  }

  @Override
  public void beforeFirst() throws SQLException {
    move(() -> {
      super.beforeFirst();
      return true;
    });
  }

  @Override
  public void afterLast() throws SQLException {
    move(() -> {
      super.afterLast();
      return true;
    });
  }

  /** A call of Avatica's that moves the cursor, its failures as SQLException. */
  private interface Move {
    boolean run() throws SQLException;
  }

  private static boolean move(Move move) throws SQLException {
    try {
      return move.run();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public boolean wasNull() throws SQLException {
    try {
      return super.wasNull();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  private Cursor.Accessor accessor(int column) throws SQLException {
    checkOpen();
    if (column < 1 || column > accessorList.size()) {
      throw new SQLException("column " + column + " is out of range 1.." + accessorList.size());
    }
    return accessorList.get(column - 1);
  }

  private ColumnMetaData meta(int column) {
    return columnMetaDataList.get(column - 1);
  }

  /** Whether the column carries kdb+ timestamps as Timestamp objects. */
  private boolean isTimestampObject(int column) {
    return meta(column).type.rep == ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP;
  }

  /** The column's value as a wall-clock LocalDateTime, or null. */
  private LocalDateTime localDateTime(int column) throws SQLException {
    if (isTimestampObject(column)) {
      Timestamp t = accessor(column).getTimestamp(null);
      return t == null ? null : t.toLocalDateTime();
    }
    if (meta(column).type.id == Types.DATE) {
      LocalDate d = localDate(column);
      return d == null ? null : d.atStartOfDay();
    }
    Timestamp t = accessor(column).getTimestamp(UTC);
    return t == null ? null : LocalDateTime.ofEpochSecond(Math.floorDiv(t.getTime(), 1000L),
        t.getNanos(), ZoneOffset.UTC);
  }

  private LocalDate localDate(int column) throws SQLException {
    if (meta(column).type.id != Types.DATE) {
      LocalDateTime t = localDateTime(column);
      return t == null ? null : t.toLocalDate();
    }
    Date d = accessor(column).getDate(UTC);
    return d == null ? null : LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
  }

  private LocalTime localTime(int column) throws SQLException {
    int type = meta(column).type.id;
    if (type == Types.BIGINT) {
      long nanos = getLong(column);
      return wasNull() || nanos < 0 || nanos >= NANOS_PER_DAY ? null : LocalTime.ofNanoOfDay(nanos);
    }
    if (type == Types.TIME) {
      Time t = accessor(column).getTime(UTC);
      return t == null ? null
          : LocalTime.ofNanoOfDay(Math.floorMod(t.getTime(), 86_400_000L) * 1_000_000L);
    }
    LocalDateTime t = localDateTime(column);
    return t == null ? null : t.toLocalTime();
  }

  @Override
  public Timestamp getTimestamp(int column) throws SQLException {
    try {
      if (isTimestampObject(column)) {
        return accessor(column).getTimestamp(null);
      }
      return super.getTimestamp(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String label) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  /** A kdb+ timestamp read as a wall-clock time in {@code cal}'s zone. */
  @Override
  public Timestamp getTimestamp(int column, Calendar cal) throws SQLException {
    try {
      if (cal == null || !isTimestampObject(column)) {
        return cal == null ? getTimestamp(column) : super.getTimestamp(column, cal);
      }
      LocalDateTime t = localDateTime(column);
      if (t == null) {
        return null;
      }
      Timestamp out = Timestamp.from(t.atZone(cal.getTimeZone().toZoneId()).toInstant());
      out.setNanos(t.getNano());
      return out;
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String label, Calendar cal) throws SQLException {
    return getTimestamp(findColumn(label), cal);
  }

  @Override
  public Object getObject(int column) throws SQLException {
    try {
      return isTimestampObject(column) ? getTimestamp(column) : super.getObject(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Object getObject(String label) throws SQLException {
    return getObject(findColumn(label));
  }

  @Override
  public String getString(int column) throws SQLException {
    try {
      if (isTimestampObject(column)) {
        LocalDateTime t = localDateTime(column);
        return t == null ? null : format(t);
      }
      return super.getString(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public String getString(String label) throws SQLException {
    return getString(findColumn(label));
  }

  /** {@code yyyy-MM-dd HH:mm:ss.fffffffff}: SQL's timestamp text with all nine digits. */
  private static String format(LocalDateTime t) {
    return String.format("%04d-%02d-%02d %02d:%02d:%02d.%09d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
  }

  @Override
  public <T> T getObject(int column, Class<T> type) throws SQLException {
    try {
      Object value = convert(column, type);
      return wasNull() ? null : type.cast(value);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public <T> T getObject(String label, Class<T> type) throws SQLException {
    return getObject(findColumn(label), type);
  }

  private Object convert(int column, Class<?> type) throws SQLException {
    if (type == String.class) {
      return getString(column);
    } else if (type == LocalDateTime.class) {
      return localDateTime(column);
    } else if (type == LocalDate.class) {
      return localDate(column);
    } else if (type == LocalTime.class) {
      return localTime(column);
    } else if (type == Instant.class) {
      LocalDateTime t = localDateTime(column);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    } else if (type == Duration.class && meta(column).type.id == Types.BIGINT) {
      long nanos = getLong(column);
      return Duration.ofNanos(nanos);
    } else if (type == Timestamp.class) {
      return getTimestamp(column);
    } else if (type == Date.class) {
      return getDate(column);
    } else if (type == Time.class) {
      return getTime(column);
    } else if (type == Long.class) {
      return getLong(column);
    } else if (type == Integer.class) {
      return getInt(column);
    } else if (type == Short.class) {
      return getShort(column);
    } else if (type == Double.class) {
      return getDouble(column);
    } else if (type == Float.class) {
      return getFloat(column);
    } else if (type == BigDecimal.class) {
      return getBigDecimal(column);
    } else if (type == Boolean.class) {
      return getBoolean(column);
    }
    Object value = getObject(column);
    if (value == null || type.isInstance(value)) {
      return value;
    }
    throw new SQLException("cannot convert column " + column + " ("
        + meta(column).type.name + ") to " + type.getName());
  }
}
