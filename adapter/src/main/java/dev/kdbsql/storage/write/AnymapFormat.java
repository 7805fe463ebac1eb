package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a nested column (strings, or lists of simple atoms) as q 3.6+ does (docs/kdb-format.md
 * §5.1-5.3): the main file {@code col} is an {@code fd 20} page with header
 * {@code fd 01 4d 00 ... <count>} and one 8-byte reference per row; {@code col#} is an
 * {@code fd 20} page with header {@code fd 00 04 00 ... 0} followed by the items.
 *
 * <p>A short item is a compact item {@code <0x7f + type> <count> <data>}, packed with no
 * alignment, and its reference has top byte {@code 0x01}; a longer one is a full item, 8-byte
 * aligned, {@code fb 00 <type> 00 <int32 1> <int64 count> <data>}, with top byte {@code 0x00}.
 * Compact items hold at most {@link #COMPACT_MAX} data bytes: in the fixtures every item of up to
 * 24 data bytes is compact and a 240-byte one is full, and DolphinDB's reader uses 95 as the
 * limit.
 *
 * <p>Items can be appended batch after batch ({@link #header}, then {@link #putString} or
 * {@link #putList} per row); the row count in {@code col}'s header is then patched at
 * {@link #COUNT_OFFSET} once known.
 */
final class AnymapFormat {
  /** Largest item, in data bytes, written as a compact item. */
  static final int COMPACT_MAX = 95;
  /** Where {@code col}'s header holds the row count. */
  static final long COUNT_OFFSET = EnumFormat.INNER + 8;
  private static final long COMPACT_FLAG = 1L << 56;

  private AnymapFormat() {}

  /** Writes {@code strings} as the pair {@code refs} ({@code col}) and {@code data} ({@code col#}). */
  static void write(LeOutput refs, LeOutput data, String[] strings) throws IOException {
    header(refs, data, strings.length);
    for (String s : strings) {
      putString(refs, data, s);
    }
  }

  /** Writes list column {@code c} ({@link ColumnData#lists}) as the pair. */
  static void writeLists(LeOutput refs, LeOutput data, ColumnData c) throws IOException {
    header(refs, data, c.length());
    int[] offsets = c.listOffsets();
    for (int i = 0; i < c.length(); i++) {
      putList(refs, data, c.listElements(), offsets[i], offsets[i + 1]);
    }
  }

  /** The first pages of both files; {@code count} rows (patch it later if unknown). */
  static void header(LeOutput refs, LeOutput data, long count) throws IOException {
    EnumFormat.page(refs, "", 77, Attribute.NONE, count);
    EnumFormat.page(data, "", 4, Attribute.NONE, 0);
  }

  /** Appends one string (a char vector). */
  static void putString(LeOutput refs, LeOutput data, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    item(refs, data, 10, b.length, b.length);
    data.putBytes(b);
  }

  /** Appends one list: elements {@code [from, to)} of simple column {@code elements}. */
  static void putList(LeOutput refs, LeOutput data, ColumnData elements, int from, int to)
      throws IOException {
    int n = to - from;
    item(refs, data, elements.kdbType().code(), n, (long) n * elements.kdbType().width());
    VectorFormat.writeData(data, elements, from, to);
  }

  /** The reference and the item header of a vector of {@code n} atoms of {@code type}. */
  private static void item(LeOutput refs, LeOutput data, int type, int n, long bytes)
      throws IOException {
    long base = EnumFormat.PAGE;
    if (bytes <= COMPACT_MAX) {
      refs.putLong(COMPACT_FLAG | (data.position() - base));
      data.putByte(0x7f + type);
      data.putByte(n);
    } else {
      data.align(8);
      refs.putLong(data.position() - base);
      data.putByte(0xfb);
      data.putByte(0);
      data.putByte(type);
      data.putByte(0);
      data.putInt(1);
      data.putLong(n);
    }
  }
}
