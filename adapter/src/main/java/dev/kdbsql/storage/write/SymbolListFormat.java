package dev.kdbsql.storage.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes symbol lists as {@code set} does for {@code sym} domains and {@code .d} files
 * (docs/kdb-format.md §3, §6): {@code ff 01 0b 00 <int32 count>}, then each name UTF-8 encoded and
 * NUL-terminated. The count is the true one.
 */
final class SymbolListFormat {
  private SymbolListFormat() {}

  static void write(LeOutput out, List<String> names) throws IOException {
    out.putByte(0xff);
    out.putByte(0x01);
    out.putByte(11);
    out.putByte(0);
    out.putInt(names.size());
    for (String s : names) {
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(out.file() + ": symbol contains NUL: " + s);
      }
      out.putBytes(s.getBytes(StandardCharsets.UTF_8));
      out.putByte(0);
    }
  }
}
