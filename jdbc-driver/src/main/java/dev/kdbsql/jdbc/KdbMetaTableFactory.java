package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.KdbCalciteTable;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.jdbc.CalciteMetaTableFactory;
import org.apache.calcite.schema.Table;

/**
 * Builds the rows of {@code DatabaseMetaData.getTables}: Calcite's, with REMARKS saying how the
 * kdb+ table is stored (flat, splayed, or partitioned and by what).
 */
public final class KdbMetaTableFactory implements CalciteMetaTableFactory {
  /** The instance the {@code metaTableFactory} property names. */
  public static final KdbMetaTableFactory INSTANCE = new KdbMetaTableFactory();

  private KdbMetaTableFactory() {
  }

  @Override
  public MetaImpl.MetaTable createTable(Table table, String tableCat, String tableSchem,
      String tableName) {
    return new KdbMetaTable(table, tableCat, tableSchem, tableName,
        table instanceof KdbCalciteTable k ? k.remarks() : null);
  }

  @Override
  public Class<? extends MetaImpl.MetaTable> getMetaTableClass() {
    return KdbMetaTable.class;
  }

  /**
   * A table row with remarks. Avatica reads metadata rows by public field name, and this
   * class's {@code remarks} hides the always-null one it inherits.
   */
  public static final class KdbMetaTable extends CalciteMetaImpl.CalciteMetaTable {
    /** The REMARKS column. */
    public final String remarks;

    KdbMetaTable(Table table, String tableCat, String tableSchem, String tableName,
        String remarks) {
      super(table, tableCat, tableSchem, tableName);
      this.remarks = remarks;
    }
  }
}
