package dev.kdbsql.storage;

import java.util.Objects;

/**
 * What a column holds: atoms of one simple type ({@code price:f}), lists of one simple type
 * (a string column is a list of chars, q's {@code C}), or a general list of anything ({@code " "}).
 */
public final class ColumnType {
  /** A general (mixed) list: q's meta shows a blank. */
  public static final ColumnType GENERAL = new ColumnType(null, true);

  /** A string column: a list of char vectors. */
  public static final ColumnType STRING = new ColumnType(KdbType.CHAR, true);

  private final KdbType element;
  private final boolean nested;

  private ColumnType(KdbType element, boolean nested) {
    this.element = element;
    this.nested = nested;
  }

  /** A column of atoms of {@code type}. */
  public static ColumnType of(KdbType type) {
    return new ColumnType(Objects.requireNonNull(type), false);
  }

  /** A column whose every value is a list of {@code type}. */
  public static ColumnType listOf(KdbType type) {
    return type == KdbType.CHAR ? STRING : new ColumnType(Objects.requireNonNull(type), true);
  }

  /** The simple type of the atoms (or of the list elements); null for {@link #GENERAL}. */
  public KdbType element() {
    return element;
  }

  /** Whether each value is a list. */
  public boolean nested() {
    return nested;
  }

  /** Whether this is a list of chars. */
  public boolean isString() {
    return element == KdbType.CHAR && nested;
  }

  /** q's meta character: lower case for atoms, upper case for lists, blank for general. */
  public char metaChar() {
    if (element == null) {
      return ' ';
    }
    return nested ? Character.toUpperCase(element.letter()) : element.letter();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnType c && c.element == element && c.nested == nested;
  }

  @Override
  public int hashCode() {
    return Objects.hash(element, nested);
  }

  @Override
  public String toString() {
    return String.valueOf(metaChar());
  }
}
