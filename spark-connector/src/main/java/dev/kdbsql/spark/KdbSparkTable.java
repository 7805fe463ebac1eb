package dev.kdbsql.spark;

import dev.kdbsql.spark.read.ScanTarget;
import dev.kdbsql.storage.KdbTable;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A kdb+ table as Spark sees it: its schema (partition column first) and a fresh scan builder
 * per query. Holds the database as discovered at {@code load} time (the snapshot): every query on
 * the DataFrame plans against it.
 */
final class KdbSparkTable implements SupportsRead {
  private final KdbTable table;
  private final KdbOptions options;
  private final String snapshot;
  private final StructType schema;

  KdbSparkTable(KdbTable table, KdbOptions options, String snapshot) {
    this.table = table;
    this.options = options;
    this.snapshot = snapshot;
    this.schema = SparkTypes.schema(table, options);
  }

  KdbTable table() {
    return table;
  }

  KdbOptions options() {
    return options;
  }

  /** Where the executors find the rows again. */
  ScanTarget target() {
    return new ScanTarget(table.database().root().toString(), options, snapshot, table.name());
  }

  @Override
  public String name() {
    return "kdb " + table.name();
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    return new KdbScanBuilder(this);
  }
}
