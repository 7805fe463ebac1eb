package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.KdbSchema;
import dev.kdbsql.calcite.KdbSchemaOptions;
import dev.kdbsql.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.Driver;

/**
 * The {@code jdbc:kdb:} driver: SQL over a kdb+ database on disk, without q.
 *
 * <p>URLs: {@code jdbc:kdb:/path/to/db}, {@code jdbc:kdb:/path/to/db;timespan=nanos},
 * {@code jdbc:kdb:model=/path/model.json}. Property precedence: the URL's, then the caller's
 * {@code Properties}, then the driver's defaults ({@link KdbConnectionProperty}). The database
 * becomes one schema ({@code kdb} unless {@code schema=} says otherwise), which is the default
 * schema; Calcite's {@code metadata} schema is hidden. Connections are read-only. Every call on
 * a connection, its statements, metadata and result sets fails only with an
 * {@link SQLException} ({@link JdbcBoundary}).
 *
 * <p>A path that is not a kdb+ database fails at connect with one line naming the path. The
 * driver registers itself with {@link java.sql.DriverManager} when loaded and through
 * {@code META-INF/services/java.sql.Driver}.
 */
public class KdbDriver extends Driver {
  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:kdb:";

  /** Calcite's switch for reusing compiled statements (see {@link #BINDABLE_CACHE_SIZE}). */
  static final String BINDABLE_CACHE_PROPERTY = "calcite.bindable.cache.maxSize";
  /**
   * How many compiled statements Calcite keeps unless the JVM says otherwise: each statement's
   * generated Java is compiled by Janino (a large share of a short query's time), and the code
   * depends only on the query's shape, its values being passed in at run time, so a repeated
   * query (a dashboard, a GUI's probe) skips the compiler. Read by Calcite once, when it first
   * needs the cache.
   */
  static final String BINDABLE_CACHE_SIZE = "256";

  static {
    if (System.getProperty(BINDABLE_CACHE_PROPERTY) == null) {
      System.setProperty(BINDABLE_CACHE_PROPERTY, BINDABLE_CACHE_SIZE);
    }
    new KdbDriver().register();
  }

  /** Creates the driver; {@link java.sql.DriverManager} users never need to. */
  public KdbDriver() {
    super(KdbPrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return KdbJdbcFactory.class.getName();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("kdbsql JDBC driver", "0.1.0", "kdb+ (files on disk, read by kdbsql)",
        "0.1.0", false, 0, 1, 0, 1);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !acceptsURL(url)) {
      return null;
    }
    KdbUrl parsed = KdbUrl.parse(url, PREFIX);
    Properties props = KdbConnectionProperty.defaults();
    if (info != null) {
      props.putAll(info);
    }
    props.putAll(parsed.properties());
    if (parsed.path() != null) {
      props.setProperty(KdbConnectionProperty.DIRECTORY.camelName, parsed.path());
    }
    String directory = props.getProperty(KdbConnectionProperty.DIRECTORY.camelName);
    boolean model = props.getProperty(KdbConnectionProperty.MODEL.camelName) != null;
    if (directory == null && !model) {
      throw new SQLException("URL " + url + " names no kdb+ database: use jdbc:kdb:/path/to/db "
          + "or the property directory=... or model=...", "08001");
    }
    KdbSchema schema = model ? null : openSchema(directory, props);
    Connection connection = super.connect(PREFIX + parsed.rest(), props);
    try {
      CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      KdbPrepare.enable(calcite.getRootSchema().unwrap(CalciteSchema.class),
          planCacheSize(props.getProperty(KdbConnectionProperty.PLAN_CACHE.camelName)));
      if (schema != null) {
        String name = props.getProperty(KdbConnectionProperty.SCHEMA.camelName);
        calcite.getRootSchema().add(name, schema);
        calcite.setSchema(name);
      }
      connection.setReadOnly(true);
      // The connection's database lets go of the mappings it kept for later queries.
      return JdbcBoundary.connection(connection, schema == null ? null
          : schema.database()::close);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static int planCacheSize(String value) throws SQLException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SQLException(KdbConnectionProperty.PLAN_CACHE.camelName
        + " must be a number of statements (0 turns the cache off), not '" + value + "'", "08001");
  }

  private static KdbSchema openSchema(String directory, Properties props) throws SQLException {
    Map<String, String> options = new HashMap<>();
    props.stringPropertyNames().forEach(k -> options.put(k, props.getProperty(k)));
    try {
      return KdbSchema.open(Path.of(directory), KdbSchemaOptions.from(options));
    } catch (StorageException | IllegalArgumentException e) {
      throw new SQLException("cannot open kdb+ database " + directory + ": " + e.getMessage(),
          "08001", e);
    }
  }

  /** Lists every documented property with its effective value, default and description. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Properties given = new Properties();
    if (info != null) {
      given.putAll(info);
    }
    if (url != null && acceptsURL(url)) {
      KdbUrl parsed = KdbUrl.parse(url, PREFIX);
      given.putAll(parsed.properties());
      if (parsed.path() != null) {
        given.setProperty(KdbConnectionProperty.DIRECTORY.camelName, parsed.path());
      }
    }
    List<DriverPropertyInfo> out = new ArrayList<>();
    for (KdbConnectionProperty p : KdbConnectionProperty.values()) {
      DriverPropertyInfo d = new DriverPropertyInfo(p.camelName,
          given.getProperty(p.camelName, p.defaultValue()));
      String def = p.defaultValue();
      d.description = p.description + (def == null ? "" : " Default: " + def + ".");
      d.required = false;
      if (p == KdbConnectionProperty.TIMESPAN) {
        d.choices = new String[] {"time", "nanos"};
      } else if (p == KdbConnectionProperty.STRICT_COLUMNS
          || p == KdbConnectionProperty.STRICT_PARTITIONS
          || p == KdbConnectionProperty.PUSHDOWN || p == KdbConnectionProperty.DIRECT_SCAN
          || p == KdbConnectionProperty.CASE_SENSITIVE) {
        d.choices = new String[] {"false", "true"};
      }
      out.add(d);
    }
    return out.toArray(new DriverPropertyInfo[0]);
  }
}
