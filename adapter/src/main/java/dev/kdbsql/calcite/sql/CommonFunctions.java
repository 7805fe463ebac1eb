package dev.kdbsql.calcite.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * The functions outside standard SQL that analysts and BI tools write anyway ({@code CONCAT},
 * {@code LENGTH}, {@code LEFT}, {@code GREATEST}, {@code ILIKE}, {@code STRING_AGG},
 * {@code BOOL_AND}, {@code IFNULL}, ...), as Calcite's library defines them
 * in PostgreSQL's forms: PostgreSQL is the dialect DuckDB follows and the one BI tools' generic
 * SQL is closest to, so {@code CONCAT} and {@code GREATEST} skip NULLs and {@code LOG(b, x)}
 * takes the base first. Offered beside the standard operators by every connection; a name the
 * connection's own library ({@code fun}) already defines keeps that definition.
 * ({@code DATE_PART('unit', x)} is rewritten to EXTRACT before validation: {@link KdbSqlShuttle}.)
 * Also the standard's regression functions Calcite lacks ({@link RegressionFunctions}).
 */
public final class CommonFunctions {
  private static final Map<SqlOperatorTable, SqlOperatorTable> MISSING = new WeakHashMap<>();

  private CommonFunctions() {
  }

  /** The operators, each referenced directly (reading Calcite's library tables reflects on 270). */
  private static List<SqlOperator> operators() {
    List<SqlOperator> out = new ArrayList<>(RegressionFunctions.all());
    out.addAll(List.of(
        // Text.
        SqlLibraryOperators.CONCAT_FUNCTION_WITH_NULL,
        SqlLibraryOperators.CONCAT_WS_POSTGRESQL,
        SqlLibraryOperators.LENGTH,
        SqlLibraryOperators.LEFT,
        SqlLibraryOperators.RIGHT,
        SqlLibraryOperators.SUBSTR_POSTGRESQL,
        SqlLibraryOperators.STRPOS,
        SqlLibraryOperators.LPAD,
        SqlLibraryOperators.RPAD,
        SqlLibraryOperators.REPEAT,
        SqlLibraryOperators.REVERSE,
        SqlLibraryOperators.SPLIT_PART,
        SqlLibraryOperators.STARTS_WITH,
        SqlLibraryOperators.ENDS_WITH,
        SqlLibraryOperators.TRANSLATE3,
        SqlLibraryOperators.CHR,
        SqlLibraryOperators.MD5,
        SqlLibraryOperators.SHA1,
        SqlLibraryOperators.ILIKE,
        SqlLibraryOperators.NOT_ILIKE,
        SqlLibraryOperators.REGEXP_LIKE,
        SqlLibraryOperators.REGEXP_REPLACE_PG_3,
        SqlLibraryOperators.REGEXP_REPLACE_PG_4,
        // Numbers and choices.
        SqlLibraryOperators.GREATEST_PG,
        SqlLibraryOperators.LEAST_PG,
        SqlLibraryOperators.LOG_POSTGRES,
        SqlLibraryOperators.IFNULL,
        SqlLibraryOperators.NVL,
        // Aggregates.
        SqlLibraryOperators.BOOL_AND,
        SqlLibraryOperators.BOOL_OR,
        SqlLibraryOperators.STRING_AGG));
    return out;
  }

  /**
   * The common functions whose names {@code base} does not define, as a table to chain after
   * it.
   */
  public static SqlOperatorTable missingFrom(SqlOperatorTable base) {
    // Every statement asks, nearly always with the same (cached) library table.
    synchronized (MISSING) {
      return MISSING.computeIfAbsent(base, CommonFunctions::missing);
    }
  }

  private static SqlOperatorTable missing(SqlOperatorTable base) {
    Set<String> defined = new HashSet<>();
    for (SqlOperator op : base.getOperatorList()) {
      defined.add(op.getName().toUpperCase(Locale.ROOT));
    }
    List<SqlOperator> missing = new ArrayList<>();
    for (SqlOperator op : operators()) {
      if (!defined.contains(op.getName().toUpperCase(Locale.ROOT))) {
        missing.add(op);
      }
    }
    return SqlOperatorTables.of(missing);
  }
}
