package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.calcite.ScanPlan;
import dev.kdbsql.calcite.exec.Selection;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import java.io.IOException;
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
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The direct path of a SQL export: an {@link ArrowReader} over a query that planned to a pure
 * kdb+ scan ({@link ScanPlan}), filling vectors straight from the mapped columns of each slice
 * with the table exporters, never through JDBC rows. It writes exactly what the generic path
 * ({@link ResultSetReader}) writes for the same statement: the schema is the generic one, derived
 * from the statement's result metadata, and {@link #incompatibility} refuses any column whose
 * values the table exporters would encode differently, so that the caller falls back.
 *
 * <p>Per slice, the scan's filter gives a bitmap of the rows to keep. A batch takes the next kept
 * rows, at most the batch size and what remains of the fetch; a run of consecutive rows (all rows
 * when there is no filter) is copied in bulk, other rows are gathered through a
 * {@link SelectedRows} view. A batch never spans two slices, so batches may be smaller than the
 * generic path's; the rows are the same. The reader owns the slices. Not thread-safe.
 */
final class DirectScanReader extends ArrowReader {
  private final List<TableSlice> slices;
  private final ScanPlan.RowFilter filter;
  private final long fetch;
  private final int batchSize;
  private final Schema schema;
  private final int[] columns;
  private final ColumnExporter[] exporters;
  private final Map<Long, SymbolDictionary> dictionaries = new HashMap<>();
  private final long[] picked;
  private boolean dictionariesFilled;
  private int sliceIndex = -1;
  private TableSlice slice;
  private long rows;
  private long row;
  private Selection kept;
  private long emitted;
  private long bytes;

  /**
   * Creates the reader of {@code plan} with filter {@code filter} (null: all rows), writing the
   * fields of {@code mapping} (which {@link #incompatibility} accepted).
   */
  DirectScanReader(ScanPlan plan, ScanPlan.RowFilter filter, List<JdbcColumn> mapping,
      int batchSize, BufferAllocator allocator) {
    super(allocator);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
    }
    this.filter = filter;
    this.fetch = plan.fetch();
    this.batchSize = batchSize;
    this.columns = plan.columns();
    this.schema = new Schema(mapping.stream().map(JdbcColumn::field).toList());
    this.picked = new long[batchSize];
    KdbTable table = plan.table();
    exporters = new ColumnExporter[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] < 0) {
        continue;
      }
      ColumnType t = table.columns().get(columns[i]).type();
      JdbcColumn m = mapping.get(i);
      if (!t.isString() && t.element() == KdbType.SYMBOL) {
        SymbolDictionary d = SymbolDictionary.ofDomain(m.dictionary());
        dictionaries.put(m.field().getDictionary().getId(), d);
        exporters[i] = new SymbolExporter(d);
      } else if (m.setter() == JdbcColumns.TIMESPAN_OF_DAY) {
        exporters[i] = new TimeOfDayExporter(exporter(t));
      } else {
        exporters[i] = exporter(t);
      }
    }
    this.slices = plan.openSlices();
  }

  /** The exporter of a column of type {@code t}, other than symbols. */
  private static ColumnExporter exporter(ColumnType t) {
    if (t.isString()) {
      return new StringExporter();
    }
    return switch (t.element()) {
      case GUID -> new GuidExporter();
      case CHAR -> new CharExporter();
      default -> new PrimitiveExporter(t.element());
    };
  }

  /**
   * Null when the direct path writes exactly the fields of {@code mapping} (the generic path's
   * schema for the statement) for {@code plan}'s columns, else why not.
   */
  static String incompatibility(ScanPlan plan, List<JdbcColumn> mapping) {
    int[] cols = plan.columns();
    if (cols.length != mapping.size()) {
      return "the result has " + mapping.size() + " columns, the scan " + cols.length;
    }
    KdbTable table = plan.table();
    for (int i = 0; i < cols.length; i++) {
      Field f = mapping.get(i).field();
      String kdb = f.getMetadata().get(ArrowTypes.KDB_TYPE);
      if (cols[i] < 0) {
        PartitionKind kind = table.partitionKind();
        ArrowType expected = kind == PartitionKind.DATE || kind == PartitionKind.MONTH
            ? new ArrowType.Date(DateUnit.DAY) : ArrowTypes.INT32;
        if (!f.getType().equals(expected) || f.getDictionary() != null) {
          return "column " + f.getName() + " (partition column) is " + f.getType();
        }
        continue;
      }
      ColumnInfo info = table.columns().get(cols[i]);
      ColumnType t = info.type();
      boolean ok;
      if (t.isString()) {
        ok = f.getType().equals(ArrowType.Utf8.INSTANCE) && f.getDictionary() == null;
      } else if (t.nested()) {
        ok = false;
      } else if (t.element() == KdbType.SYMBOL) {
        ok = f.getDictionary() != null && mapping.get(i).dictionary() != null;
      } else {
        ok = f.getDictionary() == null && f.getType().equals(ArrowTypes.arrowType(t.element()))
            && String.valueOf(t.element().letter()).equals(kdb);
      }
      if (!ok) {
        return "column " + f.getName() + " (kdb+ " + t + ") is written as " + f.getType()
            + (kdb == null ? "" : " kdb.type " + kdb) + " by the generic path";
      }
    }
    return null;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    if (!dictionariesFilled) {
      for (Map.Entry<Long, SymbolDictionary> e : dictionaries.entrySet()) {
        Dictionary d = getDictionaryVectors().get(e.getKey());
        e.getValue().fill((VarCharVector) d.getVector());
      }
      dictionariesFilled = true;
    }
    long limit = fetch < 0 ? batchSize : Math.min(batchSize, fetch - emitted);
    if (limit <= 0) {
      TableSlice.closeAll(slices);
      return false;
    }
    while (true) {
      if (slice == null && !nextSlice()) {
        return false;
      }
      int n;
      if (kept == null) {
        n = (int) Math.min(limit, rows - row);
        if (n > 0) {
          fill(row, n, false);
          row += n;
        }
      } else {
        n = pick((int) limit);
        if (n > 0) {
          boolean run = picked[n - 1] - picked[0] == n - 1;
          fill(picked[0], n, !run);
        }
      }
      if (n > 0) {
        emitted += n;
        return true;
      }
      TableSlice s = slice;
      slice = null;
      kept = null;
      s.close();
    }
  }

  private boolean nextSlice() {
    if (++sliceIndex >= slices.size()) {
      return false;
    }
    slice = slices.get(sliceIndex);
    rows = slice.rowCount();
    row = 0;
    kept = filter == null || rows == 0 ? null : filter.select(slice);
    return true;
  }

  /** Moves the next at most {@code limit} kept rows of the slice into {@code picked}. */
  private int pick(int limit) {
    int n = kept.next(row, picked, limit);
    row = n < limit ? rows : picked[n - 1] + 1;
    return n;
  }

  /** Fills a batch of {@code n} rows: rows {@code [from, from + n)}, or {@code picked[0..n)}. */
  private void fill(long from, int n, boolean gather) throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] < 0) {
        Partition p = slice.partition();
        PartitionExporter.fill(PartitionExporter.arrowValue(p.kind(), p.value()), n,
            (BaseFixedWidthVector) root.getVector(i));
      } else if (gather) {
        exporters[i].fill(new SelectedRows(slice.column(columns[i]), picked, n), 0, n,
            root.getVector(i));
      } else {
        exporters[i].fill(slice.column(columns[i]), from, n, root.getVector(i));
      }
      bytes += root.getVector(i).getBufferSize();
    }
    root.setRowCount(n);
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
