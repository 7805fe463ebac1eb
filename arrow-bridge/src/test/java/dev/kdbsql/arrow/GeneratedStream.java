package dev.kdbsql.arrow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow stream of any length made up batch by batch, never held whole: row {@code r} is a
 * function of {@code r} ({@link #id}, {@link #price}, ...), so a test can check any row of the
 * import without keeping the data. Columns: a long, a float, a timestamp, a dictionary-encoded
 * symbol, a string and a list of ints, with nulls.
 */
public final class GeneratedStream extends ArrowReader {
  public static final int SYMBOLS = 100;
  public static final long TS0 = 1_700_000_000_000_000_000L;

  private final long rows;
  private final int batch;
  private long next;
  private boolean dictionaryFilled;

  public GeneratedStream(long rows, int batch, BufferAllocator allocator) {
    super(allocator);
    this.rows = rows;
    this.batch = batch;
  }

  public static long id(long r) {
    return r;
  }

  public static double price(long r) {
    return r * 0.25;
  }

  public static long timestampNanos(long r) {
    return TS0 + r * 1_000;
  }

  /** The symbol of row {@code r}, or null. */
  public static String symbol(long r) {
    return r % 97 == 0 ? null : "S" + (r % SYMBOLS);
  }

  /** The string of row {@code r}, or null. */
  public static String note(long r) {
    return r % 13 == 0 ? null : "n" + (r % 1000);
  }

  /** Row {@code r}'s list: {@code r % 4} ints counting from {@code r}. */
  public static int[] values(long r) {
    int[] v = new int[(int) (r % 4)];
    for (int k = 0; k < v.length; k++) {
      v[k] = (int) (r + k);
    }
    return v;
  }

  @Override
  protected Schema readSchema() {
    Field item = new Field("item", FieldType.nullable(new ArrowType.Int(32, true)), null);
    return new Schema(List.of(
        Field.nullable("id", new ArrowType.Int(64, true)),
        Field.nullable("price", new ArrowType.FloatingPoint(
            org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
        Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
        new Field("sym", new FieldType(true, ArrowType.Utf8.INSTANCE,
            new DictionaryEncoding(7, false, new ArrowType.Int(32, true)), Map.of()), null),
        Field.nullable("note", ArrowType.Utf8.INSTANCE),
        new Field("vals", FieldType.nullable(ArrowType.List.INSTANCE), List.of(item))));
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    if (!dictionaryFilled) {
      VarCharVector d = (VarCharVector) getDictionaryVectors().get(7L).getVector();
      d.allocateNew(SYMBOLS);
      for (int i = 0; i < SYMBOLS; i++) {
        d.setSafe(i, ("S" + i).getBytes(StandardCharsets.UTF_8));
      }
      d.setValueCount(SYMBOLS);
      dictionaryFilled = true;
    }
    if (next >= rows) {
      return false;
    }
    int n = (int) Math.min(batch, rows - next);
    VectorSchemaRoot root = getVectorSchemaRoot();
    BigIntVector id = (BigIntVector) root.getVector(0);
    Float8Vector price = (Float8Vector) root.getVector(1);
    TimeStampNanoVector ts = (TimeStampNanoVector) root.getVector(2);
    IntVector sym = (IntVector) root.getVector(3);
    VarCharVector note = (VarCharVector) root.getVector(4);
    ListVector vals = (ListVector) root.getVector(5);
    id.allocateNew(n);
    price.allocateNew(n);
    ts.allocateNew(n);
    sym.allocateNew(n);
    note.allocateNew(8L * n, n);
    vals.clear();
    vals.allocateNew();
    IntVector items = (IntVector) vals.getDataVector();
    for (int i = 0; i < n; i++) {
      long r = next + i;
      id.set(i, id(r));
      price.set(i, price(r));
      ts.set(i, timestampNanos(r));
      if (symbol(r) == null) {
        sym.setNull(i);
      } else {
        sym.set(i, (int) (r % SYMBOLS));
      }
      if (note(r) == null) {
        note.setNull(i);
      } else {
        note.setSafe(i, note(r).getBytes(StandardCharsets.UTF_8));
      }
      int[] v = values(r);
      int start = vals.startNewValue(i);
      for (int k = 0; k < v.length; k++) {
        items.setSafe(start + k, v[k]);
      }
      vals.endValue(i, v.length);
    }
    for (var v : root.getFieldVectors()) {
      v.setValueCount(n);
    }
    root.setRowCount(n);
    next += n;
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    // Nothing is read.
  }
}
