package dev.kdbsql.storage.format;

import dev.kdbsql.storage.SymbolDomain;
import java.nio.file.Path;

/** Finds the symbol list an enumeration names, as q finds the global of that name. */
@FunctionalInterface
public interface DomainResolver {
  /**
   * The domain {@code name} for the enumerated column in {@code columnFile}; throws
   * {@link dev.kdbsql.storage.StorageException} naming both when there is none.
   */
  SymbolDomain resolve(String name, Path columnFile);
}
