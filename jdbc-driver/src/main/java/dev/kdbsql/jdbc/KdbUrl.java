package dev.kdbsql.jdbc;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.ConnectStringParser;

/**
 * A parsed {@code jdbc:kdb:} URL: {@code jdbc:kdb:/path/to/db}, {@code jdbc:kdb:/path;k=v;k=v},
 * or properties only ({@code jdbc:kdb:model=/m.json}, {@code jdbc:kdb:directory=/path}). The
 * path is everything up to the first {@code ;}, so a path cannot contain {@code ;}; the first
 * segment counts as properties when it has an {@code =}, so a bare path cannot contain one.
 *
 * @param path the database path, or null when the URL gives none
 * @param properties the {@code k=v} pairs, as Calcite's connect-string syntax reads them
 * @param rest the text after the path, to be handed to Calcite's driver
 */
record KdbUrl(String path, Map<String, String> properties, String rest) {
  /** Parses {@code url}, which starts with {@code prefix}. */
  static KdbUrl parse(String url, String prefix) throws SQLException {
    String body = url.substring(prefix.length());
    int semi = body.indexOf(';');
    String first = semi < 0 ? body : body.substring(0, semi);
    String path = null;
    String rest = body;
    if (!first.contains("=") && !first.isBlank()) {
      path = first.trim();
      rest = semi < 0 ? "" : body.substring(semi + 1);
    }
    Properties parsed = ConnectStringParser.parse(rest);
    Map<String, String> props = new LinkedHashMap<>();
    parsed.stringPropertyNames().forEach(k -> props.put(k, parsed.getProperty(k)));
    return new KdbUrl(path, props, rest);
  }
}
