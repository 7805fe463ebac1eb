package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * kdb+ symbols as StringType; the empty symbol is null. An enumerated column is read as its int
 * indices in bulk, and each distinct symbol of the domain becomes a string once per reader (a row
 * costs an array load, never a decode); other symbol columns (plain symbol lists, columns missing
 * from a partition) are read symbol by symbol.
 */
public final class SymbolVector extends KdbColumnVector {
  /** Marks a domain entry that is the empty symbol (null); compared by identity. */
  private static final UTF8String EMPTY = UTF8String.fromBytes(new byte[0]);

  private final UTF8String[] values;
  private final int[] indices;
  private final Map<SymbolDomain, UTF8String[]> dictionaries = new IdentityHashMap<>();

  public SymbolVector(int capacity) {
    super(DataTypes.StringType, capacity);
    values = new UTF8String[capacity];
    indices = new int[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    if (c instanceof EnumColumn e) {
      enumerated(e, rows);
      return;
    }
    int n = rows.size();
    int nn = 0;
    for (int i = 0; i < n; i++) {
      String s = c.getSymbol(rows.row(i));
      boolean empty = s.isEmpty();
      values[i] = empty ? null : UTF8String.fromString(s);
      isNull[i] = empty;
      nn += empty ? 1 : 0;
    }
    nulls = nn;
  }

  private void enumerated(EnumColumn e, BatchRows rows) {
    int n = rows.size();
    SymbolDomain domain = e.domain();
    UTF8String[] dict = dictionaries.computeIfAbsent(domain, d -> new UTF8String[d.size()]);
    int[] ix = indices;
    rows.ints(e::indices, ix);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      int k = ix[i];
      UTF8String s = null;
      if (k >= 0) {
        s = dict[k];
        if (s == null) {
          String text = domain.symbol(k);
          s = text.isEmpty() ? EMPTY : UTF8String.fromString(text);
          dict[k] = s;
        }
        if (s == EMPTY) {
          s = null;
        }
      }
      values[i] = s;
      boolean isNullSymbol = s == null;
      isNull[i] = isNullSymbol;
      nn += isNullSymbol ? 1 : 0;
    }
    nulls = nn;
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return values[rowId];
  }
}
