package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.KdbCalcitePrepare;
import dev.kdbsql.calcite.ScanPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;

/**
 * A query prepared on a {@code jdbc:kdb:} connection, with the pure kdb+ scan its plan consists
 * of, if it is one ({@link ScanPlan}): a caller that can read such a scan straight from the
 * columns (the Arrow export) does so, and otherwise runs {@link #statement()}. Both come from
 * the driver's own preparation of the statement ({@link KdbPrepare}), so they are the same plan;
 * with the connection's plan cache on, the query is planned once. {@link #close()} closes the
 * statement.
 */
public final class PreparedQuery implements AutoCloseable {
  private final PreparedStatement statement;
  private final ScanPlan scan;
  private final String reason;

  private PreparedQuery(PreparedStatement statement, ScanPlan scan, String reason) {
    this.statement = statement;
    this.scan = scan;
    this.reason = reason;
  }

  /**
   * Prepares {@code sql} on {@code connection}, a {@code jdbc:kdb:} connection. Fails as
   * {@link Connection#prepareStatement} does on bad SQL; the caller closes the result.
   */
  public static PreparedQuery prepare(Connection connection, String sql) throws SQLException {
    CalciteConnection calcite;
    try {
      calcite = connection.unwrap(CalciteConnection.class);
    } catch (SQLException e) {
      throw new SQLException("not a jdbc:kdb: connection: " + connection, e);
    }
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      // The statement's own preparation, again: from the plan cache when it is on.
      CalcitePrepare.Context context = calcite.createPrepareContext();
      KdbCalcitePrepare.Prepared<Object[]> prepared;
      CalcitePrepare.Dummy.push(context);
      try {
        prepared = new KdbPrepare().prepareAnalyzed(context, CalcitePrepare.Query.of(sql),
            Object[].class, -1);
      } catch (RuntimeException e) {
        throw JdbcBoundary.withCauseInMessage(new SQLException(
            "Error while preparing statement [" + sql + "]", KdbSqlErrors.translate(e)));
      } finally {
        CalcitePrepare.Dummy.pop(context);
      }
      ScanPlan.Analysis analysis = prepared.scan();
      return new PreparedQuery(statement, analysis.plan(), analysis.reason());
    } catch (SQLException | RuntimeException e) {
      try {
        statement.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The prepared statement; closed by {@link #close()}. */
  public PreparedStatement statement() {
    return statement;
  }

  /** The pure scan the query planned to, or empty. */
  public Optional<ScanPlan> scan() {
    return Optional.ofNullable(scan);
  }

  /** Why the query is not a pure scan (for messages), or the scan's description. */
  public String reason() {
    return reason;
  }

  @Override
  public void close() throws SQLException {
    statement.close();
  }
}
