package dev.kdbsql.flight;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;

/**
 * The server's answer to GetSqlInfo, which JDBC's {@code DatabaseMetaData} and ADBC's
 * {@code getInfo} read: the server's name and versions, read-only, no transactions, cancel
 * supported, and the SQL dialect as the jdbc:kdb: driver describes it (identifier quoting and
 * case, keywords and functions, null ordering).
 */
final class SqlInfos {
  private SqlInfos() {}

  /** The builder that sends the answer, filled from a jdbc:kdb: connection's metadata. */
  static SqlInfoBuilder of(DatabaseMetaData md) throws SQLException {
    return new SqlInfoBuilder()
        .withFlightSqlServerName("kdbsql")
        .withFlightSqlServerVersion(Versions.KDBSQL)
        .withFlightSqlServerArrowVersion(Versions.ARROW)
        .withFlightSqlServerReadOnly(true)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerBulkIngestion(false)
        .withFlightSqlServerBulkIngestionTransaction(false)
        .withFlightSqlServerStatementTimeout(0)
        .withFlightSqlServerTransactionTimeout(0)
        .withSqlIdentifierQuoteChar(md.getIdentifierQuoteString())
        .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlQuotedIdentifierCase(
            SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlSearchStringEscape(md.getSearchStringEscape())
        .withSqlExtraNameCharacters(md.getExtraNameCharacters())
        .withSqlSchemaTerm(md.getSchemaTerm())
        .withSqlCatalogTerm(md.getCatalogTerm())
        .withSqlProcedureTerm(md.getProcedureTerm())
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(false)
        .withSqlDdlTable(false)
        .withSqlAllTablesAreSelectable(true)
        .withSqlNullOrdering(md.nullsAreSortedAtEnd() ? SqlNullOrdering.SQL_NULLS_SORTED_AT_END
            : md.nullsAreSortedAtStart() ? SqlNullOrdering.SQL_NULLS_SORTED_AT_START
            : md.nullsAreSortedHigh() ? SqlNullOrdering.SQL_NULLS_SORTED_HIGH
            : SqlNullOrdering.SQL_NULLS_SORTED_LOW)
        .withSqlKeywords(list(md.getSQLKeywords()))
        .withSqlNumericFunctions(list(md.getNumericFunctions()))
        .withSqlStringFunctions(list(md.getStringFunctions()))
        .withSqlSystemFunctions(list(md.getSystemFunctions()))
        .withSqlDatetimeFunctions(list(md.getTimeDateFunctions()))
        .withSqlSupportsColumnAliasing(true)
        .withSqlNullPlusNullIsNull(true)
        .withSqlSupportsTableCorrelationNames(true)
        .withSqlSupportsDifferentTableCorrelationNames(false)
        .withSqlSupportsExpressionsInOrderBy(true)
        .withSqlSupportsOrderByUnrelated(true)
        .withSqlSupportsLikeEscapeClause(true)
        .withSqlSupportsNonNullableColumns(false)
        .withSqlSupportsIntegrityEnhancementFacility(false)
        .withSqlCatalogAtStart(false)
        .withSqlSelectForUpdateSupported(false)
        .withSqlStoredProceduresSupported(false)
        .withSqlCorrelatedSubqueriesSupported(true)
        .withSqlMaxRowSizeIncludesBlobs(false)
        .withSqlTransactionsSupported(false)
        .withSqlDataDefinitionCausesTransactionCommit(false)
        .withSqlDataDefinitionsInTransactionsIgnored(false)
        .withSqlBatchUpdatesSupported(false)
        .withSqlSavepointsSupported(false)
        .withSqlNamedParametersSupported(false)
        .withSqlLocatorsUpdateCopy(false)
        .withSqlStoredFunctionsUsingCallSyntaxSupported(false)
        .withSqlSupportedGroupBy(SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED,
            SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT)
        .withSqlSupportedGrammar(SupportedSqlGrammar.SQL_CORE_GRAMMAR)
        .withSqlSubQueriesSupported(SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS)
        .withSqlSupportedUnions(SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL)
        .withSqlOuterJoinSupportLevel(SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS)
        .withSqlSupportedResultSetTypes(
            SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY)
        .withSqlMaxColumnsInTable(0)
        .withSqlMaxStatementLength(0);
  }

  private static String[] list(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return new String[0];
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toArray(String[]::new);
  }
}
