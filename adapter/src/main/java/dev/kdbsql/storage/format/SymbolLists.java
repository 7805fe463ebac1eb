package dev.kdbsql.storage.format;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.FileImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads symbol lists saved as {@code ff 01 0b}: {@code sym} domain files and {@code .d} column
 * lists. The header count is ignored (q appends to sym files without updating it): the list is
 * the NUL-terminated names from byte 8 to the end of the file.
 */
public final class SymbolLists {
  static final int HEADER = 8;

  private SymbolLists() {}

  /** Reads the symbol list file {@code file}. */
  public static List<String> read(Path file) {
    try (Bytes b = FileImages.open(file)) {
      return read(b);
    }
  }

  /** Reads a symbol list from an open image. */
  public static List<String> read(Bytes b) {
    long len = b.length();
    if (len < HEADER || (b.getByte(0) & 0xff) != 0xff || b.getByte(1) != 1 || b.getByte(2) != 11) {
      throw new StorageException(b.file(), 0, "expected a symbol list (ff 01 0b) of at least "
          + HEADER + " bytes, found " + describe(b));
    }
    if (len - HEADER > Integer.MAX_VALUE - 8) {
      throw new StorageException(b.file(), HEADER, "symbol list of " + len + " bytes is too large");
    }
    byte[] data = new byte[(int) (len - HEADER)];
    b.getBytes(HEADER, data, 0, data.length);
    if (data.length > 0 && data[data.length - 1] != 0) {
      throw new StorageException(b.file(), len - 1,
          "symbol list does not end with a NUL: the file is truncated");
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == 0) {
        out.add(new String(data, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
  }

  /** The first bytes of an image in hex, for messages. */
  static String describe(Bytes b) {
    StringBuilder sb = new StringBuilder();
    long n = Math.min(8, b.length());
    for (long i = 0; i < n; i++) {
      sb.append(String.format("%02x ", b.getByte(i) & 0xff));
    }
    return n == 0 ? "an empty file" : "bytes " + sb.toString().trim();
  }
}
