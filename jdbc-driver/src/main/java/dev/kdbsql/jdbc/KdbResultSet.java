package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.exec.WallClockTimestamp;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
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
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.util.Cursor;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * Avatica's result set, changed where it loses what kdb+ stored.
 *
 * <ul>
 *   <li>kdb+ timestamps and timespans (as times of day) travel as the adapter's exact objects
 *       ({@code KdbTimestamp}, {@code KdbTimespan}); {@link ExactTemporalAccessor} turns them
 *       into {@code java.sql.Timestamp} and {@code java.sql.Time} with their nanoseconds
 *       ({@link WallClockTimestamp}, {@link WallClockTime}), text with nine digits and the
 *       {@code java.time} values, whatever the JVM's zone.
 *   <li>Datetimes and dates, which Avatica would shift by the connection calendar (a wall clock
 *       inside a daylight-saving gap of the JVM's zone moved by an hour, a date before 1582
 *       shown in {@code java.sql.Date}'s Julian calendar), are read from Calcite's values as
 *       stored: {@code getTimestamp} and {@code getObject} give a {@link WallClockTimestamp},
 *       {@code getDate} {@code Date.valueOf} of the stored date.
 *   <li>{@code getObject(i, Class)}, which Avatica does not implement, converts to the
 *       {@code java.time} types (LocalDateTime, LocalDate, LocalTime, Instant as UTC, Duration
 *       for BIGINT nanosecond timespans), the {@code java.sql} types, String and boxed numbers.
 *       Temporal values are read as wall-clock values, never shifted.
 *   <li>Rows are produced while the caller iterates, so a storage error (a corrupt or vanished
 *       file in a partition the scan reaches) surfaces in {@link #next()}; it is thrown as an
 *       {@link SQLException} carrying the storage message, which names the file, as JDBC
 *       callers expect.
 *   <li>A statement's max rows ends the rows also when set on a prepared statement after
 *       preparing, which Calcite's result sets ignore.
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
    this.maxRows = statement == null ? 0 : statement.getLargeMaxRows();
  }

  /**
   * The statement's max rows when this result set was made (0: no limit). Calcite applies it
   * only when the statement is prepared knowing it; a prepared statement's, set after preparing,
   * is applied here.
   */
  private final long maxRows;
  private long returned;

  /** Exact temporal columns' accessors by column (0-based), null for the other columns. */
  private ExactTemporalAccessor[] exact = new ExactTemporalAccessor[0];

  @Override
  protected AvaticaResultSet execute() throws SQLException {
    super.execute();
    wrapAccessors();
    return this;
  }

  @Override
  public AvaticaResultSet execute2(Cursor cursor, List<ColumnMetaData> columns) {
    super.execute2(cursor, columns);
    wrapAccessors();
    return this;
  }

  /**
   * Guards every accessor; the columns whose SQL type is an exact kdb+ temporal type (known
   * from the prepared row type) also convert the raw objects they hold.
   */
  private void wrapAccessors() {
    List<RelDataTypeField> fields = signature instanceof CalcitePrepare.CalciteSignature<?> s
        && s.rowType != null ? s.rowType.getFieldList() : List.of();
    exact = new ExactTemporalAccessor[accessorList.size()];
    List<Cursor.Accessor> wrapped = new ArrayList<>(accessorList.size());
    for (int i = 0; i < accessorList.size(); i++) {
      Cursor.Accessor a = accessorList.get(i);
      if (!(a instanceof GuardedAccessor) && i < fields.size()
          && fields.get(i).getType() instanceof KdbTemporalType) {
        exact[i] = new ExactTemporalAccessor(a);
        a = exact[i];
      }
      wrapped.add(a);
    }
    accessorList = GuardedAccessor.wrap(wrapped);
  }

  /** Its metadata is guarded like the statements' ({@link JdbcBoundary}): a bad index is an SQLException. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return JdbcBoundary.metaData(super.getMetaData());
  }

  @Override
  public boolean next() throws SQLException {
    try {
      if (maxRows > 0 && returned >= maxRows) {
        return false;
      }
      boolean more = super.next();
      if (more) {
        returned++;
      }
      return more;
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

  /** The exact accessor of a column of kdb+ timestamps or timespans, else null. */
  private ExactTemporalAccessor exact(int column) throws SQLException {
    accessor(column);
    return column <= exact.length ? exact[column - 1] : null;
  }

  /** The column's value as a wall-clock LocalDateTime, or null. */
  private LocalDateTime localDateTime(int column) throws SQLException {
    if (exact(column) != null) {
      return exact(column).localDateTime();
    }
    if (meta(column).type.id == Types.DATE) {
      LocalDate d = localDate(column);
      return d == null ? null : d.atStartOfDay();
    }
    if (numeric(column)) {
      // Calcite's value, epoch milliseconds of the wall clock: read as is (Avatica's Timestamp
      // moves a wall clock inside a daylight-saving gap of the calendar's zone).
      long ms = accessor(column).getLong();
      return accessor(column).wasNull() ? null : LocalDateTime.ofEpochSecond(
          Math.floorDiv(ms, 1000L), (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC);
    }
    Timestamp t = accessor(column).getTimestamp(UTC);
    return t == null ? null : LocalDateTime.ofEpochSecond(Math.floorDiv(t.getTime(), 1000L),
        t.getNanos(), ZoneOffset.UTC);
  }

  /** Whether the column holds Calcite's numbers for its DATE, TIME or TIMESTAMP values. */
  private boolean numeric(int column) {
    return switch (meta(column).type.rep) {
      case PRIMITIVE_LONG, LONG, PRIMITIVE_INT, INTEGER, NUMBER -> true;
      default -> false;
    };
  }

  private LocalDate localDate(int column) throws SQLException {
    if (meta(column).type.id != Types.DATE) {
      LocalDateTime t = localDateTime(column);
      return t == null ? null : t.toLocalDate();
    }
    if (numeric(column)) {
      // Calcite's value, epoch days: read as is (Avatica's Date shifts days before 1582 to keep
      // their label in the Julian calendar).
      long days = accessor(column).getLong();
      return accessor(column).wasNull() ? null : LocalDate.ofEpochDay(days);
    }
    Date d = accessor(column).getDate(UTC);
    return d == null ? null : LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
  }

  private LocalTime localTime(int column) throws SQLException {
    if (exact(column) != null) {
      return exact(column).localTime();
    }
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

  /**
   * A timestamp or datetime as stored, its wall clock never shifted by the JVM's zone (one
   * inside a daylight-saving gap of that zone included): a {@link WallClockTimestamp}.
   */
  @Override
  public Timestamp getTimestamp(int column) throws SQLException {
    try {
      if (exact(column) != null) {
        return accessor(column).getTimestamp(null);
      }
      if (meta(column).type.id == Types.TIMESTAMP) {
        LocalDateTime t = localDateTime(column);
        return t == null ? null : WallClockTimestamp.of(t);
      }
      return super.getTimestamp(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  /**
   * A date as stored: {@code Date.valueOf} of the proleptic Gregorian date the column holds,
   * so that its {@code toString} and {@code toLocalDate} show that date in every zone; before
   * 1582-10-15 its instant is that of the same day number in {@code java.sql.Date}'s Julian
   * calendar, as {@code Date.valueOf} makes it ({@code getObject(i, LocalDate.class)} is the
   * exact value).
   */
  @Override
  public Date getDate(int column) throws SQLException {
    try {
      if (meta(column).type.id == Types.DATE) {
        LocalDate d = localDate(column);
        return d == null ? null : Date.valueOf(d);
      }
      return super.getDate(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Date getDate(String label) throws SQLException {
    return getDate(findColumn(label));
  }

  /**
   * Text as SQL writes it; dates and datetimes from their stored values by {@code java.time},
   * which writes every year (Avatica's text garbles years beyond 9999, where kdb+'s infinities
   * saturate: {@code +5881580-07-11}, {@code +10000-01-01 00:00:00.000}).
   */
  @Override
  public String getString(int column) throws SQLException {
    try {
      if (exact(column) != null) {
        return super.getString(column);
      }
      int type = meta(column).type.id;
      if (type == Types.DATE) {
        LocalDate d = localDate(column);
        return d == null ? null : d.toString();
      }
      if (type == Types.TIMESTAMP) {
        LocalDateTime t = localDateTime(column);
        return t == null ? null : timestampText(t, meta(column).scale > 0 ? meta(column).scale
            : meta(column).precision);
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

  /** {@code yyyy-MM-dd HH:mm:ss} and {@code digits} (0 to 9) fractional digits. */
  static String timestampText(LocalDateTime t, int digits) {
    StringBuilder b = new StringBuilder(t.toLocalDate().toString()).append(' ');
    b.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    int p = Math.max(0, Math.min(9, digits));
    if (p > 0) {
      String nanos = String.format("%09d", t.getNano());
      b.append('.').append(nanos, 0, p);
    }
    return b.toString();
  }

  @Override
  public Timestamp getTimestamp(String label) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  /** A kdb+ timestamp read as a wall-clock time in {@code cal}'s zone. */
  @Override
  public Timestamp getTimestamp(int column, Calendar cal) throws SQLException {
    try {
      return cal == null ? getTimestamp(column) : super.getTimestamp(column, cal);
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
      if (exact(column) != null) {
        return accessor(column).getObject();
      }
      int type = meta(column).type.id;
      // Dates and datetimes as their getters give them, unshifted.
      return type == Types.TIMESTAMP ? getTimestamp(column)
          : type == Types.DATE ? getDate(column) : super.getObject(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Object getObject(String label) throws SQLException {
    return getObject(findColumn(label));
  }

  /** A kdb+ timespan's time of day as stored (never shifted by the connection's zone). */
  @Override
  public Time getTime(int column) throws SQLException {
    try {
      return exact(column) != null ? accessor(column).getTime(null) : super.getTime(column);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Time getTime(String label) throws SQLException {
    return getTime(findColumn(label));
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
    } else if (type == Duration.class && exact(column) != null
        && meta(column).type.id == Types.TIME) {
      LocalTime t = localTime(column);
      return t == null ? null : Duration.ofNanos(t.toNanoOfDay());
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
