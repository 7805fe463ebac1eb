package dev.kdbsql.spark.vector;

import dev.kdbsql.spark.KdbOptions;
import dev.kdbsql.spark.KdbOptions.TimespanMode;
import dev.kdbsql.spark.KdbOptions.TimestampMode;
import dev.kdbsql.storage.ColumnType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;

/** Picks the vector that reads a kdb+ column as its Spark type ({@link dev.kdbsql.spark.SparkTypes}). */
public final class Vectors {
  private Vectors() {}

  /** A vector of {@code capacity} rows for a column of {@code type}, typed {@code sparkType}. */
  public static KdbColumnVector of(ColumnType type, DataType sparkType, KdbOptions options,
      int capacity) {
    if (type.isString()) {
      return new TextVector(TextVector.Kind.STRING, capacity);
    }
    if (type.element() == null) {
      return new TextVector(TextVector.Kind.GENERAL, capacity);
    }
    if (type.nested()) {
      return new ListVector(type.element(), (ArrayType) sparkType, options, capacity);
    }
    return switch (type.element()) {
      case BOOLEAN -> new BooleanVector(capacity);
      case GUID -> new TextVector(TextVector.Kind.GUID, capacity);
      case BYTE -> new UnsignedByteVector(capacity);
      case SHORT -> new LongVector(LongVector.Kind.SHORT, sparkType, capacity);
      case INT -> new IntVector(IntVector.Kind.INT, capacity);
      case LONG -> new LongVector(LongVector.Kind.LONG, sparkType, capacity);
      case REAL, FLOAT -> new DoubleVector(type.element(), capacity);
      case CHAR -> new CharVector(capacity);
      case SYMBOL -> new SymbolVector(capacity);
      case TIMESTAMP -> new LongVector(options.timestamps() == TimestampMode.NANOS
          ? LongVector.Kind.TIMESTAMP_NANOS : LongVector.Kind.TIMESTAMP_MICROS, sparkType,
          capacity);
      case MONTH -> new IntVector(IntVector.Kind.MONTH, capacity);
      case DATE -> new IntVector(IntVector.Kind.DATE, capacity);
      case DATETIME -> new LongVector(LongVector.Kind.DATETIME, sparkType, capacity);
      case TIMESPAN -> new LongVector(options.timespans() == TimespanMode.INTERVAL
          ? LongVector.Kind.TIMESPAN_MICROS : LongVector.Kind.TIMESPAN_NANOS, sparkType,
          capacity);
      case MINUTE -> new LongVector(LongVector.Kind.MINUTE, sparkType, capacity);
      case SECOND -> new LongVector(LongVector.Kind.SECOND, sparkType, capacity);
      case TIME -> new LongVector(LongVector.Kind.TIME, sparkType, capacity);
    };
  }
}
