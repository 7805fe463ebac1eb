package dev.kdbsql.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.spark.KdbOptions.TimestampMode;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a filtered read through the connector three ways: the plan (the filter pushed into the
 * scan, no {@code Filter} left above it, or else left to Spark), Spark's own answer (the same
 * filter applied by Spark to the table's rows read without it, in a local relation: exactly
 * Spark's semantics over exactly the connector's values), and the JDBC driver's answer to the
 * same WHERE ({@code SELECT * ... WHERE}, compared row by row and value by value with
 * {@link SameAsJdbc}) where SQL can say the same condition.
 */
final class FilterCheck {
  private static final Pattern FILTER_NODE = Pattern.compile("(?m)^[\\s:+\\-*()0-9]*Filter ");
  private static final String POSITION = "__position";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

  private final SparkSession spark;
  private final Path db;
  private final String table;
  private final Map<String, String> options;
  private final KdbOptions parsed;
  private List<Row> all;
  private List<Object[]> stored;
  private Dataset<Row> positions;

  /** Checks of filters on {@code table} of {@code db}, read with {@code options}. */
  FilterCheck(SparkSession spark, Path db, String table, Map<String, String> options) {
    this.spark = spark;
    this.db = db;
    this.table = table;
    this.options = options;
    Map<String, String> p = new HashMap<>(options);
    p.put("path", db.toString());
    this.parsed = KdbOptions.parse(p);
  }

  /** The table, unfiltered. */
  Dataset<Row> read() {
    return spark.read().format("kdb").option("table", table).options(options).load(db.toString());
  }

  /** Every row, read once without a filter. */
  List<Row> rows() {
    if (all == null) {
      all = read().collectAsList();
    }
    return all;
  }

  StructType schema() {
    return read().schema();
  }

  /** The rows, each with its position appended, as a local relation Spark filters itself. */
  private Dataset<Row> positions() {
    if (positions == null) {
      StructType s = schema().add(POSITION, DataTypes.IntegerType, false);
      List<Row> rows = new ArrayList<>();
      List<Row> base = rows();
      for (int i = 0; i < base.size(); i++) {
        Object[] values = new Object[s.size()];
        for (int c = 0; c < s.size() - 1; c++) {
          values[c] = base.get(i).get(c);
        }
        values[s.size() - 1] = i;
        rows.add(RowFactory.create(values));
      }
      positions = spark.createDataFrame(rows, s);
    }
    return positions;
  }

  /** A literal of the Spark type of {@code column}: {@code value} cast to it (folded). */
  Column literal(String column, Object value) {
    return lit(value).cast(schema().apply(column).dataType());
  }

  /**
   * Asserts that {@code filter} is pushed into the scan (or, when {@code pushed} is false, left
   * to Spark), that the rows equal Spark's own answer and, when {@code sql} is not null, the JDBC
   * driver's answer to {@code WHERE sql}. Returns the number of rows.
   */
  int check(Column filter, String sql, boolean pushed) throws SQLException {
    Dataset<Row> df = read().filter(filter);
    String plan = df.queryExecution().executedPlan().toString();
    String what = table + " where " + filter + " (" + sql + ")";
    if (pushed && plan.contains(" (flat) ")) {
      // A flat table's row filters run in the scan and Spark re-checks them (see KdbScanBuilder).
      assertTrue(plan.contains("pushedFilters=[") && !plan.contains("pushedFilters=[]"),
          () -> what + ": not in the scan: " + plan);
    } else if (pushed) {
      assertFalse(FILTER_NODE.matcher(plan).find(), () -> what + ": a filter is left: " + plan);
      assertTrue(plan.contains("pushedFilters=[") && !plan.contains("pushedFilters=[]"),
          () -> what + ": " + plan);
    } else {
      assertTrue(FILTER_NODE.matcher(plan).find(), () -> what + ": no filter left: " + plan);
    }
    List<Row> got = df.collectAsList();
    List<Row> picked = positions().filter(filter).select(POSITION).collectAsList();
    List<Row> want = new ArrayList<>();
    List<Row> base = rows();
    for (Row r : picked) {
      want.add(base.get(r.getInt(0)));
    }
    assertEquals(want.size(), got.size(), () -> what + ": rows");
    for (int i = 0; i < want.size(); i++) {
      int row = i;
      assertEquals(want.get(i), got.get(i), () -> what + ": row " + row);
    }
    if (sql != null) {
      if (stored == null) {
        stored = SameAsJdbc.stored(db, table);
      }
      List<Object[]> storedRows = new ArrayList<>();
      for (Row r : picked) {
        storedRows.add(stored.get(r.getInt(0)));
      }
      SameAsJdbc.assertSame(got, schema(), SameAsJdbc.jdbc(db, table, sql), storedRows, table,
          parsed);
    }
    return got.size();
  }

  /**
   * A comparison {@code column op value} (op one of {@code = <> < <= > >= <=> !<=>}) for Spark
   * and for SQL (null where SQL cannot say it alike), pushed or not.
   */
  int compare(String column, String op, Object value, boolean pushed) throws SQLException {
    Column c = col(column);
    Column v = literal(column, value);
    Column spark = switch (op) {
      case "=" -> c.equalTo(v);
      case "<>" -> c.notEqual(v);
      case "<" -> c.lt(v);
      case "<=" -> c.leq(v);
      case ">" -> c.gt(v);
      case ">=" -> c.geq(v);
      case "<=>" -> c.eqNullSafe(v);
      case "!<=>" -> org.apache.spark.sql.functions.not(c.eqNullSafe(v));
      default -> throw new IllegalArgumentException(op);
    };
    return check(spark, sql(column, op, value), pushed);
  }

