package dev.kdbsql.flight;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Parameters of prepared statements: the Arrow schema a client binds ({@code ?} in order, typed
 * from the statement's parameter metadata) and the conversion of bound Arrow rows to the Java
 * values the jdbc:kdb: driver takes ({@code java.sql} temporals, which keep nanoseconds in
 * timestamps; strings; boxed numbers).
 */
final class Parameters {
  private Parameters() {}

  /** The parameter schema of a statement: {@code parameter_1}, ... typed as the driver says. */
  static Schema schema(ParameterMetaData md) throws SQLException {
    int n = md == null ? 0 : md.getParameterCount();
    List<Field> fields = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      fields.add(Field.nullable("parameter_" + i, arrowType(md.getParameterType(i),
          md.getPrecision(i), md.getScale(i))));
    }
    return new Schema(fields);
  }

  private static ArrowType arrowType(int jdbc, int precision, int scale) {
    return switch (jdbc) {
      case Types.BOOLEAN, Types.BIT -> ArrowType.Bool.INSTANCE;
      case Types.TINYINT -> new ArrowType.Int(8, true);
      case Types.SMALLINT -> new ArrowType.Int(16, true);
      case Types.INTEGER -> new ArrowType.Int(32, true);
      case Types.BIGINT -> new ArrowType.Int(64, true);
      case Types.REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case Types.FLOAT, Types.DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.DECIMAL, Types.NUMERIC -> precision >= 1 && precision <= 38 && scale >= 0
          && scale <= precision ? new ArrowType.Decimal(precision, scale, 128)
          : new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.DATE -> new ArrowType.Date(DateUnit.DAY);
      // A kdb+ timespan's parameter holds nanoseconds (TIME(9)).
      case Types.TIME -> precision > 3 ? new ArrowType.Time(TimeUnit.NANOSECOND, 64)
          : new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case Types.TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ArrowType.Binary.INSTANCE;
      default -> ArrowType.Utf8.INSTANCE;
    };
  }

  /** Every row of {@code root} as a list of parameter values, in column order. */
  static List<List<Object>> rows(VectorSchemaRoot root) {
    List<List<Object>> out = new ArrayList<>(root.getRowCount());
    List<FieldVector> vectors = root.getFieldVectors();
    for (int r = 0; r < root.getRowCount(); r++) {
      List<Object> row = new ArrayList<>(vectors.size());
      for (FieldVector v : vectors) {
        row.add(value(v, r));
      }
      out.add(row);
    }
    return out;
  }

  /** The value in row {@code r} of {@code v} as the driver takes it; null for a null. */
  static Object value(FieldVector v, int r) {
    if (v instanceof DenseUnionVector u) {
      return u.isNull(r) ? null
          : value((FieldVector) u.getVectorByType(u.getTypeId(r)), u.getOffset(r));
    }
    if (v instanceof UnionVector u) {
      return u.isNull(r) ? null : value((FieldVector) u.getVector(r), r);
    }
    if (v.isNull(r)) {
      return null;
    }
    if (v instanceof DateDayVector d) {
      return java.sql.Date.valueOf(LocalDate.ofEpochDay(d.get(r)));
    }
    if (v instanceof DateMilliVector d) {
      return java.sql.Date.valueOf(LocalDate.ofEpochDay(Math.floorDiv(d.get(r), 86_400_000L)));
    }
    // Times and timestamps as java.time values: the driver binds them to the nanosecond where
    // compared with kdb+ values, and as java.sql values (milliseconds) elsewhere.
    if (v instanceof TimeSecVector t) {
      return LocalTime.ofSecondOfDay(t.get(r));
    }
    if (v instanceof TimeMilliVector t) {
      return LocalTime.ofNanoOfDay(t.get(r) * 1_000_000L);
    }
    if (v instanceof TimeMicroVector t) {
      return LocalTime.ofNanoOfDay(t.get(r) * 1_000L);
    }
    if (v instanceof TimeNanoVector t) {
      return LocalTime.ofNanoOfDay(t.get(r));
    }
    if (v instanceof TimeStampVector t) {
      return timestamp(t, r);
    }
    if (v instanceof UInt1Vector u) {
      return (short) (u.get(r) & 0xff);
    }
    if (v instanceof UInt2Vector u) {
      return (int) u.get(r);
    }
    if (v instanceof UInt4Vector u) {
      return u.get(r) & 0xffff_ffffL;
    }
    if (v instanceof UInt8Vector u) {
      long x = u.get(r);
      return x >= 0 ? (Object) x : new BigDecimal(new BigInteger(Long.toUnsignedString(x)));
    }
    if (v instanceof BaseIntVector i) {
      return v.getObject(r) instanceof Number n ? n : i.getValueAsLong(r);
    }
    Object o = v.getObject(r);
    return o instanceof Text t ? t.toString() : o;
  }

  /** A timestamp's wall-clock value; a zoned one is taken at UTC (kdb+ values have no zone). */
  private static LocalDateTime timestamp(TimeStampVector t, int r) {
    long x = t.get(r);
    ArrowType.Timestamp type = (ArrowType.Timestamp) t.getField().getType();
    long seconds;
    long nanos;
    switch (type.getUnit()) {
      case SECOND -> {
        seconds = x;
        nanos = 0;
      }
      case MILLISECOND -> {
        seconds = Math.floorDiv(x, 1_000L);
        nanos = Math.floorMod(x, 1_000L) * 1_000_000L;
      }
      case MICROSECOND -> {
        seconds = Math.floorDiv(x, 1_000_000L);
        nanos = Math.floorMod(x, 1_000_000L) * 1_000L;
      }
      default -> {
        seconds = Math.floorDiv(x, 1_000_000_000L);
        nanos = Math.floorMod(x, 1_000_000_000L);
      }
    }
    return LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC);
  }
}
