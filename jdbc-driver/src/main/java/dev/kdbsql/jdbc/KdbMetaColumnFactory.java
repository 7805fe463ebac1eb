package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.KdbCalciteTable;
import java.sql.Types;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaColumnFactory;
import org.apache.calcite.schema.Table;

/**
 * Builds the rows of {@code DatabaseMetaData.getColumns} for GUI tools: TYPE_NAME without
 * Calcite's " NOT NULL" suffix, kdb+ timestamps and timespans (the adapter's exact types) as
 * {@code TIMESTAMP} and {@code TIME} with nine fractional digits, COLUMN_SIZE and DECIMAL_DIGITS
 * filled in as JDBC defines them for each type, and the kdb+ type (q's meta character and
 * attribute) in REMARKS.
 */
public final class KdbMetaColumnFactory implements CalciteMetaColumnFactory {
  /** The instance the {@code metaColumnFactory} property names. */
  public static final KdbMetaColumnFactory INSTANCE = new KdbMetaColumnFactory();

  private KdbMetaColumnFactory() {
  }

  @Override
  public MetaImpl.MetaColumn createColumn(Table table, String tableCat, String tableSchem,
      String tableName, String columnName, int dataType, String typeName, Integer columnSize,
      Integer decimalDigits, int numPrecRadix, int nullable, Integer charOctetLength,
      int ordinalPosition, String isNullable) {
    String name = typeName.replace(" NOT NULL", "");
    // kdb+ timestamps and timespans (as times of day) are exact, nine fractional digits.
    boolean exact = name.startsWith("KDB_TIMESTAMP(") || name.startsWith("KDB_TIMESPAN(");
    if (exact) {
      boolean timestamp = name.startsWith("KDB_TIMESTAMP(");
      name = timestamp ? "TIMESTAMP" : "TIME";
      dataType = timestamp ? Types.TIMESTAMP : Types.TIME;
    } else {
      int paren = name.indexOf('(');
      name = paren < 0 ? name : name.substring(0, paren);
    }
    Integer size = columnSize;
    Integer digits = decimalDigits;
    switch (dataType) {
      case Types.BOOLEAN -> size = 1;
      case Types.SMALLINT -> { size = 5; digits = 0; }
      case Types.INTEGER -> { size = 10; digits = 0; }
      case Types.BIGINT -> { size = 19; digits = 0; }
      case Types.REAL -> { size = 7; digits = null; }
      case Types.DOUBLE -> { size = 15; digits = null; }
      case Types.DATE -> { size = 10; digits = 0; }
      case Types.TIME -> {
        int p = decimalDigits == null || decimalDigits < 0 ? 0 : decimalDigits;
        p = exact ? 9 : columnSize != null && columnSize > 0 ? columnSize : p;
        size = p == 0 ? 8 : 9 + p;
        digits = p;
      }
      case Types.TIMESTAMP -> {
        int p = exact ? 9 : columnSize != null && columnSize > 0 ? columnSize : 0;
        size = p == 0 ? 19 : 20 + p;
        digits = p;
      }
      case Types.VARCHAR -> size = columnSize == null || columnSize < 0 ? Integer.MAX_VALUE
          : columnSize;
      default -> {
      }
    }
    String remarks = table instanceof KdbCalciteTable k ? k.kdbTypeOf(ordinalPosition - 1) : null;
    return new KdbMetaColumn(tableCat, tableSchem, tableName, columnName, dataType, name, size,
        digits, numPrecRadix, nullable, charOctetLength, ordinalPosition, isNullable, remarks);
  }

  @Override
  public Class<? extends MetaImpl.MetaColumn> getMetaColumnClass() {
    return KdbMetaColumn.class;
  }

  /**
   * A column row with remarks. Avatica reads metadata rows by public field name, and this
   * class's {@code remarks} hides the always-null one it inherits.
   */
  public static final class KdbMetaColumn extends MetaImpl.MetaColumn {
    /** The REMARKS column. */
    public final String remarks;

    KdbMetaColumn(String tableCat, String tableSchem, String tableName, String columnName,
        int dataType, String typeName, Integer columnSize, Integer decimalDigits,
        int numPrecRadix, int nullable, Integer charOctetLength, int ordinalPosition,
        String isNullable, String remarks) {
      super(tableCat, tableSchem, tableName, columnName, dataType, typeName, columnSize,
          decimalDigits, numPrecRadix, nullable, charOctetLength, ordinalPosition, isNullable);
      this.remarks = remarks;
    }
  }
}
