package dev.kdbsql.jdbc;

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
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.util.Cursor;
import org.joou.UByte;
import org.joou.UInteger;
import org.joou.ULong;
import org.joou.UShort;

/**
 * A column accessor of {@link KdbResultSet} that turns whatever escapes Avatica's accessor into
 * an {@link SQLException} ({@link KdbSqlErrors#translate}). Every {@code ResultSet} getter, by
 * index or by label, reads through an accessor, so wrapping them guards all getters with one
 * interface call each, without reflection or boxing. The case it exists for: the fault of a
 * mapped page lost to a truncated file, which HotSpot may deliver in a getter, after the
 * {@code next()} that read the page has returned.
 */
final class GuardedAccessor implements Cursor.Accessor {
  private final Cursor.Accessor accessor;

  GuardedAccessor(Cursor.Accessor accessor) {
    this.accessor = accessor;
  }

  /** {@code accessors}, each wrapped. */
  static List<Cursor.Accessor> wrap(List<Cursor.Accessor> accessors) {
    List<Cursor.Accessor> out = new ArrayList<>(accessors.size());
    for (Cursor.Accessor a : accessors) {
      out.add(a instanceof GuardedAccessor ? a : new GuardedAccessor(a));
    }
    return out;
  }

  @Override
  public boolean wasNull() throws SQLException {
    try {
      return accessor.wasNull();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public String getString() throws SQLException {
    try {
      return accessor.getString();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public boolean getBoolean() throws SQLException {
    try {
      return accessor.getBoolean();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public byte getByte() throws SQLException {
    try {
      return accessor.getByte();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public UByte getUByte() throws SQLException {
    try {
      return accessor.getUByte();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public short getShort() throws SQLException {
    try {
      return accessor.getShort();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public UShort getUShort() throws SQLException {
    try {
      return accessor.getUShort();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public int getInt() throws SQLException {
    try {
      return accessor.getInt();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public UInteger getUInt() throws SQLException {
    try {
      return accessor.getUInt();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public long getLong() throws SQLException {
    try {
      return accessor.getLong();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public ULong getULong() throws SQLException {
    try {
      return accessor.getULong();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public float getFloat() throws SQLException {
    try {
      return accessor.getFloat();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public double getDouble() throws SQLException {
    try {
      return accessor.getDouble();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal() throws SQLException {
    try {
      return accessor.getBigDecimal();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int scale) throws SQLException {
    try {
      return accessor.getBigDecimal(scale);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public byte[] getBytes() throws SQLException {
    try {
      return accessor.getBytes();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public InputStream getAsciiStream() throws SQLException {
    try {
      return accessor.getAsciiStream();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public InputStream getUnicodeStream() throws SQLException {
    try {
      return accessor.getUnicodeStream();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public InputStream getBinaryStream() throws SQLException {
    try {
      return accessor.getBinaryStream();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Object getObject() throws SQLException {
    try {
      return accessor.getObject();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    try {
      return accessor.getCharacterStream();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Object getObject(Map<String, Class<?>> map) throws SQLException {
    try {
      return accessor.getObject(map);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Ref getRef() throws SQLException {
    try {
      return accessor.getRef();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Blob getBlob() throws SQLException {
    try {
      return accessor.getBlob();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Clob getClob() throws SQLException {
    try {
      return accessor.getClob();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Array getArray() throws SQLException {
    try {
      return accessor.getArray();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Struct getStruct() throws SQLException {
    try {
      return accessor.getStruct();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Date getDate(Calendar calendar) throws SQLException {
    try {
      return accessor.getDate(calendar);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Time getTime(Calendar calendar) throws SQLException {
    try {
      return accessor.getTime(calendar);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(Calendar calendar) throws SQLException {
    try {
      return accessor.getTimestamp(calendar);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public URL getURL() throws SQLException {
    try {
      return accessor.getURL();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public NClob getNClob() throws SQLException {
    try {
      return accessor.getNClob();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public SQLXML getSQLXML() throws SQLException {
    try {
      return accessor.getSQLXML();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public String getNString() throws SQLException {
    try {
      return accessor.getNString();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public Reader getNCharacterStream() throws SQLException {
    try {
      return accessor.getNCharacterStream();
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }

  @Override
  public <T> T getObject(Class<T> type) throws SQLException {
    try {
      return accessor.getObject(type);
    } catch (RuntimeException | InternalError e) {
      throw KdbSqlErrors.translate(e);
    }
  }
}