  /** {@code column IN values} or (negated) {@code NOT IN}, for Spark and SQL. */
  int in(String column, boolean negated, boolean pushed, Object... values) throws SQLException {
    Column[] lits = new Column[values.length];
    List<String> sql = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      lits[i] = literal(column, values[i]);
      sql.add(sqlLiteral(column, values[i]));
    }
    Column in = col(column).isin((Object[]) lits);
    boolean sayable = !sql.contains(null)
        && !(type(column).equals("p") && parsed.timestamps() == TimestampMode.TIMESTAMP);
    String where = "\"" + column + "\"" + (negated ? " not in (" : " in (") + String.join(", ", sql)
        + ")";
    return check(negated ? org.apache.spark.sql.functions.not(in) : in, sayable ? where : null,
        pushed);
  }

  private String type(String column) {
    return schema().apply(column).metadata().getString(SparkTypes.KDB_TYPE);
  }

  /** The SQL saying {@code column op value} as Spark means it, or null. */
  String sql(String column, String op, Object value) {
    String q = "\"" + column + "\"";
    String t = type(column);
    if (t.equals("p") && parsed.timestamps() == TimestampMode.TIMESTAMP) {
      // Spark compares microseconds floored from the stored nanoseconds. A timestamp literal
      // outside kdb+'s range (-0Wp to 0Wp) is refused by the driver, naming it.
      LocalDateTime x = (LocalDateTime) value;
      try {
        Temporals.timestampValue(x);
        Temporals.timestampValue(x.plusNanos(1000));
      } catch (ArithmeticException outside) {
        return null;
      }
      String lo = "TIMESTAMP '" + TIMESTAMP.format(x) + "'";
      String hi = "TIMESTAMP '" + TIMESTAMP.format(x.plusNanos(1000)) + "'";
      return switch (op) {
        case "=", "<=>" -> "(" + q + " >= " + lo + " and " + q + " < " + hi + ")";
        case "<>" -> "(" + q + " < " + lo + " or " + q + " >= " + hi + ")";
        // The driver compares timestamps to the millisecond where it cannot push an OR with
        // IS NULL into its scan: no SQL says this exactly.
        case "!<=>" -> null;
        case "<" -> q + " < " + lo;
        case "<=" -> q + " < " + hi;
        case ">" -> q + " >= " + hi;
        case ">=" -> q + " >= " + lo;
        default -> throw new IllegalArgumentException(op);
      };
    }
    String lit = sqlLiteral(column, value);
    if (lit == null) {
      return null;
    }
    return switch (op) {
      case "<=>" -> q + " is not distinct from " + lit;
      case "!<=>" -> q + " is distinct from " + lit;
      default -> q + " " + op + " " + lit;
    };
  }

  /**
   * {@code column IS [NOT] NULL} in SQL, or null for minutes, seconds and times (the driver's TIME
   * is NULL outside one day; Spark's interval is not).
   */
  String sqlNullTest(String column, boolean negated) {
    return "uvt".indexOf(type(column).charAt(0)) >= 0 ? null
        : "\"" + column + "\" is " + (negated ? "not " : "") + "null";
  }

  /** A SQL literal for the driver's column typed as {@code column} is, or null when none fits. */
  String sqlLiteral(String column, Object value) {
    String t = type(column);
    if (t.startsWith("partition:")) {
      return value instanceof LocalDate d ? "DATE '" + d + "'" : value.toString();
    }
    return switch (t.charAt(0)) {
      case 'b' -> value.toString().toUpperCase(java.util.Locale.ROOT);
      case 'x', 'h', 'i', 'j' -> value.toString();
      case 'n' -> value instanceof Long ? value.toString() : null;
      case 'e', 'f' -> {
        // An approximate (DOUBLE) literal, the shortest that reads back as the same double.
        double d = ((Number) value).doubleValue();
        String text = Double.toString(d);
        yield Double.isFinite(d) ? text.contains("E") ? text : text + "E0" : null;
      }
      case 'c' -> value instanceof String s && s.length() == 1 && s.charAt(0) != ' '
          ? "'" + s.replace("'", "''") + "'" : null;
      // The driver's SQL literals are Latin-1 (Calcite's default character set).
      case 's' -> ((String) value).chars().allMatch(ch -> ch < 256)
          ? "'" + ((String) value).replace("'", "''") + "'" : null;
      case 'p' -> {
        if (!(value instanceof Long nanos)) {
          yield null;
        }
        long raw = Math.abs(nanos) == Nulls.LONG_INF ? nanos : nanos - Temporals.EPOCH_NANOS_2000;
        yield "TIMESTAMP '" + TIMESTAMP.format(Temporals.timestamp(raw)) + "'";
      }
      case 'd', 'm' -> {
        LocalDate d = (LocalDate) value;
        yield d.getYear() >= 1 && d.getYear() <= 9999 ? "DATE '" + d + "'" : null;
      }
      default -> null;
    };
  }

  /** Spark's value of {@code column} in row {@code row} of the unfiltered read. */
  Object value(int row, String column) {
    return rows().get(row).get(schema().fieldIndex(column));
  }

  static StructField field(StructType s, String name) {
    return s.apply(name);
  }
}
