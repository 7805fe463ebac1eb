package dev.kdbsql.storage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An enumeration domain: the symbol list stored in a file such as {@code <root>/sym}. Loaded once
 * per database and shared by every column that enumerates against it. Immutable and thread-safe.
 */
public final class SymbolDomain {
  private final String name;
  private final Path file;
  private final String[] symbols;
  private volatile Map<String, Integer> index;
  private volatile boolean distinct;

  /** Creates the domain {@code name} read from {@code file}. */
  public SymbolDomain(String name, Path file, List<String> symbols) {
    this.name = name;
    this.file = file;
    this.symbols = symbols.toArray(new String[0]);
  }

  /** The domain's name as the enumeration files spell it (e.g. {@code sym}). */
  public String name() {
    return name;
  }

  /** The file the symbols came from. */
  public Path file() {
    return file;
  }

  /** Number of symbols. */
  public int size() {
    return symbols.length;
  }

  /** The symbol at {@code index}; the caller has checked {@code 0 <= index < size()}. */
  public String symbol(int index) {
    return symbols[index];
  }

  /** The first index of {@code symbol}, or -1: used to turn a symbol predicate into an index test. */
  public int indexOf(String symbol) {
    return index().getOrDefault(symbol, -1);
  }

  /**
   * Whether no symbol appears twice (q never enumerates one twice, but a hand-made sym file
   * can): then {@link #indexOf} finds every index a symbol has.
   */
  public boolean distinct() {
    index();
    return distinct;
  }

  private Map<String, Integer> index() {
    Map<String, Integer> m = index;
    if (m == null) {
      m = new HashMap<>(symbols.length * 2);
      for (int i = symbols.length - 1; i >= 0; i--) {
        m.put(symbols[i], i);
      }
      distinct = m.size() == symbols.length;
      index = m;
    }
    return m;
  }
}
