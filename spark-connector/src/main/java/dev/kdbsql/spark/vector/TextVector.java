package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import java.util.UUID;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * kdb+ values shown to Spark as text, one string per row, as the JDBC driver shows them: guids
 * (36 characters; the all-zero guid is null), strings (lists of chars; an empty string stays
 * empty), and general lists (their text).
 */
public final class TextVector extends KdbColumnVector {
  /** What the column holds. */
  public enum Kind {
    GUID,
    STRING,
    GENERAL
  }

  private final Kind kind;
  private final UTF8String[] values;

  public TextVector(Kind kind, int capacity) {
    super(DataTypes.StringType, capacity);
    this.kind = kind;
    values = new UTF8String[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    int n = rows.size();
    int nn = 0;
    for (int i = 0; i < n; i++) {
      String s = text(c, rows.row(i));
      values[i] = s == null ? null : UTF8String.fromString(s);
      isNull[i] = s == null;
      nn += s == null ? 1 : 0;
    }
    nulls = nn;
  }

  private String text(Column c, long row) {
    return switch (kind) {
      case GUID -> {
        long hi = c.getGuidHigh(row);
        long lo = c.getGuidLow(row);
        yield hi == 0 && lo == 0 ? null : new UUID(hi, lo).toString();
      }
      case STRING -> c.isNull(row) ? null : c.getString(row);
      case GENERAL -> {
        Object o = c.getObject(row);
        yield o == null ? null : o.toString();
      }
    };
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return values[rowId];
  }
}
