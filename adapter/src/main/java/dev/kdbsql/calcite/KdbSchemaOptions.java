package dev.kdbsql.calcite;

import dev.kdbsql.storage.DatabaseOptions;
import java.util.Map;

/**
 * The options of one kdb+ schema, read from model operands or connection properties.
 *
 * @param strictPartitions fail on a table missing from a partition (q's behaviour) instead of
 *     reading it as empty there
 * @param strictColumns fail on a column missing from an older partition instead of reading nulls
 * @param timespan how timespan columns are typed
 */
public record KdbSchemaOptions(boolean strictPartitions, boolean strictColumns,
    TimespanMode timespan) {
  /** Forgiving storage, timespans as TIME. */
  public static final KdbSchemaOptions DEFAULT =
      new KdbSchemaOptions(false, false, TimespanMode.TIME);

  /** Reads {@code strictPartitions}, {@code strictColumns} and {@code timespan}; absent keys keep defaults. */
  public static KdbSchemaOptions from(Map<String, ?> values) {
    return new KdbSchemaOptions(flag(values, "strictPartitions"), flag(values, "strictColumns"),
        TimespanMode.parse(string(values.get("timespan"))));
  }

  private static boolean flag(Map<String, ?> values, String key) {
    String v = string(values.get(key));
    if (v == null || v.isBlank()) {
      return false;
    }
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  /** The storage options these map to. */
  public DatabaseOptions storage() {
    return new DatabaseOptions(strictPartitions, strictColumns);
  }
}
