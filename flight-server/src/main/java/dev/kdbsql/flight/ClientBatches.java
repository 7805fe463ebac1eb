package dev.kdbsql.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The root a result is streamed from: arrow-bridge's batches, in the types every Flight SQL
 * client reads correctly. Three columns kinds change, each for a client that would otherwise show
 * wrong values; the kdb+ type letter stays in the field metadata ({@code kdb.type}):
 * <ul>
 *   <li>symbols, dictionary encoded by arrow-bridge, become plain Utf8 (the Arrow Flight SQL JDBC
 *       driver 18.3 shows dictionary codes instead of values);</li>
 *   <li>kdb+ bytes (0..255), UInt8 in arrow-bridge, become Int16 (that driver reads UInt8 as a
 *       signed byte: 200 shows as -56), as jdbc:kdb: gives them as SMALLINT;</li>
 *   <li>guids, FixedSizeBinary(16), become their 36-character text, as jdbc:kdb: gives them
 *       (CHAR(36)), rather than bytes tools show in hex.</li>
 * </ul>
 * Every other column (timestamps as Timestamp(ns), ...) passes unchanged: its buffers move from
 * the reader's vectors into this root's (a transfer, no copy). The root stays the same object for
 * the whole stream, across the results of several parameter rows. Not thread-safe.
 */
final class ClientBatches implements AutoCloseable {
  private static final byte[] HEX = "0123456789abcdef".getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);
  private static final Field SMALLINT = Field.nullable("", new ArrowType.Int(16, true));

  private final VectorSchemaRoot root;
  private final byte[] guidText = new byte[36];

  /** A root of {@code schema} (as {@link #schema} gives it) in {@code allocator}. */
  ClientBatches(Schema schema, BufferAllocator allocator) {
    root = VectorSchemaRoot.create(schema, allocator);
  }

  /**
   * The schema clients get for batches of {@code schema} (a reader's, whose dictionary-encoded
   * fields are typed as their indices, with the dictionaries in {@code dictionaries}).
   */
  static Schema schema(Schema schema, DictionaryProvider dictionaries) {
    List<Field> out = new ArrayList<>(schema.getFields().size());
    for (Field f : schema.getFields()) {
      DictionaryEncoding encoding = f.getDictionary();
      ArrowType type = f.getType();
      if (encoding != null) {
        Field values = dictionaries.lookup(encoding.getId()).getVector().getField();
        out.add(retyped(f, values.getType()));
      } else if (isUInt8(type)) {
        out.add(retyped(f, SMALLINT.getType()));
      } else if (isGuid(type)) {
        out.add(retyped(f, ArrowType.Utf8.INSTANCE));
      } else {
        out.add(f);
      }
    }
    return new Schema(out, schema.getCustomMetadata());
  }

  private static Field retyped(Field f, ArrowType type) {
    return new Field(f.getName(), new FieldType(f.isNullable(), type, null, f.getMetadata()),
        List.of());
  }

  private static boolean isUInt8(ArrowType t) {
    return t instanceof ArrowType.Int i && !i.getIsSigned() && i.getBitWidth() == 8;
  }

  private static boolean isGuid(ArrowType t) {
    return t instanceof ArrowType.FixedSizeBinary b && b.getByteWidth() == 16;
  }

  /** The root streamed to the client. */
  VectorSchemaRoot root() {
    return root;
  }

  /**
   * Moves the batch in {@code batch} (a reader's root, filled by its last
   * {@code loadNextBatch}) into this root, converting as {@link #schema} says, with the
   * reader's {@code dictionaries}. The reader's vectors that were moved are left empty; readers
   * allocate anew for every batch.
   */
  void load(VectorSchemaRoot batch, DictionaryProvider dictionaries) {
    List<FieldVector> from = batch.getFieldVectors();
    List<FieldVector> to = root.getFieldVectors();
    if (from.size() != to.size()) {
      throw new IllegalStateException("a batch of " + from.size() + " columns for a result of "
          + to.size());
    }
    int rows = batch.getRowCount();
    List<Field> fields = batch.getSchema().getFields();
    for (int c = 0; c < from.size(); c++) {
      FieldVector f = from.get(c);
      // The schema's field, not the vector's: an index vector's own field has no encoding.
      DictionaryEncoding encoding = fields.get(c).getDictionary();
      if (encoding != null) {
        decode((IntVector) f, (VarCharVector) dictionaries.lookup(encoding.getId()).getVector(),
            (VarCharVector) to.get(c), rows);
      } else if (f instanceof UInt1Vector u) {
        widen(u, (SmallIntVector) to.get(c), rows);
      } else if (f instanceof FixedSizeBinaryVector g && g.getByteWidth() == 16) {
        guids(g, (VarCharVector) to.get(c), rows);
      } else {
        f.makeTransferPair(to.get(c)).transfer();
      }
    }
    root.setRowCount(rows);
  }

  /** Writes the values {@code indices} point at in {@code dictionary} into {@code out}. */
  private static void decode(IntVector indices, VarCharVector dictionary, VarCharVector out,
      int rows) {
    ArrowBuf offsets = dictionary.getOffsetBuffer();
    long bytes = 0;
    for (int i = 0; i < rows; i++) {
      if (!indices.isNull(i)) {
        int k = indices.get(i);
        bytes += offsets.getInt(4L * (k + 1)) - offsets.getInt(4L * k);
      }
    }
    out.allocateNew(Math.max(bytes, 1), rows);
    ArrowBuf data = dictionary.getDataBuffer();
    for (int i = 0; i < rows; i++) {
      if (indices.isNull(i)) {
        out.setNull(i);
      } else {
        int k = indices.get(i);
        out.set(i, 1, offsets.getInt(4L * k), offsets.getInt(4L * (k + 1)), data);
      }
    }
    out.setValueCount(rows);
  }

  private static void widen(UInt1Vector bytes, SmallIntVector out, int rows) {
    out.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      if (bytes.isNull(i)) {
        out.setNull(i);
      } else {
        out.set(i, (short) (bytes.get(i) & 0xff));
      }
    }
    out.setValueCount(rows);
  }

  /** Writes each guid as {@code 8-4-4-4-12} lower-case hex digits, as jdbc:kdb: shows it. */
  private void guids(FixedSizeBinaryVector guids, VarCharVector out, int rows) {
    out.allocateNew(36L * rows, rows);
    ArrowBuf data = guids.getDataBuffer();
    for (int i = 0; i < rows; i++) {
      if (guids.isNull(i)) {
        out.setNull(i);
        continue;
      }
      int p = 0;
      for (int b = 0; b < 16; b++) {
        if (b == 4 || b == 6 || b == 8 || b == 10) {
          guidText[p++] = '-';
        }
        int x = data.getByte(16L * i + b) & 0xff;
        guidText[p++] = HEX[x >>> 4];
        guidText[p++] = HEX[x & 15];
      }
      out.set(i, guidText, 0, 36);
    }
    out.setValueCount(rows);
  }

  @Override
  public void close() {
    try {
      AutoCloseables.close(root);
    } catch (Exception e) {
      throw new IllegalStateException("closing a result's vectors: " + e.getMessage(), e);
    }
  }
}
