package dev.kdbsql.storage;

/**
 * kdb+ null and infinity sentinels. Readers return raw values; only the layer that builds
 * user-facing values turns these into nulls.
 */
public final class Nulls {
  public static final short SHORT_NULL = Short.MIN_VALUE;
  public static final int INT_NULL = Integer.MIN_VALUE;
  public static final long LONG_NULL = Long.MIN_VALUE;
  public static final short SHORT_INF = Short.MAX_VALUE;
  public static final int INT_INF = Integer.MAX_VALUE;
  public static final long LONG_INF = Long.MAX_VALUE;
  /** The bit pattern q writes for {@code 0Ne}. */
  public static final int REAL_NULL_BITS = 0xffc00000;
  /** The bit pattern q writes for {@code 0n}. */
  public static final long FLOAT_NULL_BITS = 0xfff8000000000000L;
  /** The char null: a space, as {@code null " "} is true in q. */
  public static final byte CHAR_NULL = ' ';

  private Nulls() {}
}
