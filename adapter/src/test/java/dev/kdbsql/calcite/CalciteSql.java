package dev.kdbsql.calcite;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import dev.kdbsql.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.DataContexts;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * SQL over kdb+ databases through Calcite with the kdb+ defaults ({@link KdbConnectionDefaults}),
 * for the planner's and the engine's tests: a connection is Calcite's own over a
 * {@link KdbSchema}, and rows come straight from the plan's enumerable, as the engine and
 * Calcite's operators produce them, with no JDBC getter in between. Cells are shown as the
 * driver's {@code getString} shows them (kdb+ timestamps with nine digits, TIME and TIMESTAMP
 * with their precision), so the strings are exact wherever the values are.
 */
public final class CalciteSql {
  private CalciteSql() {
  }

  /**
   * A connection to the database at {@code db}, with schema options and Calcite properties
   * {@code options} ({@code "threads=3"}, {@code "timespan=nanos"}, {@code "pushdown=false"}).
   */
  public static Connection connect(Path db, String... options) throws SQLException {
    Properties props = new Properties();
    props.putAll(KdbConnectionDefaults.properties());
    Map<String, String> given = new HashMap<>();
    for (String o : options) {
      int eq = o.indexOf('=');
      given.put(o.substring(0, eq), o.substring(eq + 1));
    }
    props.putAll(given);
    KdbSchema schema;
    try {
      schema = KdbSchema.open(db, KdbSchemaOptions.from(given));
    } catch (StorageException e) {
      throw new SQLException("cannot open kdb+ database " + db + ": " + e.getMessage(), e);
    }
    Connection c = KdbConnectionDefaults.driver().connect("jdbc:calcite:", props);
    CalciteConnection calcite = c.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("kdb", schema);
    calcite.setSchema("kdb");
    return c;
  }

  /**
   * One database opened twice: with the planner's rules and the engine ({@code pushed}), and
   * with {@code pushdown=false} ({@code reference}), where Calcite's own operators run every query
   * over whole-table scans. The same SQL on both must give the same answer.
   */
  public record Twin(Connection pushed, Connection reference) implements AutoCloseable {
    /** Opens {@code db} twice, with {@code options} (see {@link CalciteSql#connect}). */
    public static Twin open(Path db, String... options) throws SQLException {
      String[] off = java.util.Arrays.copyOf(options, options.length + 1);
      off[options.length] = "pushdown=false";
      Connection pushed = connect(db, options);
      try {
        return new Twin(pushed, connect(db, off));
      } catch (SQLException | RuntimeException e) {
        pushed.close();
        throw e;
      }
    }

    @Override
    public void close() throws SQLException {
      try (Connection p = pushed; Connection r = reference) {
        // Closes both, the reference first.
      }
    }
  }

