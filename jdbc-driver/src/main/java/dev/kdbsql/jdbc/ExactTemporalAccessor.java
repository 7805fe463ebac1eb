package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.exec.WallClockTimestamp;
import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.Map;
import org.apache.calcite.avatica.util.Cursor;
import org.joou.UByte;
import org.joou.UInteger;
import org.joou.ULong;
import org.joou.UShort;

/**
 * The accessor of a column of exact kdb+ temporals ({@link KdbTimestamp}, {@link KdbTimespan}
 * objects, see the adapter's {@code KdbTemporalType}): it turns the raw object the row holds into
 * what each JDBC getter promises, keeping every nanosecond and never shifting by a zone unless a
 * calendar asks for it. {@code getObject()} gives a {@code java.sql.Timestamp} or
 * {@code java.sql.Time} (with nanoseconds), as JDBC says for TIMESTAMP and TIME columns;
 * {@code getString()} all nine fractional digits. A calendar argument reads the wall clock in
 * that calendar's zone (JDBC's meaning); null reads it as stored.
 */
final class ExactTemporalAccessor implements Cursor.Accessor {
  private final Cursor.Accessor raw;

  ExactTemporalAccessor(Cursor.Accessor raw) {
    this.raw = raw;
  }

  /** The row's raw value: a KdbTimestamp, a KdbTimespan or null. */
  Object value() throws SQLException {
    return raw.getObject();
  }

  /** The value as a wall clock, or null. */
  LocalDateTime localDateTime() throws SQLException {
    Object v = value();
    if (v instanceof KdbTimestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof KdbTimespan t) {
      return LocalDateTime.of(1970, 1, 1, 0, 0).plusNanos(t.nanos());
    }
    return null;
  }

  /** The value's time of day, or null. */
  LocalTime localTime() throws SQLException {
    Object v = value();
    if (v instanceof KdbTimespan t) {
      return t.toLocalTime();
    }
    return v instanceof KdbTimestamp t ? t.toLocalDateTime().toLocalTime() : null;
  }

  @Override
  public boolean wasNull() throws SQLException {
    return raw.wasNull();
  }

  @Override
  public String getString() throws SQLException {
    Object v = value();
    return v == null ? null : v.toString();
  }

  @Override
  public Object getObject() throws SQLException {
    Object v = value();
    if (v instanceof KdbTimestamp t) {
      return WallClockTimestamp.of(t.toLocalDateTime());
    }
    if (v instanceof KdbTimespan t) {
      return WallClockTime.of(t.toLocalTime());
    }
    return null;
  }

  @Override
  public Object getObject(Map<String, Class<?>> map) throws SQLException {
    return getObject();
  }

  @Override
  public <T> T getObject(Class<T> type) throws SQLException {
    Object o = getObject();
    if (o == null || type.isInstance(o)) {
      return type.cast(o);
    }
    throw cannotConvert(type.getName());
  }

  @Override
  public Timestamp getTimestamp(Calendar calendar) throws SQLException {
    LocalDateTime t = localDateTime();
    if (t == null) {
      return null;
    }
    if (calendar == null) {
      return WallClockTimestamp.of(t);
    }
    Timestamp out = Timestamp.from(t.atZone(calendar.getTimeZone().toZoneId()).toInstant());
    out.setNanos(t.getNano());
    return out;
  }

  @Override
  public Time getTime(Calendar calendar) throws SQLException {
    LocalTime t = localTime();
    if (t == null) {
      return null;
    }
    if (calendar == null) {
      return WallClockTime.of(t);
    }
    return new Time(t.atDate(java.time.LocalDate.of(1970, 1, 1))
        .atZone(calendar.getTimeZone().toZoneId()).toInstant().toEpochMilli());
  }

  @Override
  public Date getDate(Calendar calendar) throws SQLException {
    Object v = value();
    if (!(v instanceof KdbTimestamp t)) {
      if (v == null) {
        return null;
      }
      throw cannotConvert("Date");
    }
    java.time.LocalDate d = t.toLocalDateTime().toLocalDate();
    return calendar == null ? Date.valueOf(d)
        : new Date(d.atStartOfDay(calendar.getTimeZone().toZoneId()).toInstant().toEpochMilli());
  }

  private SQLException cannotConvert(String target) throws SQLException {
    Object v = value();
    return new SQLException("cannot convert a kdb+ "
        + (v instanceof KdbTimespan ? "timespan (TIME)" : "timestamp (TIMESTAMP)") + " to "
        + target);
  }

  @Override
  public boolean getBoolean() throws SQLException {
    throw cannotConvert("boolean");
  }

  @Override
  public byte getByte() throws SQLException {
    throw cannotConvert("byte");
  }

  @Override
  public UByte getUByte() throws SQLException {
    throw cannotConvert("UByte");
  }

  @Override
  public short getShort() throws SQLException {
    throw cannotConvert("short");
  }

  @Override
  public UShort getUShort() throws SQLException {
    throw cannotConvert("UShort");
  }

  @Override
  public int getInt() throws SQLException {
    throw cannotConvert("int");
  }

  @Override
  public UInteger getUInt() throws SQLException {
    throw cannotConvert("UInteger");
  }

  @Override
  public long getLong() throws SQLException {
    throw cannotConvert("long");
  }

  @Override
  public ULong getULong() throws SQLException {
    throw cannotConvert("ULong");
  }

  @Override
  public float getFloat() throws SQLException {
    throw cannotConvert("float");
  }

  @Override
  public double getDouble() throws SQLException {
    throw cannotConvert("double");
  }

  @Override
  public BigDecimal getBigDecimal() throws SQLException {
    throw cannotConvert("BigDecimal");
  }

  @Override
  public BigDecimal getBigDecimal(int scale) throws SQLException {
    throw cannotConvert("BigDecimal");
  }

  @Override
  public byte[] getBytes() throws SQLException {
    throw cannotConvert("byte[]");
  }

  @Override
  public InputStream getAsciiStream() throws SQLException {
    throw cannotConvert("InputStream");
  }

  @Override
  public InputStream getUnicodeStream() throws SQLException {
    throw cannotConvert("InputStream");
  }

  @Override
  public InputStream getBinaryStream() throws SQLException {
    throw cannotConvert("InputStream");
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    String s = getString();
    return s == null ? null : new java.io.StringReader(s);
  }

  @Override
  public Ref getRef() throws SQLException {
    throw cannotConvert("Ref");
  }

  @Override
  public Blob getBlob() throws SQLException {
    throw cannotConvert("Blob");
  }

  @Override
  public Clob getClob() throws SQLException {
    throw cannotConvert("Clob");
  }

  @Override
  public Array getArray() throws SQLException {
    throw cannotConvert("Array");
  }

  @Override
  public Struct getStruct() throws SQLException {
    throw cannotConvert("Struct");
  }

  @Override
  public URL getURL() throws SQLException {
    throw cannotConvert("URL");
  }

  @Override
  public NClob getNClob() throws SQLException {
    throw cannotConvert("NClob");
  }

  @Override
  public SQLXML getSQLXML() throws SQLException {
    throw cannotConvert("SQLXML");
  }

  @Override
  public String getNString() throws SQLException {
    return getString();
  }

  @Override
  public Reader getNCharacterStream() throws SQLException {
    return getCharacterStream();
  }
}
