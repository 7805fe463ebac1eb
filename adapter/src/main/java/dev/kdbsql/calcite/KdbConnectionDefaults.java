package dev.kdbsql.calcite;

import dev.kdbsql.calcite.sql.KdbParserImpl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.jdbc.Driver;

/**
 * The Calcite connection properties under which SQL over kdb+ works as documented: the kdb+
 * parser ({@code date}/{@code time}/{@code first}/{@code last} unquoted, writes refused),
 * double-quoted identifiers whose case is kept and matched case-insensitively, the type system
 * allowing TIMESTAMP(9), lenient conformance (GROUP BY aliases and ordinals) and the standard
 * function library. Every {@code jdbc:kdb:} connection starts from them; any Calcite connection
 * over a {@link KdbSchema} should, and should be made by {@link #driver()}, whose connections
 * plan with {@link KdbCalcitePrepare}: kdb+ timestamps and timespans are exact objects that
 * Calcite's own preparation cannot plan.
 */
public final class KdbConnectionDefaults {
  /** The parser: Calcite's Babel parser adapted to kdb+ names. */
  public static final String PARSER_FACTORY = KdbParserImpl.class.getName() + "#FACTORY";
  /** The type system with 9-digit TIMESTAMP precision. */
  public static final String TYPE_SYSTEM = KdbTypeSystem.class.getName() + "#INSTANCE";

  private KdbConnectionDefaults() {
  }

  /**
   * Calcite's JDBC driver ({@code jdbc:calcite:}) with kdb+'s statement preparation
   * ({@link KdbCalcitePrepare}): its connections over a {@link KdbSchema} plan and run SQL as
   * {@code jdbc:kdb:} does (exact temporals, the scan rules), with Calcite's own result sets.
   */
  public static Driver driver() {
    return new Driver().withPrepareFactory(KdbCalcitePrepare::new);
  }

  /** The properties, by Calcite's names ({@code parserFactory}, {@code quoting}, ...). */
  public static Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("parserFactory", PARSER_FACTORY);
    p.put("quoting", "DOUBLE_QUOTE");
    p.put("unquotedCasing", "UNCHANGED");
    p.put("quotedCasing", "UNCHANGED");
    p.put("caseSensitive", "false");
    p.put("typeSystem", TYPE_SYSTEM);
    p.put("conformance", "LENIENT");
    p.put("fun", "standard");
    return p;
  }
}
