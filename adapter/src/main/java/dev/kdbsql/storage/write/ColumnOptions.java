package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import java.util.Objects;

/**
 * How one column is written: its attribute and, for symbol columns, the enumeration domain (the
 * root file the symbols are enumerated against, {@code sym} unless told otherwise).
 *
 * <p>Supported attributes: {@link Attribute#NONE}; {@link Attribute#SORTED} on simple vectors
 * (checked: q refuses to apply {@code s#} to unsorted data, and so do we); {@link Attribute#PARTED}
 * on symbol columns (checked: equal values must be contiguous), written with q's index trailer.
 * {@code u#} and {@code g#} are refused.
 *
 * @param attribute the attribute byte to write
 * @param domain the enumeration domain for symbol columns
 */
public record ColumnOptions(Attribute attribute, String domain) {
  /** No attribute, domain {@code sym}. */
  public static final ColumnOptions DEFAULT = new ColumnOptions(Attribute.NONE, "sym");

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
    return new ColumnOptions(a, domain);
  }

  /** These options with enumeration domain {@code d}. */
  public ColumnOptions withDomain(String d) {
    return new ColumnOptions(attribute, d);
  }
}
