package dev.kdbsql.storage;

/** A kdb+ vector attribute, as stored in the attribute byte of a file header. */
public enum Attribute {
  NONE(""),
  /** {@code s#}: ascending; binary search is valid. */
  SORTED("s"),
  /** {@code u#}: unique values; the file carries a hash index after the data. */
  UNIQUE("u"),
  /** {@code p#}: equal values are contiguous; the file carries the part starts after the data. */
  PARTED("p"),
  /** {@code g#}: grouped; the file carries a group index after the data. */
  GROUPED("g");

  private final String letter;

  Attribute(String letter) {
    this.letter = letter;
  }

  /** The attribute's letter as q prints it ({@code s}, {@code u}, {@code p}, {@code g}), or "". */
  public String letter() {
    return letter;
  }

  /** Whether the file holds index data after the elements (and so a trustworthy count). */
  public boolean hasIndexData() {
    return this == UNIQUE || this == PARTED || this == GROUPED;
  }

  /** The attribute with header code {@code code}, or null if the code is unknown. */
  public static Attribute ofCode(int code) {
    return code >= 0 && code < 5 ? values()[code] : null;
  }
}
