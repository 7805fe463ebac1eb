package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one splayed table directory: enumerates its symbol columns (saving the grown domains
 * first, so no column ever points past its sym file), writes each column file atomically, and
 * writes {@code .d} last, so a reader only sees the table once it is complete.
 */
final class SplayWriter {
  private final Domains domains;

  SplayWriter(Domains domains) {
    this.domains = domains;
  }

  /**
   * Enumerates the symbol columns of {@code table} in column order, then row order, as
   * {@code .Q.en} does (new names are appended to their domain in that order); returns the
   * indices by column name. Domains are extended in memory only.
   */
  Map<String, long[]> enumerate(TableData table, WriteOptions options) {
    Map<String, long[]> indices = new HashMap<>();
    table.columns().forEach((name, c) -> {
      if (c.isSymbol()) {
        indices.put(name, domains.get(options.column(name).domain()).enumerate(c.stringValues()));
      }
    });
    return indices;
  }

  void write(Path dir, TableData table, WriteOptions options) {
    Map<String, long[]> indices = enumerate(table, options);
    domains.saveAll();
    table.columns().forEach((name, c) -> writeColumn(dir.resolve(name), c, indices.get(name),
        options.column(name)));
    List<String> names = table.columnNames();
    AtomicFiles.write(dir.resolve(".d"), out -> SymbolListFormat.write(out, names));
  }

  private static void writeColumn(Path file, ColumnData c, long[] enumIndices, ColumnOptions o) {
    try (AtomicFiles files = new AtomicFiles()) {
      try {
        if (c.isString() || c.isList()) {
          if (o.attribute() != Attribute.NONE) {
            throw new IllegalArgumentException(file + ": nested columns take no attribute");
          }
          LeOutput data = files.open(file.resolveSibling(file.getFileName() + "#"),
              o.compression());
          LeOutput refs = files.open(file, o.compression());
          if (c.isString()) {
            AnymapFormat.write(refs, data, c.stringValues());
          } else {
            AnymapFormat.writeLists(refs, data, c);
          }
        } else if (c.isSymbol()) {
          EnumFormat.write(files.open(file, o.compression()), o.domain(), enumIndices, c.length(),
              o.attribute());
        } else {
          VectorFormat.write(files.open(file, o.compression()), c, o.attribute());
        }
      } catch (IOException e) {
        throw new StorageException(file, -1, "cannot write: " + e.getMessage(), e);
      }
      files.commit();
    }
  }
}
