package dev.kdbsql.jdbc;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.kdbsql.calcite.KdbCalcitePrepare;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import java.lang.reflect.Type;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteSchema;

/**
 * The driver's statement preparation: kdb+'s ({@link KdbCalcitePrepare}, which also says whether
 * a query is a pure scan), with a per-connection cache of prepared queries keyed by the
 * statement's text. A dashboard, a GUI's probe or a benchmark sending the same SQL again skips
 * parsing, validation, planning and code generation, which for a short query over kdb+ cost far
 * more than reading the data. Sound because a connection's schema is a snapshot (a connection
 * discovers its database when it connects), and a prepared query takes its values at run time:
 * parameters, the cancel flag and the clock come in with each execution. Only queries are kept;
 * anything else is prepared every time. Connections opt in at connect ({@link #enable}); the
 * caches are held weakly by the connection's root schema, so they go with it.
 *
 * <p>Columns of exact kdb+ timestamps and timespans are described as JDBC TIMESTAMP and TIME of
 * {@code java.sql.Timestamp} and {@code java.sql.Time} ({@link #exactColumnType}), the classes
 * {@link KdbResultSet}'s getters return for them ({@link ExactTemporalAccessor}).
 */
final class KdbPrepare extends KdbCalcitePrepare {
  private static final Cache<CalciteSchema, Cache<Key, Prepared<?>>> CACHES =
      CacheBuilder.newBuilder().weakKeys().build();

  /** What a prepared query depends on besides the connection. */
  private record Key(String sql, List<String> schemaPath, Type elementType, long maxRowCount) {
    // Written out: the generated equals and hashCode bootstrap method handles when first run
    // (docs/design.md), which every new statement of a fresh JVM would pay.
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Key that && Objects.equals(sql, that.sql)
          && Objects.equals(schemaPath, that.schemaPath)
          && Objects.equals(elementType, that.elementType) && maxRowCount == that.maxRowCount;
    }

    @Override
    public int hashCode() {
      return Objects.hash(sql, schemaPath, elementType, maxRowCount);
    }

  }

  /** Keeps up to {@code size} prepared queries for the connection whose root is {@code root}. */
  static void enable(CalciteSchema root, int size) {
    if (size > 0) {
      CACHES.put(root, CacheBuilder.newBuilder().maximumSize(size).build());
    }
  }

  @Override
  protected ColumnMetaData.AvaticaType exactColumnType(KdbTemporalType type) {
    return type.isTimestamp()
        ? ColumnMetaData.scalar(Types.TIMESTAMP, "TIMESTAMP", ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP)
        : ColumnMetaData.scalar(Types.TIME, "TIME", ColumnMetaData.Rep.JAVA_SQL_TIME);
  }

  @Override
  public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType,
      long maxRowCount) {
    return prepareAnalyzed(context, query, elementType, maxRowCount).signature();
  }

  /** As {@link KdbCalcitePrepare#prepareAnalyzed}, from the connection's cache when it has it. */
  @Override
  public <T> Prepared<T> prepareAnalyzed(Context context, Query<T> query, Type elementType,
      long maxRowCount) {
    Cache<Key, Prepared<?>> cache = query.sql == null ? null
        : CACHES.getIfPresent(context.getMutableRootSchema());
    if (cache == null) {
      return super.prepareAnalyzed(context, query, elementType, maxRowCount);
    }
    Key key = new Key(query.sql, List.copyOf(context.getDefaultSchemaPath()), elementType,
        maxRowCount);
    @SuppressWarnings("unchecked")
    Prepared<T> hit = (Prepared<T>) cache.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    Prepared<T> prepared = super.prepareAnalyzed(context, query, elementType, maxRowCount);
    if (prepared.signature().statementType == Meta.StatementType.SELECT) {
      cache.put(key, prepared);
    }
    return prepared;
  }
}
