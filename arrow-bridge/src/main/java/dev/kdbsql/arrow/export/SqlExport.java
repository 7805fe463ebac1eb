package dev.kdbsql.arrow.export;

import dev.kdbsql.calcite.ScanPlan;
import dev.kdbsql.jdbc.PreparedQuery;
import dev.kdbsql.storage.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The Arrow export of one SQL query on a jdbc:kdb: connection, by the fastest path that gives the
 * generic result: the query is prepared once, by the driver ({@link PreparedQuery}), and when it
 * planned to a pure kdb+ scan ({@link ScanPlan}) and every result column maps as the generic path
 * maps it, batches are filled straight from the mapped columns ({@link ExportPath#DIRECT_SCAN});
 * otherwise the same prepared statement runs and its rows go through
 * {@link KdbArrow#resultSetReader} ({@link ExportPath#JDBC_ROWS}). {@link #close()} releases the
 * reader, the result and the statement.
 */
public final class SqlExport implements AutoCloseable {
  private final PreparedQuery prepared;
  private final ResultSet results;
  private final ArrowReader reader;
  private final ExportPath path;
  private final String reason;

  private SqlExport(PreparedQuery prepared, ResultSet results, ArrowReader reader,
      ExportPath path, String reason) {
    this.prepared = prepared;
    this.results = results;
    this.reader = reader;
    this.path = path;
    this.reason = reason;
  }

  /**
   * Prepares {@code sql} with {@code parameters} (values of its {@code ?}, in order) on
   * {@code connection}. {@code hints} gives the generic path the exact kdb+ types of result
   * columns (see {@link KdbArrow#resultSetReader}); pass the connection's database so both paths
   * write the same types. Batches hold at most {@code batchSize} rows.
   */
  public static SqlExport open(Connection connection, String sql, List<?> parameters,
      Database hints, int batchSize, BufferAllocator allocator) throws SQLException {
    return open(connection, sql, parameters, hints, batchSize, allocator, true);
  }

  /**
   * As {@link #open(Connection, String, List, Database, int, BufferAllocator)}; with
   * {@code allowDirect} false the JDBC path is taken whatever the plan (tests and the benchmark
   * compare the two paths so).
   */
  static SqlExport open(Connection connection, String sql, List<?> parameters, Database hints,
      int batchSize, BufferAllocator allocator, boolean allowDirect) throws SQLException {
    PreparedQuery prepared = PreparedQuery.prepare(connection, sql);
    try {
      String reason = prepared.reason();
      ScanPlan plan = prepared.scan().orElse(null);
      if (plan != null && allowDirect) {
        List<JdbcColumn> mapping = ResultSetReader.columns(prepared.statement().getMetaData(),
            plan.table().database());
        String problem = DirectScanReader.incompatibility(plan, mapping);
        if (problem == null) {
          ArrowReader r = new DirectScanReader(plan, plan.filter(parameters), mapping,
              batchSize, allocator);
          return new SqlExport(prepared, null, r, ExportPath.DIRECT_SCAN, reason);
        }
        reason = problem;
      } else if (plan != null) {
        reason = "the direct path is disabled";
      }
      PreparedStatement st = prepared.statement();
      for (int i = 0; i < parameters.size(); i++) {
        st.setObject(i + 1, parameters.get(i));
      }
      ResultSet rs = st.executeQuery();
      try {
        ArrowReader r = KdbArrow.resultSetReader(rs, hints, batchSize, allocator);
        return new SqlExport(prepared, rs, r, ExportPath.JDBC_ROWS, reason);
      } catch (SQLException | RuntimeException e) {
        rs.close();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      try {
        prepared.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The reader of the result's batches; closed by {@link #close()}. */
  public ArrowReader reader() {
    return reader;
  }

  /** Which path fills the batches. */
  public ExportPath path() {
    return path;
  }

  /** For messages: the scan read directly, or why the query goes through JDBC rows. */
  public String reason() {
    return reason;
  }

  /** Closes the reader, the result (if any) and the statement, in that order. */
  @Override
  public void close() throws SQLException, IOException {
    try (prepared; ResultSet rs = results; ArrowReader r = reader) {
      // Resources close in reverse order of declaration.
    }
  }
}
