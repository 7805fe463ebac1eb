package dev.kdbsql.bench;

import java.sql.Connection;

/**
 * One side of the comparison: an open connection and which text of a {@link TaqQuery} it runs.
 *
 * @param name the column heading in the report
 * @param connection the connection, owned by {@link TaqBenchmark}
 * @param ours whether this is our driver (it runs {@link TaqQuery#ours()}, and its heap is
 *     sampled)
 */
record Engine(String name, Connection connection, boolean ours) {

  /** The text this engine runs for {@code q}. */
  String sql(TaqQuery q) {
    return ours ? q.ours() : q.duckdb();
  }
}
