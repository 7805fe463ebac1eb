package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over a kdb+ table: each batch is filled straight from the mapped column
 * files of one slice (partition), never through rows. Symbol columns are dictionary-encoded and
 * their dictionaries are written once, before the first batch (see {@link SymbolDictionary}).
 *
 * <p>The reader owns the table's slices: it opens them when it is created and closes each one
 * when its rows are exhausted, and all of them on {@link #close()}. Not thread-safe.
 */
final class TableReader extends ArrowReader {
  private final KdbTable table;
  private final int batchSize;
  private final List<TableSlice> slices;
  private final Schema schema;
  /** Per exported field: the schema column index, or -1 for the virtual partition column. */
  private final int[] sources;
  private final ColumnExporter[] exporters;
  private final Map<Long, SymbolDictionary> symbolDictionaries = new HashMap<>();
  private int slice;
  private long row;
  private long bytes;
  private boolean dictionariesFilled;

  TableReader(KdbTable table, ExportOptions options, BufferAllocator allocator) {
    super(allocator);
    this.table = table;
    this.batchSize = options.batchSize();
    this.slices = table.slices(partitions(table, options.partitions()));
    boolean ok = false;
    try {
      List<String> names = options.columns().isEmpty() ? allNames(table) : options.columns();
      List<Field> fields = new ArrayList<>(names.size());
      sources = new int[names.size()];
      exporters = new ColumnExporter[names.size()];
      for (int i = 0; i < names.size(); i++) {
        fields.add(prepare(names.get(i), i));
      }
      schema = new Schema(fields);
      ok = true;
    } finally {
      if (!ok) {
        TableSlice.closeAll(slices);
      }
    }
  }

  private static List<String> allNames(KdbTable table) {
    List<String> names = new ArrayList<>();
    if (table.partitionKind() != null) {
      names.add(table.partitionKind().columnName());
    }
    table.columns().forEach(c -> names.add(c.name()));
    return names;
  }

  private static List<Partition> partitions(KdbTable table, List<String> names) {
    if (names.isEmpty()) {
      return table.partitions();
    }
    List<Partition> out = new ArrayList<>();
    for (String n : names) {
      Partition p = table.partitions().stream().filter(x -> x.name().equals(n)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("table " + table.name()
              + " has no partition " + n + " (partitions: " + table.partitions().size() + ")"));
      out.add(p);
    }
    return out;
  }

  private Field prepare(String name, int i) {
    PartitionKind kind = table.partitionKind();
    int index = table.columnIndex(name);
    if (index < 0 && kind != null && name.equals(kind.columnName())) {
      sources[i] = -1;
      boolean date = kind == PartitionKind.DATE || kind == PartitionKind.MONTH;
      String letter = kind == PartitionKind.DATE ? "d" : kind == PartitionKind.MONTH ? "m" : "i";
      ArrowType type = date ? new ArrowType.Date(DateUnit.DAY) : ArrowTypes.INT32;
      return new Field(name, new FieldType(true, type, null,
          Map.of(ArrowTypes.KDB_TYPE, letter, ArrowTypes.KDB_PARTITION, kind.columnName())),
          null);
    }
    if (index < 0) {
      throw new IllegalArgumentException("table " + table.name() + " has no column " + name);
    }
    sources[i] = index;
    ColumnInfo info = table.columns().get(index);
    ColumnType t = info.type();
    Field field = ArrowTypes.field(name, t, i);
    if (t.isString()) {
      exporters[i] = new StringExporter();
    } else if (t.nested()) {
      if (!ListExporter.ELEMENTS.contains(t.element())) {
        throw new IllegalArgumentException("column " + name + " of table " + table.name()
            + " holds lists of " + t.element() + ": only lists of " + ListExporter.ELEMENTS
            + " can be exported");
      }
      exporters[i] = new ListExporter(t.element());
    } else if (t.element() == KdbType.SYMBOL) {
      List<Column> columns = new ArrayList<>(slices.size());
      for (TableSlice s : slices) {
        columns.add(s.column(index));
      }
      SymbolDictionary d = SymbolDictionary.of(columns);
      symbolDictionaries.put((long) i, d);
      exporters[i] = new SymbolExporter(d);
    } else if (t.element() == KdbType.GUID) {
      exporters[i] = new GuidExporter();
    } else if (t.element() == KdbType.CHAR) {
      exporters[i] = new CharExporter();
    } else {
      exporters[i] = new PrimitiveExporter(t.element());
    }
    return field;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    if (!dictionariesFilled) {
      for (Map.Entry<Long, SymbolDictionary> e : symbolDictionaries.entrySet()) {
        Dictionary d = getDictionaryVectors().get(e.getKey());
        e.getValue().fill((VarCharVector) d.getVector());
      }
      dictionariesFilled = true;
    }
    while (slice < slices.size() && row >= slices.get(slice).rowCount()) {
      slices.get(slice).close();
      slice++;
      row = 0;
    }
    if (slice == slices.size()) {
      return false;
    }
    TableSlice s = slices.get(slice);
    int n = (int) Math.min(batchSize, s.rowCount() - row);
    VectorSchemaRoot root = getVectorSchemaRoot();
    for (int i = 0; i < sources.length; i++) {
      if (sources[i] < 0) {
        Partition p = s.partition();
        PartitionExporter.fill(PartitionExporter.arrowValue(p.kind(), p.value()), n,
            (BaseFixedWidthVector) root.getVector(i));
      } else {
        exporters[i].fill(s.column(sources[i]), row, n, root.getVector(i));
      }
      bytes += root.getVector(i).getBufferSize();
    }
    root.setRowCount(n);
    row += n;
    return true;
  }

  @Override
  public long bytesRead() {
    return bytes;
  }

  @Override
  protected void closeReadSource() {
    TableSlice.closeAll(slices);
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
