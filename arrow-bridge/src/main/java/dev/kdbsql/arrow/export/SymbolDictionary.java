package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.column.NullColumn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VarCharVector;

/**
 * The Arrow dictionary of one exported symbol column, fixed before the first batch (the IPC file
 * format allows no dictionary replacement). When every slice enumerates against one domain, the
 * dictionary is that domain and the enum indices are used as they are; otherwise (plain symbol
 * lists, or slices enumerated against different domains) it is built from the distinct values, in
 * order of first appearance, by one pass over the column before export.
 */
final class SymbolDictionary {
  private final SymbolDomain domain;
  private final int emptyIndex;
  private final List<String> entries;
  private final Map<String, Integer> codes;

  private SymbolDictionary(SymbolDomain domain, List<String> entries, Map<String, Integer> codes) {
    this.domain = domain;
    this.emptyIndex = domain == null ? -1 : domain.indexOf("");
    this.entries = entries;
    this.codes = codes;
  }

  /** The dictionary for a symbol column read through {@code columns} (one per slice). */
  static SymbolDictionary of(List<Column> columns) {
    SymbolDomain shared = null;
    boolean oneDomain = true;
    for (Column c : columns) {
      if (c instanceof EnumColumn e) {
        if (shared == null) {
          shared = e.domain();
        } else if (shared != e.domain()) {
          oneDomain = false;
        }
      } else if (!(c instanceof NullColumn)) {
        oneDomain = false;
      }
    }
    if (oneDomain && shared != null) {
      return new SymbolDictionary(shared, null, null);
    }
    List<String> entries = new ArrayList<>();
    Map<String, Integer> codes = new HashMap<>();
    for (Column c : columns) {
      for (long r = 0, n = c.size(); r < n; r++) {
        String s = c.getSymbol(r);
        if (!s.isEmpty() && !codes.containsKey(s)) {
          codes.put(s, entries.size());
          entries.add(s);
        }
      }
    }
    return new SymbolDictionary(null, entries, codes);
  }

  /** The dictionary that is {@code domain} itself, as the generic (JDBC) path writes it. */
  static SymbolDictionary ofDomain(SymbolDomain domain) {
    return new SymbolDictionary(domain, null, null);
  }

  /** Whether {@code c} can use the enum indices as they are. */
  boolean usesIndices(Column c) {
    return domain != null && c instanceof EnumColumn e && e.domain() == domain;
  }

  /** The dictionary index of an enum index, or -1 for the null symbol. */
  int codeOfIndex(int index) {
    return index == emptyIndex ? -1 : index;
  }

  /** The dictionary index of a symbol, or -1 for the null symbol. */
  int codeOf(String symbol) {
    if (symbol.isEmpty()) {
      return -1;
    }
    if (domain != null) {
      return codeOfIndex(domain.indexOf(symbol));
    }
    return codes.get(symbol);
  }

  /** Writes the dictionary's values into {@code v}. */
  void fill(VarCharVector v) {
    int n = domain != null ? domain.size() : entries.size();
    v.allocateNew(8L * n, n);
    for (int i = 0; i < n; i++) {
      String s = domain != null ? domain.symbol(i) : entries.get(i);
      v.setSafe(i, s.getBytes(StandardCharsets.UTF_8));
    }
    v.setValueCount(n);
  }
}
