package dev.kdbsql.storage.write;

import dev.kdbsql.storage.format.SymbolLists;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An enumeration domain being extended, as {@code .Q.en} extends {@code <root>/sym}: existing
 * names keep their positions, new names are appended at the end in order of first appearance,
 * the empty (null) symbol included. Unlike q, which appends to the file in place and leaves a
 * stale count, {@link #save()} rewrites the whole list under a temporary name and renames it, so
 * readers never see a partial list; the result holds the same names in the same order.
 * Not thread-safe: one writer per database.
 */
final class DomainFile {
  private final Path file;
  private final List<String> names;
  private final Map<String, Integer> index;
  private int saved;

  private DomainFile(Path file, List<String> names) {
    this.file = file;
    this.names = names;
    this.index = new HashMap<>(Math.max(16, names.size() * 2));
    for (int i = names.size() - 1; i >= 0; i--) {
      index.put(names.get(i), i);
    }
    this.saved = Files.exists(file) ? names.size() : -1;
  }

  /** The domain stored at {@code file}, or an empty one if the file does not exist yet. */
  static DomainFile load(Path file) {
    return new DomainFile(file, Files.exists(file) ? new ArrayList<>(SymbolLists.read(file))
        : new ArrayList<>());
  }

  /** The indices of {@code values}, adding names the domain lacks. */
  long[] enumerate(String[] values) {
    long[] out = new long[values.length];
    String last = null;
    long lastIndex = -1;
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      if (v != last) {
        last = v;
        lastIndex = indexOf(v);
      }
      out[i] = lastIndex;
    }
    return out;
  }

  private int indexOf(String v) {
    Integer i = index.get(v);
    if (i == null) {
      i = names.size();
      names.add(v);
      index.put(v, i);
    }
    return i;
  }

  /** Writes the list if it grew (or never existed); a no-op otherwise. */
  void save() {
    if (saved == names.size()) {
      return;
    }
    AtomicFiles.write(file, out -> SymbolListFormat.write(out, names));
    saved = names.size();
  }
}
