package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.format.ColumnFiles;
import dev.kdbsql.storage.format.SymbolLists;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.FileImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.TreeMap;

/**
 * {@code .Q.chk}: fills partitions that lack a partitioned table with an empty copy of it, so
 * that q (which fails on a missing table) and strict readers can query every partition. The
 * template is the latest partition holding the table; columns keep their type, domain and
 * attribute ({@code s#}, {@code p#}; {@code u#} and {@code g#}, which this writer cannot produce,
 * are dropped). Plain (unenumerated) symbol columns are written as enumerations.
 */
final class EmptyTables {
  private final Path root;
  private final SplayWriter splays;

  EmptyTables(Path root, SplayWriter splays) {
    this.root = root;
    this.splays = splays;
  }

  List<Path> fill() {
    List<Partition> parts;
    try (Database db = Database.open(root)) {
      parts = db.partitions();
    }
    Map<String, Path> templates = new TreeMap<>();
    for (Partition p : parts) {
      for (Path dir : p.dirs()) {
        for (Path t : tableDirs(dir)) {
          templates.put(t.getFileName().toString(), t);
        }
      }
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Path> e : templates.entrySet()) {
      TableData empty = null;
      WriteOptions options = null;
      for (Partition p : parts) {
        if (p.dirs().stream().noneMatch(d -> Files.exists(d.resolve(e.getKey())))) {
          if (empty == null) {
            options = optionsOf(e.getValue());
            empty = emptyOf(e.getValue());
          }
          Path dir = p.dirs().get(0).resolve(e.getKey());
          splays.write(dir, empty, options);
          written.add(dir);
        }
      }
    }
    return written;
  }

  private static List<Path> tableDirs(Path partitionDir) {
    try (Stream<Path> s = Files.list(partitionDir)) {
      return s.filter(d -> Files.isRegularFile(d.resolve(".d"))).sorted().toList();
    } catch (IOException ex) {
      throw new StorageException(partitionDir, -1, "cannot list directory: " + ex.getMessage(), ex);
    }
  }

  private TableData emptyOf(Path template) {
    TableData.Builder b = TableData.builder();
    forEachColumn(template, (name, c) -> b.add(name, ColumnData.empty(c.type())));
    return b.build();
  }

  private WriteOptions optionsOf(Path template) {
    WriteOptions[] o = {WriteOptions.DEFAULT};
    forEachColumn(template, (name, c) -> {
      Attribute a = c.attribute() == Attribute.SORTED || c.attribute() == Attribute.PARTED
          && c instanceof EnumColumn ? c.attribute() : Attribute.NONE;
      ColumnOptions co = ColumnOptions.DEFAULT.withAttribute(a);
      if (c instanceof EnumColumn ec) {
        co = co.withDomain(ec.domain().name());
      }
      o[0] = o[0].with(name, co);
    });
    return o[0];
  }

  private void forEachColumn(Path table, BiConsumer<String, Column> action) {
    List<Bytes> opened = new ArrayList<>();
    try (Bytes d = FileImages.open(table.resolve(".d"))) {
      for (String name : SymbolLists.read(d)) {
        action.accept(name, ColumnFiles.open(table.resolve(name), this::domain, opened::add));
      }
    } finally {
      opened.forEach(Bytes::close);
    }
  }

  private SymbolDomain domain(String name, Path columnFile) {
    Path f = root.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new StorageException(columnFile, "enumeration domain `" + name + "` not found at " + f);
    }
    return new SymbolDomain(name, f, SymbolLists.read(f));
  }
}
