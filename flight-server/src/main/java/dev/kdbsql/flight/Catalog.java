package dev.kdbsql.flight;

import dev.kdbsql.storage.Database;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The answers to Flight SQL's catalog calls, read from the jdbc:kdb: connection's
 * {@link DatabaseMetaData} and shaped as Flight SQL's fixed schemas
 * ({@link Schemas}). kdb+ databases have no catalog: there are no catalogs, every schema and table
 * has a null catalog, and a catalog filter matches only when it is empty (Flight SQL's "without
 * a catalog"). Tables carry, when asked, the Arrow schema a {@code SELECT *} of them streams
 * (arrow-bridge's exact types as {@link ClientBatches} sends them) with Flight SQL's column
 * metadata (type name, precision, scale, ...), which ADBC's {@code GetObjects} and the JDBC
 * driver's {@code getColumns} read. There are no keys: the key calls answer with no rows.
 */
final class Catalog {
  private Catalog() {}

  /** GetCatalogs: none. */
  static VectorSchemaRoot catalogs(BufferAllocator a) {
    return root(Schemas.GET_CATALOGS_SCHEMA, List.of(), a);
  }

  /** GetDbSchemas, filtered by {@code command}'s catalog and schema pattern. */
  static VectorSchemaRoot schemas(DatabaseMetaData md, CommandGetDbSchemas command,
      BufferAllocator a) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (!command.hasCatalog() || command.getCatalog().isEmpty()) {
      String pattern = command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern()
          : null;
      try (ResultSet rs = md.getSchemas(null, pattern)) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getString("TABLE_CATALOG"), rs.getString("TABLE_SCHEM")});
        }
      }
    }
    return root(Schemas.GET_SCHEMAS_SCHEMA, rows, a);
  }

  /** GetTableTypes. */
  static VectorSchemaRoot tableTypes(DatabaseMetaData md, BufferAllocator a)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = md.getTableTypes()) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString(1)});
      }
    }
    return root(Schemas.GET_TABLE_TYPES_SCHEMA, rows, a);
  }

  /**
   * GetTables, filtered by {@code command}; with {@code include_schema}, each table's Arrow schema
   * as its {@code SELECT *} streams it, typed with {@code hints}.
   */
  static VectorSchemaRoot tables(DatabaseMetaData md, Database hints, CommandGetTables command,
      BufferAllocator a) throws SQLException {
    boolean withSchema = command.getIncludeSchema();
    Schema target = withSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
    List<Object[]> rows = new ArrayList<>();
    if (command.hasCatalog() && !command.getCatalog().isEmpty()) {
      return root(target, rows, a);
    }
    String schemaPattern = command.hasDbSchemaFilterPattern()
        ? command.getDbSchemaFilterPattern() : null;
    String tablePattern = command.hasTableNameFilterPattern()
        ? command.getTableNameFilterPattern() : null;
    String[] types = command.getTableTypesCount() == 0 ? null
        : command.getTableTypesList().toArray(new String[0]);
    try (ResultSet rs = md.getTables(null, schemaPattern, tablePattern, types)) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"),
            rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"), null});
      }
    }
    if (withSchema) {
      Map<String, List<Column>> columns = columns(md, schemaPattern, tablePattern);
      for (Object[] row : rows) {
        List<Column> cols = columns.getOrDefault(row[1] + "." + row[2], List.of());
        row[4] = schemaOf(cols, hints, a).serializeAsMessage();
      }
    }
    return root(target, rows, a);
  }

  /** A column as getColumns describes it. */
  private record Column(String catalog, String schema, String table, String name, int jdbcType,
      String typeName, int size, int digits, boolean nullable, String remarks) {}

  private static Map<String, List<Column>> columns(DatabaseMetaData md, String schemaPattern,
      String tablePattern) throws SQLException {
    Map<String, List<Column>> out = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, schemaPattern, tablePattern, null)) {
      while (rs.next()) {
        Column c = new Column(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"),
            rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"),
            rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"),
            rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, rs.getString("REMARKS"));
        out.computeIfAbsent(c.schema() + "." + c.table(), k -> new ArrayList<>()).add(c);
      }
    }
    return out;
  }

  /**
   * The Arrow schema of a table's {@code SELECT *}: arrow-bridge types the columns from
   * result metadata, here built from getColumns, which describes the same row type.
   */
  private static Schema schemaOf(List<Column> cols, Database hints, BufferAllocator a)
      throws SQLException {
    ColumnsMetaData rsmd = new ColumnsMetaData(cols);
    return withColumnMetadata(ArrowResults.schema(rsmd, hints, a), rsmd);
  }

  /**
   * {@code schema} with Flight SQL's column metadata from {@code md} added to each field's own
   * (the kdb+ type letter {@code kdb.type} stays): catalog, schema and table, the SQL type name,
   * precision, scale, and read-only, searchable and case-sensitive flags.
   */
  static Schema withColumnMetadata(Schema schema, ResultSetMetaData md) throws SQLException {
    List<Field> out = new ArrayList<>(schema.getFields().size());
    for (int i = 0; i < schema.getFields().size(); i++) {
      Field f = schema.getFields().get(i);
      int c = i + 1;
      FlightSqlColumnMetadata.Builder b = new FlightSqlColumnMetadata.Builder()
          .schemaName(emptyToNull(md.getSchemaName(c)))
          .tableName(emptyToNull(md.getTableName(c)))
          .typeName(md.getColumnTypeName(c))
          .precision(md.getPrecision(c))
          .scale(md.getScale(c))
          .isAutoIncrement(false)
          .isCaseSensitive(md.isCaseSensitive(c))
          .isReadOnly(true)
          .isSearchable(md.isSearchable(c));
      String catalog = emptyToNull(md.getCatalogName(c));
      if (catalog != null) {
        b.catalogName(catalog);
      }
      if (md instanceof ColumnsMetaData cm && cm.remarks(c) != null) {
        b.remarks(cm.remarks(c));
      }
      Map<String, String> meta = new LinkedHashMap<>();
      if (f.getMetadata() != null) {
        meta.putAll(f.getMetadata());
      }
      b.build().getMetadataMap().forEach((k, v) -> {
        if (v != null) {
          meta.put(k, v);
        }
      });
      out.add(new Field(f.getName(), new FieldType(f.isNullable(), f.getType(),
          f.getDictionary(), meta), f.getChildren()));
    }
    return new Schema(out, schema.getCustomMetadata());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** GetXdbcTypeInfo: the driver's types, or the one asked for, ordered by data type. */
  static VectorSchemaRoot typeInfo(DatabaseMetaData md, CommandGetXdbcTypeInfo command,
      BufferAllocator a) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = md.getTypeInfo()) {
      while (rs.next()) {
        int type = rs.getInt("DATA_TYPE");
        if (command.hasDataType() && command.getDataType() != type) {
          continue;
        }
        String params = rs.getString("CREATE_PARAMS");
        rows.add(new Object[] {
            rs.getString("TYPE_NAME"), type, intOrNull(rs, "PRECISION"),
            rs.getString("LITERAL_PREFIX"), rs.getString("LITERAL_SUFFIX"),
            params == null || params.isBlank() ? null
                : List.of(params.split("\\s*,\\s*")),
            rs.getInt("NULLABLE"), rs.getBoolean("CASE_SENSITIVE"), rs.getInt("SEARCHABLE"),
            rs.getBoolean("UNSIGNED_ATTRIBUTE"), rs.getBoolean("FIXED_PREC_SCALE"),
            rs.getBoolean("AUTO_INCREMENT"), rs.getString("LOCAL_TYPE_NAME"),
            intOrNull(rs, "MINIMUM_SCALE"), intOrNull(rs, "MAXIMUM_SCALE"),
            rs.getObject("SQL_DATA_TYPE") == null ? type : rs.getInt("SQL_DATA_TYPE"),
            intOrNull(rs, "SQL_DATETIME_SUB"), intOrNull(rs, "NUM_PREC_RADIX"), null});
      }
    }
    rows.sort(java.util.Comparator.comparingInt(r -> (Integer) r[1]));
    return root(Schemas.GET_TYPE_INFO_SCHEMA, rows, a);
  }

  private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  /** An empty answer of {@code schema} (the key calls: kdb+ tables have no keys). */
  static VectorSchemaRoot empty(Schema schema, BufferAllocator a) {
    return root(schema, List.of(), a);
  }

  /**
   * A root of {@code schema} holding {@code rows}; values are strings, ints, booleans, bytes,
   * byte arrays or lists of strings, as the column's vector takes them.
   */
  static VectorSchemaRoot root(Schema schema, List<Object[]> rows, BufferAllocator a) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    try {
      root.allocateNew();
      List<FieldVector> vectors = root.getFieldVectors();
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < vectors.size(); c++) {
          set(vectors.get(c), r, rows.get(r)[c]);
        }
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static void set(FieldVector v, int r, Object value) {
    if (value == null) {
      if (v instanceof ListVector l) {
        l.setNull(r);
      } else if (v instanceof VarCharVector s) {
        s.setNull(r);
      } else if (v instanceof IntVector i) {
        i.setNull(r);
      } else if (v instanceof BitVector b) {
        b.setNull(r);
      } else if (v instanceof VarBinaryVector b) {
        b.setNull(r);
      } else {
        throw new IllegalArgumentException("no null for " + v.getField());
      }
      return;
    }
    if (v instanceof VarCharVector s) {
      s.setSafe(r, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof IntVector i) {
      i.setSafe(r, (Integer) value);
    } else if (v instanceof BitVector b) {
      b.setSafe(r, (Boolean) value ? 1 : 0);
    } else if (v instanceof UInt1Vector u) {
      u.setSafe(r, ((Number) value).intValue());
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(r, (byte[]) value);
    } else if (v instanceof ListVector l) {
      UnionListWriter w = l.getWriter();
      w.setPosition(r);
      w.startList();
      for (Object item : (List<?>) value) {
        byte[] bytes = item.toString().getBytes(StandardCharsets.UTF_8);
        try (var buf = v.getAllocator().buffer(bytes.length)) {
          buf.setBytes(0, bytes);
          w.varChar().writeVarChar(0, bytes.length, buf);
        }
      }
      w.endList();
    } else {
      throw new IllegalArgumentException("cannot set " + value.getClass().getSimpleName()
          + " into " + v.getField());
    }
  }

  /** Result metadata built from getColumns rows: what a {@code SELECT *} of one table reports. */
  private static final class ColumnsMetaData implements ResultSetMetaData {
    private final List<Column> cols;

    ColumnsMetaData(List<Column> cols) {
      this.cols = cols;
    }

    private Column col(int c) {
      return cols.get(c - 1);
    }

    String remarks(int c) {
      return col(c).remarks();
    }

    @Override
    public int getColumnCount() {
      return cols.size();
    }

    @Override
    public boolean isAutoIncrement(int c) {
      return false;
    }

    @Override
    public boolean isCaseSensitive(int c) {
      return true;
    }

    @Override
    public boolean isSearchable(int c) {
      return true;
    }

    @Override
    public boolean isCurrency(int c) {
      return false;
    }

    @Override
    public int isNullable(int c) {
      return col(c).nullable() ? columnNullable : columnNoNulls;
    }

    @Override
    public boolean isSigned(int c) {
      return true;
    }

    @Override
    public int getColumnDisplaySize(int c) {
      return col(c).size();
    }

    @Override
    public String getColumnLabel(int c) {
      return col(c).name();
    }

    @Override
    public String getColumnName(int c) {
      return col(c).name();
    }

    @Override
    public String getSchemaName(int c) {
      return col(c).schema();
    }

    @Override
    public int getPrecision(int c) {
      return col(c).size();
    }

    @Override
    public int getScale(int c) {
      return col(c).digits();
    }

    @Override
    public String getTableName(int c) {
      return col(c).table();
    }

    @Override
    public String getCatalogName(int c) {
      return col(c).catalog();
    }

    @Override
    public int getColumnType(int c) {
      return col(c).jdbcType();
    }

    @Override
    public String getColumnTypeName(int c) {
      return col(c).typeName();
    }

    @Override
    public boolean isReadOnly(int c) {
      return true;
    }

    @Override
    public boolean isWritable(int c) {
      return false;
    }

    @Override
    public boolean isDefinitelyWritable(int c) {
      return false;
    }

    @Override
    public String getColumnClassName(int c) {
      return Object.class.getName();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
