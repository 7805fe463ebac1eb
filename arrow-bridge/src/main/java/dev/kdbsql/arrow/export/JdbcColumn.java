package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.SymbolDomain;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * How one JDBC result column becomes one Arrow field: the field, and the primitive read of the
 * current row into slot {@code index} of the field's vector.
 *
 * @param field the Arrow field (with {@code kdb.type} metadata when the kdb+ type is known)
 * @param setter reads column {@code column} of the current row
 * @param dictionary the symbol domain serving as the field's dictionary, or null
 */
record JdbcColumn(Field field, Setter setter, SymbolDomain dictionary) {

  /** Reads one value of the current row into a vector slot (the vector has room for it). */
  @FunctionalInterface
  interface Setter {
    void set(ResultSet rs, int column, FieldVector v, int index) throws SQLException;
  }
}