  /**
   * The rows of {@code sql}, each cell as the Java class of the engine's value and its text (for a
   * Timestamp also its instant and nanoseconds), each followed by {@code |}; or the root cause of
   * the query's failure, as the only row.
   */
  public static List<String> objects(Connection c, String sql) {
    List<String> out = new ArrayList<>();
    try {
      run(c, sql, (type, row) -> {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          Object o = row[i];
          b.append(o == null ? "null" : o.getClass().getSimpleName() + ":"
              + show(type.getFieldList().get(i).getType(), o));
          if (o instanceof Timestamp t) {
            b.append('@').append(t.getTime()).append('/').append(t.getNanos());
          }
          b.append('|');
        }
        out.add(b.toString());
      });
      return out;
    } catch (SQLException e) {
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      return List.of("failed: " + t);
    }
  }

  /** The plan of {@code sql}, as {@code EXPLAIN PLAN FOR} shows it. */
  public static String plan(Connection c, String sql) throws SQLException {
    return String.join("\n", rows(c, "explain plan for " + sql));
  }

  /** The rows of {@code sql}, each as its cells joined by {@code |}. */
  public static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    run(c, sql, (type, row) -> {
      StringBuilder b = new StringBuilder();
      List<RelDataTypeField> fields = type.getFieldList();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          b.append('|');
        }
        b.append(show(fields.get(i).getType(), row[i]));
      }
      out.add(b.toString());
    });
    return out;
  }

  /** The rows of {@code sql} as the engine produces them. */
  public static List<Object[]> values(Connection c, String sql) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    run(c, sql, (type, row) -> out.add(row));
    return out;
  }

  /** Takes a row of the result. */
  @FunctionalInterface
  private interface RowSink {
    void accept(RelDataType type, Object[] row);
  }

  /** Prepares {@code sql} as a statement would and hands every row to {@code sink}. */
  private static void run(Connection c, String sql, RowSink sink) throws SQLException {
    CalciteConnection calcite = c.unwrap(CalciteConnection.class);
    CalcitePrepare.Context context = calcite.createPrepareContext();
    CalcitePrepare.CalciteSignature<Object> signature;
    CalcitePrepare.Dummy.push(context);
    try {
      signature = new KdbCalcitePrepare().prepareSql(context, CalcitePrepare.Query.of(sql),
          Object[].class, -1);
    } catch (RuntimeException e) {
      throw new SQLException("Error while preparing statement [" + sql + "]: " + e.getMessage(),
          e);
    } finally {
      CalcitePrepare.Dummy.pop(context);
    }
    RelDataType type = signature.rowType;
    int width = type.getFieldCount();
    try (Enumerator<Object> rows = signature.enumerable(dataContext(calcite, signature))
        .enumerator()) {
      while (rows.moveNext()) {
        Object r = rows.current();
        sink.accept(type, width == 1 && !(r instanceof Object[] a && a.length == 1)
            ? new Object[] {r} : (Object[]) r);
      }
    } catch (RuntimeException e) {
      throw new SQLException("Error while executing SQL \"" + sql + "\": " + e.getMessage(), e);
    }
  }

  /** What Calcite's connection gives a statement: its stashed values, the clock, the zone. */
  private static DataContext dataContext(CalciteConnection c,
      CalcitePrepare.CalciteSignature<?> signature) {
    Map<String, Object> values = new HashMap<>(signature.internalParameters);
    long now = System.currentTimeMillis();
    TimeZone zone = TimeZone.getDefault();
    long local = now + zone.getOffset(now);
    values.put(DataContext.Variable.UTC_TIMESTAMP.camelName, now);
    values.put(DataContext.Variable.CURRENT_TIMESTAMP.camelName, local);
    values.put(DataContext.Variable.LOCAL_TIMESTAMP.camelName, local);
    values.put(DataContext.Variable.TIME_ZONE.camelName, zone);
    values.put(DataContext.Variable.CANCEL_FLAG.camelName, new AtomicBoolean());
    DataContext base = DataContexts.of(c, c.getRootSchema());
    return new DataContext() {
      @Override
      public SchemaPlus getRootSchema() {
        return base.getRootSchema();
      }

      @Override
      public JavaTypeFactory getTypeFactory() {
        return base.getTypeFactory();
      }

      @Override
      public QueryProvider getQueryProvider() {
        return base.getQueryProvider();
      }

      @Override
      public Object get(String name) {
        return values.get(name);
      }
    };
  }

  /** A cell as the driver's {@code getString} shows it. */
  static String show(RelDataType type, Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof KdbTimestamp || v instanceof KdbTimespan) {
      return v.toString();
    }
    if (v instanceof Timestamp t) {
      LocalDateTime w = t.toLocalDateTime();
      return String.format("%04d-%02d-%02d %02d:%02d:%02d.%09d", w.getYear(),
          w.getMonthValue(), w.getDayOfMonth(), w.getHour(), w.getMinute(), w.getSecond(),
          w.getNano());
    }
    SqlTypeName name = type.getSqlTypeName();
    int precision = type.getPrecision();
    return switch (name) {
      // java.time writes every year; Avatica's text garbles years beyond 9999
      case DATE -> java.time.LocalDate.ofEpochDay(((Number) v).intValue()).toString();
      case TIME -> DateTimeUtils.unixTimeToString(((Number) v).intValue(), precision);
      case TIMESTAMP -> {
        long ms = ((Number) v).longValue();
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L),
            (int) Math.floorMod(ms, 1000L) * 1_000_000, java.time.ZoneOffset.UTC);
        String text = t.toLocalDate() + " " + String.format("%02d:%02d:%02d", t.getHour(),
            t.getMinute(), t.getSecond());
        yield precision <= 0 ? text
            : text + "." + String.format("%09d", t.getNano()).substring(0, Math.min(9, precision));
      }
      default -> String.valueOf(v);
    };
  }
}
