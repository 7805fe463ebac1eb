package dev.kdbsql.calcite.sql;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * Calcite's Babel parser, adapted to kdb+ users: {@code date} and {@code time} work unquoted as
 * column names ({@link SqlRewriter}), {@code first(x)}/{@code last(x)} are aggregates and the
 * as-of join condition is normalized ({@link KdbSqlShuttle}), and writes are refused with a clear
 * message, since the database on disk is read-only.
 *
 * <p>Name it with the connection property
 * {@code parserFactory=dev.kdbsql.calcite.sql.KdbParserImpl#FACTORY} (the kdb driver's default).
 * Error positions refer to the text after {@code date}/{@code time} were quoted.
 */
public final class KdbParserImpl extends SqlBabelParserImpl {
  /** The factory for the {@code parserFactory} connection property. */
  public static final SqlParserImplFactory FACTORY = KdbParserImpl::create;

  private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE",
      "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "REPLACE");

  private final String sql;

  private KdbParserImpl(String sql) {
    super(new StringReader(sql));
    this.sql = sql;
    setOriginalSql(sql);
  }

  private static SqlAbstractParserImpl create(Reader reader) {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[4096];
    try {
      for (int n; (n = reader.read(buf)) > 0; ) {
        b.append(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SQL text", e);
    }
    return new KdbParserImpl(b.toString());
  }

  /**
   * Called once by Calcite with the connection's quoting; quotes date/time accordingly, and
   * groups Postgres casts.
   */
  @Override
  public void switchTo(LexicalState state) {
    String rewritten = SqlRewriter.groupInfixCasts(switch (state) {
      case DQID -> SqlRewriter.quoteDateTime(sql, "\"", "\"");
      case BTID, BQID -> SqlRewriter.quoteDateTime(sql, "`", "`");
      case DEFAULT -> SqlRewriter.quoteDateTime(sql, "[", "]");
    });
    if (!rewritten.equals(sql)) {
      ReInit(new StringReader(rewritten));
    }
    super.switchTo(state);
  }

  @Override
  public SqlNode parseSqlStmtEof() throws Exception {
    refuseWrites(SqlRewriter.leadingVerb(sql));
    SqlNode node = super.parseSqlStmtEof().accept(new KdbSqlShuttle());
    refuseWrites(node);
    return node;
  }

  @Override
  public SqlNodeList parseSqlStmtList() throws Exception {
    refuseWrites(SqlRewriter.leadingVerb(sql));
    SqlNodeList list = (SqlNodeList) super.parseSqlStmtList().accept(new KdbSqlShuttle());
    for (SqlNode node : list) {
      refuseWrites(node);
    }
    return list;
  }

  private static void refuseWrites(SqlNode node) throws SqlParseException {
    if (node != null && (node.isA(SqlKind.DML) || node.isA(SqlKind.DDL))) {
      refuseWrites(node.getKind().sql);
    }
  }

  private static void refuseWrites(String verb) throws SqlParseException {
    if (WRITES.contains(verb.toUpperCase(Locale.ROOT).replace('_', ' ').split(" ")[0])) {
      throw new SqlParseException("kdb+ databases are read-only here: " + verb
          + " statements are not supported (kdbsql never writes to the database on disk)",
          null, null, null, null);
    }
  }
}
