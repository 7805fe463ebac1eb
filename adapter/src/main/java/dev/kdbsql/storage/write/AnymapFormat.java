package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a string column as q 3.6+ does (kdb-format.md §5.1-5.3): the main file {@code col} is an
 * {@code fd 20} page with header {@code fd 01 4d 00 ... <count>} and one 8-byte reference per row;
 * {@code col#} is an {@code fd 20} page with header {@code fd 00 04 00 ... 0} followed by the items.
 *
 * <p>A short string is a compact item {@code 89 <len> <bytes>}, packed with no alignment, and its
 * reference has top byte {@code 0x01}; a longer one is a full item, 8-byte aligned,
 * {@code fb 00 0a 00 <int32 1> <int64 len> <bytes>}, with top byte {@code 0x00}. Compact items hold
 * at most {@link #COMPACT_MAX} data bytes: in the fixtures every item of up to 24 data bytes is
 * compact and a 240-byte one is full, and DolphinDB's reader uses 95 as the limit.
 */
final class AnymapFormat {
  /** Largest string, in UTF-8 bytes, written as a compact item. */
  static final int COMPACT_MAX = 95;
  private static final long COMPACT_FLAG = 1L << 56;

  private AnymapFormat() {}

  /** Writes {@code strings} as the pair {@code refs} ({@code col}) and {@code data} ({@code col#}). */
  static void write(LeOutput refs, LeOutput data, String[] strings) throws IOException {
    EnumFormat.page(refs, "", 77, Attribute.NONE, strings.length);
    EnumFormat.page(data, "", 4, Attribute.NONE, 0);
    long base = data.position();
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length <= COMPACT_MAX) {
        refs.putLong(COMPACT_FLAG | (data.position() - base));
        data.putByte(0x89);
        data.putByte(b.length);
      } else {
        data.align(8);
        refs.putLong(data.position() - base);
        data.putByte(0xfb);
        data.putByte(0);
        data.putByte(10);
        data.putByte(0);
        data.putInt(1);
        data.putLong(b.length);
      }
      data.putBytes(b);
    }
  }
}
