package dev.kdbsql.storage.robust;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where the 16-byte vector header of an uncompressed column file is (kdb-format.md §2, §4): at 0
 * for {@code fe 20} vectors, at 4080 in {@code fd 20} paged files, after the domain name for
 * pre-3.6 {@code fe}+name enumerations. Its byte 3 is the attribute, bytes 8..15 the count.
 */
public final class VectorHeaders {
  private VectorHeaders() {}

  /** The header offset in {@code file}, or -1 when it has none (serialized, compressed, short). */
  public static int of(byte[] file) {
    if (file.length < 16) {
      return -1;
    }
    int m0 = file[0] & 0xff;
    int m1 = file[1] & 0xff;
    if (m0 == 0xfe && m1 == 0x20) {
      return 0;
    }
    if (m0 == 0xfd && m1 == 0x20) {
      return file.length >= 4096 ? 4080 : -1;
    }
    if (m0 == 0xfe && m1 > 0x20 && m1 < 0x7f) {
      int nul = 1;
      while (nul < file.length && file[nul] != 0) {
        nul++;
      }
      int h = ((nul + 1 + 7) / 8) * 8;
      return h + 16 <= file.length ? h : -1;
    }
    return -1;
  }

  public static int attribute(byte[] file, int header) {
    return file[header + 3];
  }

  public static byte[] withAttribute(byte[] file, int header, int attribute) {
    byte[] out = file.clone();
    out[header + 3] = (byte) attribute;
    return out;
  }

  public static long count(byte[] file, int header) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(header + 8);
  }

  public static byte[] withCount(byte[] file, int header, long count) {
    byte[] out = file.clone();
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(header + 8, count);
    return out;
  }
}
