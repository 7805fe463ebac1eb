package dev.kdbsql.storage.write;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-column write options for one table: a default for every column plus overrides by column
 * name. Immutable; the {@code with...} methods return new instances.
 */
public final class WriteOptions {
  /** Every column with {@link ColumnOptions#DEFAULT}. */
  public static final WriteOptions DEFAULT = new WriteOptions(ColumnOptions.DEFAULT, Map.of());

  private final ColumnOptions defaults;
  private final Map<String, ColumnOptions> byColumn;

  private WriteOptions(ColumnOptions defaults, Map<String, ColumnOptions> byColumn) {
    this.defaults = defaults;
    this.byColumn = Map.copyOf(byColumn);
  }

  /** These options with {@code options} for every column that has no override. */
  public WriteOptions withDefaults(ColumnOptions options) {
    return new WriteOptions(options, byColumn);
  }

  /** These options with {@code options} for column {@code name}. */
  public WriteOptions with(String name, ColumnOptions options) {
    Map<String, ColumnOptions> m = new HashMap<>(byColumn);
    m.put(name, options);
    return new WriteOptions(defaults, m);
  }

  /** The options of column {@code name}. */
  public ColumnOptions column(String name) {
    return byColumn.getOrDefault(name, defaults);
  }
}
