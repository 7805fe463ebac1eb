package dev.kdbsql.storage;

/**
 * The simple kdb+ types 1..19: their type number, meta character and width on disk.
 * Enumerations (type 20) read as {@link #SYMBOL}.
 */
public enum KdbType {
  BOOLEAN(1, 'b', 1),
  GUID(2, 'g', 16),
  BYTE(4, 'x', 1),
  SHORT(5, 'h', 2),
  INT(6, 'i', 4),
  LONG(7, 'j', 8),
  REAL(8, 'e', 4),
  FLOAT(9, 'f', 8),
  CHAR(10, 'c', 1),
  /** Symbols have no fixed width: plain symbol lists are NUL-separated, enumerations are indices. */
  SYMBOL(11, 's', 0),
  TIMESTAMP(12, 'p', 8),
  MONTH(13, 'm', 4),
  DATE(14, 'd', 4),
  DATETIME(15, 'z', 8),
  TIMESPAN(16, 'n', 8),
  MINUTE(17, 'u', 4),
  SECOND(18, 'v', 4),
  TIME(19, 't', 4);

  private static final KdbType[] BY_CODE = new KdbType[20];

  static {
    for (KdbType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;
  private final char letter;
  private final int width;

  KdbType(int code, char letter, int width) {
    this.code = code;
    this.letter = letter;
    this.width = width;
  }

  /** The positive kdb+ type number (1..19). */
  public int code() {
    return code;
  }

  /** The character q's {@code meta} shows for a column of this type. */
  public char letter() {
    return letter;
  }

  /** Bytes per element in a vector file; 0 for symbols. */
  public int width() {
    return width;
  }

  /** The simple type with number {@code code}, or null if there is none (0, 3, 20+). */
  public static KdbType ofCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** Whether the type is stored as 8-byte integers with long null and infinities. */
  public boolean isLongLike() {
    return this == LONG || this == TIMESTAMP || this == TIMESPAN;
  }

  /** Whether the type is stored as 4-byte integers with int null and infinities. */
  public boolean isIntLike() {
    return this == INT || this == MONTH || this == DATE || this == MINUTE || this == SECOND
        || this == TIME;
  }
}
