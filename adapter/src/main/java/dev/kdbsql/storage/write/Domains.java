package dev.kdbsql.storage.write;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The enumeration domains of one database root, loaded on first use and saved together. */
final class Domains {
  private final Path root;
  private final Map<String, DomainFile> loaded = new LinkedHashMap<>();

  Domains(Path root) {
    this.root = root;
  }

  /** The domain {@code name}, stored at {@code <root>/<name>}. */
  DomainFile get(String name) {
    return loaded.computeIfAbsent(name, n -> DomainFile.load(root.resolve(n)));
  }

  /** Saves every domain that grew. Call before writing columns that use the new names. */
  void saveAll() {
    loaded.values().forEach(DomainFile::save);
  }
}
