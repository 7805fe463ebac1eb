package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.temporal.KdbTypeFactory;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.jdbc.CalciteFactory;
import org.apache.calcite.jdbc.CalciteJdbc41Factory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.DelegatingTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystem;

/**
 * The JDBC object factory of the kdb driver. It is Calcite's own factory except in two places:
 * connections start from a root schema without Calcite's {@code metadata} schema (so GUI tools
 * show only the database) and without Calcite's name cache (a kdb schema keeps its own table
 * map; the cache would answer only listed names, hiding the recorded error of an unreadable
 * table, see {@code KdbTableLookup}), and result sets are {@link KdbResultSet}s, which deliver stored
 * nanoseconds. It delegates instead of extending {@link CalciteJdbc41Factory} because that
 * factory must return Calcite's result set, whose constructor is not accessible.
 */
public final class KdbJdbcFactory extends CalciteFactory {
  private final CalciteJdbc41Factory delegate = new CalciteJdbc41Factory();

  /** Creates the factory; Avatica instantiates it by class name. */
  public KdbJdbcFactory() {
    super(4, 1);
  }

  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory,
      String url, Properties info, CalciteSchema rootSchema, JavaTypeFactory typeFactory) {
    return delegate.newConnection(driver, factory, url, info,
        rootSchema != null ? rootSchema : CalciteSchema.createRootSchema(false, false),
        typeFactory != null ? typeFactory : typeFactory(info));
  }

  /**
   * The connection's type factory: {@link KdbTypeFactory}, which the exact kdb+ temporal types
   * need, over the type system the properties name, as Calcite builds its own.
   */
  private static JavaTypeFactory typeFactory(Properties info) {
    CalciteConnectionConfig config = new CalciteConnectionConfigImpl(info);
    RelDataTypeSystem typeSystem =
        config.typeSystem(RelDataTypeSystem.class, RelDataTypeSystem.DEFAULT);
    if (config.conformance().shouldConvertRaggedUnionTypesToVarying()) {
      typeSystem = new DelegatingTypeSystem(typeSystem) {
        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
          return true;
        }
      };
    }
    return new KdbTypeFactory(typeSystem);
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h,
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return delegate.newStatement(connection, h, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection,
      Meta.StatementHandle h, Meta.Signature signature, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return delegate.newPreparedStatement(connection, h, signature, resultSetType,
        resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state,
      Meta.Signature signature, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    ResultSetMetaData metaData = delegate.newResultSetMetaData(statement, signature);
    return new KdbResultSet(statement, state, signature, metaData, timeZone, firstFrame);
  }

  @Override
  public AvaticaDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return delegate.newDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement,
      Meta.Signature signature) throws SQLException {
    return delegate.newResultSetMetaData(statement, signature);
  }
}
