package dev.kdbsql.arrow.ingest;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableAppender;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Imports Arrow data (any {@link ArrowReader}: an IPC file, a stream, or our own export) into a
 * kdb+ table through the storage writer: a splayed table at the database root, or the table in
 * one partition, with symbols enumerated against the root {@code sym} and the table added as an
 * empty table to every partition lacking it, as {@code .Q.chk} does.
 *
 * <p>Field types follow {@link ImportTypes}: the {@code kdb.type} metadata wins, so a table we
 * exported comes back with exactly its kdb+ types, nulls and infinities. When writing a
 * partition, the virtual partition column of an export (metadata {@code kdb.partition}) is left
 * out. The import streams: each record batch is converted and appended to the column files
 * ({@link TableAppender}), so memory holds about one batch, whatever the table's size; the table
 * is written into a temporary directory and moved into place at the end, so a failed import
 * leaves no partial table (and the previous one, if any, unchanged).
 */
public final class ArrowImport {
  private ArrowImport() {}

  /** What an import wrote. */
  public record Result(Path directory, long rows, int columns, long bytesRead) {}

  /**
   * Imports every batch of {@code reader} into table {@code table} of the database at
   * {@code database}: splayed when {@code partition} is null, else into that partition (a
   * directory name such as {@code 2024.01.02}, {@code 2024.01}, {@code 2024} or {@code 42}).
   */
  public static Result importTable(ArrowReader reader, Path database, String table,
      String partition, TransferListener listener) throws IOException {
    PartitionValue where = partition == null ? null : partitionValue(partition);
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    List<Field> fields = root.getSchema().getFields();
    List<Integer> used = new ArrayList<>();
    List<ImportColumn> columns = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (where != null && f.getMetadata().containsKey(ArrowTypes.KDB_PARTITION)) {
        continue;
      }
      ArrowType valueType = f.getDictionary() == null ? f.getType()
          : reader.lookup(f.getDictionary().getId()).getVectorType();
      used.add(i);
      ColumnType type = ImportTypes.of(f, valueType);
      types.add(type);
      columns.add(ImportColumn.of(f.getName(), type));
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("nothing to import: the Arrow schema has no columns "
          + "besides the partition column");
    }
    Map<Long, Decoded> decoded = new HashMap<>();
    long rows = 0;
    DatabaseWriter writer = DatabaseWriter.open(database);
    List<String> names = columns.stream().map(c -> c.name).toList();
    Path dir;
    try (TableAppender out = where == null
        ? writer.appendSplayed(table, names, types, WriteOptions.DEFAULT)
        : writer.appendPartition(where, table, names, types, WriteOptions.DEFAULT)) {
      while (reader.loadNextBatch()) {
        TableData.Builder batch = TableData.builder();
        for (int k = 0; k < columns.size(); k++) {
          FieldVector v = root.getVector(used.get(k));
          Field f = v.getField();
          String[] dictionary = f.getDictionary() == null ? null
              : decode(reader.lookup(f.getDictionary().getId()), f.getName(), decoded);
          ImportColumn c = columns.get(k);
          c.append(v, dictionary);
          batch.add(c.name, c.drain());
        }
        out.append(batch.build());
        rows += root.getRowCount();
        listener.batchDone(rows, reader.bytesRead());
      }
      dir = out.commit();
    }
    if (where != null) {
      writer.fillMissingTables();
    }
    return new Result(dir, rows, columns.size(), reader.bytesRead());
  }

  /** The partition named {@code name}, its kind chosen from the name's length as q does. */
  static PartitionValue partitionValue(String name) {
    PartitionKind kind = PartitionKind.ofFirstName(name);
    Long value = kind.parse(name);
    if (value == null) {
      throw new IllegalArgumentException("partition '" + name + "' is not a " + kind.columnName()
          + " (q reads a name of this length as one)");
    }
    return new PartitionValue(kind, value);
  }

  /** A decoded dictionary and the buffer it was decoded from (a stream may replace it). */
  private record Decoded(ArrowBuf buffer, int count, String[] strings) {}

  /**
   * The dictionary's strings, decoded once per dictionary batch rather than once per record
   * batch; null entries read as the null symbol.
   */
  private static String[] decode(Dictionary d, String field, Map<Long, Decoded> cache) {
    if (!(d.getVector() instanceof VariableWidthFieldVector v)) {
      throw new IllegalArgumentException("field " + field + ": dictionary of "
          + d.getVectorType() + " cannot be read as symbols");
    }
    long id = d.getEncoding().getId();
    ArrowBuf buffer = v.getDataBuffer();
    Decoded known = cache.get(id);
    if (known != null && known.buffer() == buffer && known.count() == v.getValueCount()) {
      return known.strings();
    }
    String[] out = new String[v.getValueCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.isNull(i) ? "" : new String(v.get(i), StandardCharsets.UTF_8);
    }
    cache.put(id, new Decoded(buffer, out.length, out));
    return out;
  }
}
