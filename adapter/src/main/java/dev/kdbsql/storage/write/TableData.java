package dev.kdbsql.storage.write;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table to be written: named columns of equal length, in order. Immutable once built; it
 * refers to the caller's arrays (see {@link ColumnData}) without copying them.
 */
public final class TableData {
  private final Map<String, ColumnData> columns;
  private final int rows;

  private TableData(Map<String, ColumnData> columns, int rows) {
    this.columns = Collections.unmodifiableMap(columns);
    this.rows = rows;
  }

  /** Starts an empty table. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of rows. */
  public int rowCount() {
    return rows;
  }

  /** Column names in order. */
  public List<String> columnNames() {
    return List.copyOf(columns.keySet());
  }

  /** The columns by name, in order. */
  public Map<String, ColumnData> columns() {
    return columns;
  }

  /** Column {@code name}; throws when there is none. */
  public ColumnData column(String name) {
    ColumnData c = columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no column " + name + " in " + columns.keySet());
    }
    return c;
  }

  /** The same rows with {@code first} moved to the front, as {@code .Q.dpft} orders {@code .d}. */
  public TableData withFirst(String first) {
    Builder b = builder().add(first, column(first));
    columns.forEach((n, c) -> {
      if (!n.equals(first)) {
        b.add(n, c);
      }
    });
    return b.build();
  }

  /** The rows in {@code order} (row numbers), every column alike. */
  public TableData select(int[] order) {
    Builder b = builder();
    columns.forEach((n, c) -> b.add(n, c.select(order)));
    return b.build();
  }

  @Override
  public String toString() {
    return "TableData" + columns + " (" + rows + " rows)";
  }

  /** Collects columns; checks names and lengths as they come. */
  public static final class Builder {
    private final Map<String, ColumnData> columns = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();

    private Builder() {}

    /** Adds column {@code name}; names must be distinct file names and lengths equal. */
    public Builder add(String name, ColumnData data) {
      if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")
          || name.endsWith("#") || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("column name '" + name + "' is not usable as a kdb+ "
            + "column file name");
      }
      if (columns.containsKey(name)) {
        throw new IllegalArgumentException("duplicate column " + name);
      }
      if (!order.isEmpty() && columns.get(order.get(0)).length() != data.length()) {
        throw new IllegalArgumentException("column " + name + " has " + data.length()
            + " rows but " + order.get(0) + " has " + columns.get(order.get(0)).length());
      }
      columns.put(name, data);
      order.add(name);
      return this;
    }

    /** The table; it must have at least one column. */
    public TableData build() {
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("a table needs at least one column");
      }
      return new TableData(new LinkedHashMap<>(columns), columns.get(order.get(0)).length());
    }
  }
}
