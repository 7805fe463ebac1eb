package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.io.Compression;
import java.util.Objects;

/**
 * How one column is written: its attribute, its compression and, for symbol columns, the
 * enumeration domain (the root file the symbols are enumerated against, {@code sym} unless told
 * otherwise). A compressed column is a {@code kxzipped} file, and so is its {@code #} companion,
 * as q compresses them (docs/kdb-format.md §5.5, §9).
 *
 * <p>Supported attributes: {@link Attribute#NONE}; {@link Attribute#SORTED} on simple vectors
 * (checked: q refuses to apply {@code s#} to unsorted data, and so do we) and on symbol columns
 * (indices ascending in domain order); {@link Attribute#PARTED} on symbol columns (checked: equal
 * values must be contiguous), written with q's index trailer.
 * {@code u#} and {@code g#} are refused.
 *
 * @param attribute the attribute byte to write
 * @param domain the enumeration domain for symbol columns
 * @param compression how to compress the column's files, or null to leave them uncompressed
 */
public record ColumnOptions(Attribute attribute, String domain, Compression compression) {
  /** No attribute, domain {@code sym}, uncompressed. */
  public static final ColumnOptions DEFAULT = new ColumnOptions(Attribute.NONE, "sym", null);

  public ColumnOptions {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(domain, "domain");
    if (domain.isEmpty() || domain.contains("/") || domain.contains("\\") || domain.startsWith(".")
        || domain.length() > 4000) {
      throw new IllegalArgumentException("invalid enumeration domain name '" + domain + "'");
    }
  }

  /** These options with attribute {@code a}. */
  public ColumnOptions withAttribute(Attribute a) {
    return new ColumnOptions(a, domain, compression);
  }

  /** These options with enumeration domain {@code d}. */
  public ColumnOptions withDomain(String d) {
    return new ColumnOptions(attribute, d, compression);
  }

  /** These options with {@code c} as compression (null: uncompressed). */
  public ColumnOptions withCompression(Compression c) {
    return new ColumnOptions(attribute, domain, c);
  }
}
