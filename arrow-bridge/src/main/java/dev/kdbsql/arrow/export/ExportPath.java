package dev.kdbsql.arrow.export;

/** How a SQL export reads its rows; both paths write the same schema and values. */
public enum ExportPath {
  /** The query planned to a pure kdb+ scan: vectors are filled from the mapped columns. */
  DIRECT_SCAN,
  /** Any other query: rows come through JDBC ({@code KdbArrow.resultSetReader}). */
  JDBC_ROWS
}
