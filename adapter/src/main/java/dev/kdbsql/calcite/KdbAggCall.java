package dev.kdbsql.calcite;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One aggregate the scan computes over mapped columns: its function, the table field it reads
 * (-1 for {@code COUNT(*)}), that field's name and the SQL type of the result, which decides the
 * Java class of the value handed to Calcite.
 */
record KdbAggCall(Function function, int field, String name, SqlTypeName resultType) {
  /** The functions the scan computes; all give exactly what Calcite's Enumerable code gives. */
  enum Function {
    /** {@code COUNT(*)}: rows, from headers when there is no filter. */
    COUNT_STAR,
    /** {@code COUNT(x)}: non-null values. */
    COUNT,
    /** {@code SUM(x)} of floats, summed in storage order from 0.0; NULL when all are null. */
    SUM,
    /** {@code $SUM0(x)} of floats (what AVG reduces to): as SUM, but 0.0 when all are null. */
    SUM0,
    /** {@code MIN(x)}, in {@link Double#compare} order for floats. */
    MIN,
    /** {@code MAX(x)}, in {@link Double#compare} order for floats. */
    MAX
  }

  @Override
  public String toString() {
    return function == Function.COUNT_STAR ? "COUNT(*)"
        : (function == Function.SUM0 ? "$SUM0" : function.name()) + "(" + name + ")";
  }
}
