package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plain (not enumerated) symbol column held on the heap: a symbol vector inside a flat table,
 * or a splayed column saved as an {@code ff 01} symbol list.
 */
public final class SymbolArrayColumn implements Column {
  private final Path file;
  private final String[] symbols;
  private final Attribute attribute;

  /** Creates the column over {@code symbols} (not copied). */
  public SymbolArrayColumn(Path file, String[] symbols, Attribute attribute) {
    this.file = file;
    this.symbols = symbols;
    this.attribute = attribute;
  }

  @Override
  public ColumnType type() {
    return ColumnType.of(KdbType.SYMBOL);
  }

  @Override
  public Attribute attribute() {
    return attribute;
  }

  @Override
  public long size() {
    return symbols.length;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public String getSymbol(long row) {
    return symbols[Objects.checkIndex((int) Math.min(row, Integer.MAX_VALUE), symbols.length)];
  }

  @Override
  public Object getObject(long row) {
    String s = getSymbol(row);
    return s.isEmpty() ? null : s;
  }

  @Override
  public boolean isNull(long row) {
    return getSymbol(row).isEmpty();
  }
}
