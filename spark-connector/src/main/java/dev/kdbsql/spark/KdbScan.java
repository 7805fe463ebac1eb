package dev.kdbsql.spark;

import dev.kdbsql.spark.read.KdbInputPartition;
import dev.kdbsql.spark.read.KdbReaderFactory;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsRuntimeFiltering;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A scan of a kdb+ table as columnar batches: one input partition per partition directory that
 * survived pruning (a partition split over segments gives one per segment), each split into row
 * ranges of at most {@link #splitRows} rows. Row counts come from file headers, read once on
 * the driver when the scan is planned (they also give Spark its statistics); empty directories and
 * rows past a pushed limit are never planned. Each task evaluates the scan's {@link Condition} on
 * its rows and hands Spark only those selected. Filters Spark derives at run time from a join on the
 * partition column prune further ({@link #filter}). {@link #description()} shows what the scan
 * does, as EXPLAIN prints it.
 */
final class KdbScan implements Scan, Batch, SupportsReportStatistics, SupportsRuntimeFiltering {
  /** The fewest rows per input partition that {@code spark.sql.files.maxPartitionBytes} gives. */
  private static final long MIN_SPLIT_ROWS = 1 << 16;
  /** Partitions named in the description, at most. */
  private static final int NAMED_PARTITIONS = 8;

  private final KdbSparkTable table;
  private List<Partition> partitions;
  private final StructType schema;
  private final int[] columns;
  private final Filter[] pushed;
  private final Condition condition;
  private final int limit;
  private List<KdbInputPartition> planned;

  KdbScan(KdbSparkTable table, List<Partition> partitions, StructType schema, Filter[] pushed,
      Condition condition, int limit) {
    this.table = table;
    this.partitions = partitions;
    this.schema = schema;
    this.pushed = pushed;
    this.condition = condition;
    this.limit = limit;
    KdbTable t = table.table();
    PartitionKind kind = t.partitionKind();
    columns = new int[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      String name = schema.fields()[i].name();
      columns[i] = kind != null && name.equals(kind.columnName()) && t.columnIndex(name) < 0
          ? -1 : t.columnIndex(name);
    }
  }

  /**
   * Dynamic partition pruning: the partition column, when the scan reads it (Spark resolves
   * these against the scan's output, and a join on the column reads it).
   */
  @Override
  public NamedReference[] filterAttributes() {
    PartitionKind kind = table.table().partitionKind();
    return kind == null || !Arrays.asList(schema.fieldNames()).contains(kind.columnName())
        ? new NamedReference[0] : new NamedReference[] {Expressions.column(kind.columnName())};
  }

  /**
   * Prunes partitions further with the filters Spark derives at run time from the other side of
   * a join (dynamic partition pruning), before the input partitions are planned again.
   */
  @Override
  public synchronized void filter(Filter[] filters) {
    PartitionKind kind = table.table().partitionKind();
    if (kind == null) {
      return;
    }
    List<Filter> usable = FilterTranslator.partitionFilters(filters, kind.columnName());
    if (!usable.isEmpty()) {
      partitions = PartitionPruner.prune(partitions, usable);
      planned = null;
    }
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return ColumnarSupportMode.SUPPORTED;
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return plan().toArray(InputPartition[]::new);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new KdbReaderFactory(table.target(), columns, schema, condition);
  }

  @Override
  public Statistics estimateStatistics() {
    long rows = plan().stream().mapToLong(KdbInputPartition::rows).sum();
    long bytes = rows * Math.max(1, rowWidth());
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(bytes);
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.of(rows);
      }
    };
  }

  /** The input partitions, planned once: header reads on the driver, no column data. */
  private synchronized List<KdbInputPartition> plan() {
    if (planned != null) {
      return planned;
    }
    if (condition == Condition.FALSE) {
      planned = List.of();
      return planned;
    }
    KdbTable t = table.table();
    List<TableSlice> slices = t.layout() == TableLayout.PARTITIONED ? t.slices(partitions)
        : t.slices();
    List<TableSlice> read = new ArrayList<>();
    List<Long> rows = new ArrayList<>();
    long wanted = limit < 0 ? Long.MAX_VALUE : limit;
    try {
      for (TableSlice s : slices) {
        long n = Math.min(s.rowCount(), wanted);
        wanted -= n;
        if (n > 0) {
          read.add(s);
          rows.add(n);
        }
      }
    } finally {
      TableSlice.closeAll(slices);
    }
    long split = splitRows(rows.stream().mapToLong(Long::longValue).sum());
    List<KdbInputPartition> out = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      TableSlice s = read.get(i);
      String name = s.partition() == null ? null : s.partition().name();
      for (long from = 0; from < rows.get(i); from += split) {
        out.add(new KdbInputPartition(name, s.location().toString(), from,
            Math.min(rows.get(i), from + split)));
      }
    }
    planned = List.copyOf(out);
    return planned;
  }

  /**
   * Rows per input partition: the {@code splitRows} option, else sized as Spark sizes file
   * splits ({@code FilePartition.maxSplitBytes}): the bytes of the columns read are spread over
   * the cores ({@code spark.sql.files.minPartitionNum}, else the default parallelism), within
   * {@code spark.sql.files.openCostInBytes} and {@code spark.sql.files.maxPartitionBytes}; at
   * least {@link #MIN_SPLIT_ROWS} rows.
   */
  private long splitRows(long totalRows) {
    long option = table.options().splitRows();
    if (option > 0) {
      return option;
    }
    SQLConf conf = SQLConf.get();
    long width = Math.max(1, rowWidth());
    long cores = conf.filesMinPartitionNum().isDefined()
        ? ((Number) conf.filesMinPartitionNum().get()).longValue()
        : SparkSession.getActiveSession().isDefined()
            ? SparkSession.getActiveSession().get().sparkContext().defaultParallelism() : 1;
    long perCore = totalRows * width / Math.max(1, cores);
    long bytes = Math.min(conf.filesMaxPartitionBytes(),
        Math.max(conf.filesOpenCostInBytes(), perCore));
    return Math.max(MIN_SPLIT_ROWS, bytes / width);
  }

  /** Bytes a row of the columns read takes on disk, about (lists and strings guessed). */
  private long rowWidth() {
    List<ColumnInfo> stored = table.table().columns();
    long w = 0;
    for (int c : columns) {
      if (c >= 0) {
        ColumnType type = stored.get(c).type();
        w += type.nested() ? 32 : switch (type.element()) {
          case SYMBOL -> 8;
          default -> type.element().width();
        };
      }
    }
    return w;
  }

  @Override
  public synchronized String description() {
    KdbTable t = table.table();
    StringBuilder b = new StringBuilder(table.name());
    if (t.layout() == TableLayout.PARTITIONED) {
      b.append(" partitions=").append(partitions.size()).append('/').append(t.partitions().size())
          .append(' ').append(names(partitions));
    } else {
      b.append(" (").append(t.layout().name().toLowerCase(java.util.Locale.ROOT)).append(')');
    }
    b.append(" columns=").append(Arrays.stream(schema.fields()).map(StructField::name)
        .collect(Collectors.joining(", ", "[", "]")));
    b.append(" pushedFilters=").append(Arrays.toString(pushed));
    if (condition != Condition.TRUE) {
      // The engine's predicate over the raw kdb+ values, as the executors evaluate it.
      b.append(" filter=").append(condition);
    }
    if (limit >= 0) {
      b.append(" limit=").append(limit);
    }
    b.append(" path=").append(t.database().root());
    return b.toString();
  }

  /** The partitions' names, the first few and a count of the rest. */
  static String names(List<Partition> parts) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < parts.size() && i < NAMED_PARTITIONS; i++) {
      b.append(i == 0 ? "" : ", ").append(parts.get(i).name());
    }
    if (parts.size() > NAMED_PARTITIONS) {
      b.append(", ... ").append(parts.size() - NAMED_PARTITIONS).append(" more");
    }
    return b.append(']').toString();
  }

  @Override
  public String toString() {
    return description();
  }
}
