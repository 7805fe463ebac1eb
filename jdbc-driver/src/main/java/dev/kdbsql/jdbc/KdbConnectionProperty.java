package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.KdbConnectionDefaults;
import dev.kdbsql.calcite.KdbSchemaOptions;
import java.util.Properties;
import java.util.TimeZone;

/**
 * Every connection property the kdb driver documents, with its default and a description: the
 * kdb+ schema's own options, and the Calcite properties whose defaults the driver changes. What
 * {@code getPropertyInfo} shows (DBeaver's "Driver properties" tab) comes from here. Any other
 * Calcite connection property may still be given and is passed through.
 */
enum KdbConnectionProperty {
  DIRECTORY("directory", null,
      "Database root (a directory with tables, partitions or par.txt; a splayed table; or a flat "
          + "table file). The path in jdbc:kdb:/path sets it."),
  MODEL("model", null,
      "A Calcite model file (or inline: JSON) using dev.kdbsql.calcite.KdbSchemaFactory, instead "
          + "of a directory."),
  SCHEMA("schema", "kdb", "Name of the kdb+ schema, which is the connection's default schema."),
  STRICT_PARTITIONS("strictPartitions", "false",
      "true: a table missing from a partition is an error, as in q; false: it reads as empty "
          + "there."),
  STRICT_COLUMNS("strictColumns", "false",
      "true: a column missing from an older partition is an error; false: it reads as nulls."),
  TIMESPAN("timespan", "time",
      "time: kdb+ timespans are TIME, millisecond-precise, NULL outside one day; nanos: BIGINT "
          + "nanoseconds, exact."),
  THREADS("threads", null,
      "The most threads one query uses to scan partitions in parallel; defaults to the number "
          + "of processors. 1 scans on the calling thread only."),
  PUSHDOWN("pushdown", "true",
      "true: filters, projections, aggregates, top-N, limits and as-of joins run in the kdb+ "
          + "scan and its engine; false: Calcite's own operators over whole-table scans (for "
          + "comparing answers)."),
  JOIN_MEMORY("joinMemory", null,
      "The most heap (bytes, or with a k, m or g suffix) the smaller input of one join may take "
          + "in its hash table; defaults to a quarter of the JVM's maximum heap. A larger input "
          + "fails the query with an error saying so, never an OutOfMemoryError."),
  DIRECT_SCAN("directScan", "true",
      "true: a query the kdb+ scan answers whole (rows, aggregates, top-N, limits) is planned "
          + "without Calcite's cost-based planner and runs without generating and compiling Java "
          + "code; false: Calcite's planner and code generation for every query (for comparing "
          + "answers)."),
  PLAN_CACHE("planCache", "64",
      "How many prepared queries a connection keeps, by statement text, so that a repeated "
          + "query skips planning and compiling; 0 turns the cache off."),
  PARSER_FACTORY("parserFactory", calcite("parserFactory"),
      "SQL parser: Calcite's Babel parser accepting date/time/first/last unquoted and refusing "
          + "writes."),
  QUOTING("quoting", calcite("quoting"), "How identifiers are quoted: \"name\"."),
  UNQUOTED_CASING("unquotedCasing", calcite("unquotedCasing"),
      "Unquoted names keep their case (kdb+ names are lower or mixed case)."),
  QUOTED_CASING("quotedCasing", calcite("quotedCasing"), "Quoted names keep their case."),
  CASE_SENSITIVE("caseSensitive", calcite("caseSensitive"), "Names match case-insensitively."),
  TYPE_SYSTEM("typeSystem", calcite("typeSystem"),
      "Type system allowing TIMESTAMP(9), so nanosecond literals keep their digits."),
  CONFORMANCE("conformance", calcite("conformance"),
      "Lenient SQL: GROUP BY aliases and ordinals (BABEL would also accept select-list aliases in "
          + "the same select list, at the price of misleading errors for unknown columns)."),
  FUN("fun", calcite("fun"), "Function libraries besides kdb+'s xbar, wavg, first and last."),
  TIME_ZONE("timeZone", null,
      "Defaults to the JVM's zone at connect time, so that values show as stored (kdb+ "
          + "temporals have no zone)."),
  META_TABLE_FACTORY("metaTableFactory", KdbMetaTableFactory.class.getName() + "#INSTANCE",
      "Table metadata with the kdb+ layout in REMARKS."),
  META_COLUMN_FACTORY("metaColumnFactory", KdbMetaColumnFactory.class.getName() + "#INSTANCE",
      "Column metadata with SQL sizes and the kdb+ type in REMARKS.");

  final String camelName;
  private final String defaultValue;
  final String description;

  KdbConnectionProperty(String camelName, String defaultValue, String description) {
    this.camelName = camelName;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The value {@link KdbConnectionDefaults} gives Calcite property {@code name}. */
  private static String calcite(String name) {
    return KdbConnectionDefaults.properties().get(name);
  }

  /** The default, resolved now (the time zone is the JVM's current one). */
  String defaultValue() {
    return switch (this) {
      case TIME_ZONE -> TimeZone.getDefault().getID();
      case THREADS -> Integer.toString(KdbSchemaOptions.defaultThreads());
      default -> defaultValue;
    };
  }

  /** The properties every connection starts from, before the caller's and the URL's. */
  static Properties defaults() {
    Properties p = new Properties();
    for (KdbConnectionProperty k : values()) {
      String v = k.defaultValue();
      if (v != null) {
        p.setProperty(k.camelName, v);
      }
    }
    return p;
  }
}
