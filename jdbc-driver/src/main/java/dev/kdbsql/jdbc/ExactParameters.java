package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.KdbCalcitePrepare;
import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import dev.kdbsql.calcite.temporal.TemporalFunctions;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Set;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * The exact values bound to parameters compared with kdb+ timestamps and timespans.
 *
 * <p>Avatica binds {@code setTimestamp} as milliseconds (its {@code TypedValue} of a
 * {@code Timestamp}), so {@code ts = ?} set to 2008-01-01 00:00:00.100000003 compared the column
 * with .100 and matched nothing; {@code setString} reached the generated code as a string where
 * it expected milliseconds and failed with a {@code ClassCastException}. A parameter the
 * statement describes as such ({@link KdbCalcitePrepare#EXACT_TIMESTAMP_PARAMETER}) is bound here
 * instead to the exact value: a {@code Timestamp} (its nanoseconds, read as a wall clock in the
 * calendar given, else the connection's time zone, as Avatica reads it), a {@code java.time}
 * value, a date (its midnight), another {@code java.util.Date}, or text with up to nine digits,
 * parsed when set so that bad text fails there. A {@code java.sql.Time} set on a time of day,
 * and values of other types, are left to Avatica, which keeps what they hold.
 */
final class ExactParameters {
  /** The setters whose value may be bound here. */
  static final Set<String> SETTERS =
      Set.of("setTimestamp", "setTime", "setDate", "setObject", "setString");

  private ExactParameters() {
  }

  /**
   * The exact value to bind for parameter {@code index} of {@code statement}, set by
   * {@code setter} with arguments {@code args}, or null to bind as Avatica does.
   */
  static Object of(PreparedStatement statement, String setter, Object[] args)
      throws SQLException {
    if (args == null || args.length < 2 || !(args[0] instanceof Integer index)
        || args[1] == null) {
      return null;
    }
    ParameterMetaData parameters = statement.getParameterMetaData();
    // Out of range: Avatica's setter reports it.
    if (index < 1 || index > parameters.getParameterCount()) {
      return null;
    }
    String type = parameters.getParameterTypeName(index);
    Object v = args[1];
    Calendar calendar = args.length > 2 && args[2] instanceof Calendar c ? c : null;
    try {
      if (type.equals(KdbCalcitePrepare.EXACT_TIMESTAMP_PARAMETER)) {
        if (v instanceof String text) {
          return TemporalFunctions.timestamp(text);
        }
        LocalDateTime wall = wallClock(statement, v, calendar);
        return wall == null ? null : KdbTimestamp.of(wall);
      }
      if (type.equals(KdbCalcitePrepare.EXACT_TIME_PARAMETER)) {
        return timeOfDay(v);
      }
    } catch (RuntimeException e) {
      throw new SQLDataException("parameter " + index + " (" + setter + "): " + v
          + " is not a " + (type.equals(KdbCalcitePrepare.EXACT_TIME_PARAMETER) ? "time of day"
              : "timestamp") + ": "
          + e.getMessage(), e);
    }
    return null;
  }

  private static LocalDateTime wallClock(PreparedStatement statement, Object v,
      Calendar calendar) throws SQLException {
    if (v instanceof LocalDateTime t) {
      return t;
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay();
    }
    // java.sql.Time has no toInstant(); its milliseconds are an instant all the same.
    Instant instant = v instanceof Timestamp t ? t.toInstant()
        : v instanceof java.util.Date d ? Instant.ofEpochMilli(d.getTime())
        : v instanceof Instant i ? i
        : v instanceof OffsetDateTime t ? t.toInstant()
        : v instanceof ZonedDateTime t ? t.toInstant() : null;
    if (instant == null) {
      return null;
    }
    ZoneId zone = calendar != null ? calendar.getTimeZone().toZoneId() : zone(statement);
    return LocalDateTime.ofInstant(instant, zone);
  }

  private static KdbTimespan timeOfDay(Object v) {
    KdbTimespan t = v instanceof LocalTime l ? KdbTimespan.of(l)
        : v instanceof String text ? TemporalFunctions.timespan(text)
        : v instanceof Duration d ? KdbTimespan.ofDay(d.toNanos()) : null;
    if (t == null && v instanceof Duration) {
      throw new IllegalArgumentException("outside one day");
    }
    return t;
  }

  /** The connection's time zone, in which Avatica reads a {@code Timestamp} parameter. */
  private static ZoneId zone(PreparedStatement statement) throws SQLException {
    Connection c = statement.getConnection();
    String id = c.isWrapperFor(CalciteConnection.class)
        ? c.unwrap(CalciteConnection.class).config().timeZone() : null;
    return id != null ? ZoneId.of(id, ZoneId.SHORT_IDS) : ZoneId.systemDefault();
  }
}
