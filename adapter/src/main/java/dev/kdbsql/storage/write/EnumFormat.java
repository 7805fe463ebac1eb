package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes kdb+ 3.6+ enumerations (docs/kdb-format.md §4.1): a 4096-byte page starting {@code fd 20},
 * the domain name NUL-terminated at offset 16, the vector header
 * {@code fd 00 14 <attr> 00000000 <int64 count>} at 4080, then int64 indices at 4096, then for
 * {@code p#} the index trailer of {@link PartedIndex}. {@code s#} adds nothing but the attribute
 * byte; it requires ascending indices (every {@code s#} enumeration in the fixtures has them),
 * i.e. symbols ascending in domain order.
 */
final class EnumFormat {
  static final int PAGE = 4096;
  static final int INNER = 4080;
  static final int NAME = 16;

  private EnumFormat() {}

  /** Writes {@code n} indices into domain {@code domain} with attribute none or {@code p#}. */
  static void write(LeOutput out, String domain, long[] indices, int n, Attribute attr)
      throws IOException {
    if (attr != Attribute.NONE && attr != Attribute.PARTED && attr != Attribute.SORTED) {
      throw new IllegalArgumentException(out.file() + ": attribute " + attr.letter()
          + "# is not supported on symbol columns (none, s# or p#)");
    }
    if (attr == Attribute.SORTED) {
      for (int i = 1; i < n; i++) {
        if (indices[i] < indices[i - 1]) {
          throw new IllegalArgumentException(out.file() + ": s# on a symbol column requires "
              + "ascending enumeration indices, but row " + i + " is less than row " + (i - 1));
        }
      }
    }
    PartedIndex parted = attr == Attribute.PARTED ? PartedIndex.of(indices, n, out.file()) : null;
    page(out, domain, 20, attr, n);
    for (int i = 0; i < n; i++) {
      out.putLong(indices[i]);
    }
    if (parted != null) {
      parted.write(out);
    }
  }

  /** The first page of an {@code fd 20} file: name (may be empty) and inner header. */
  static void page(LeOutput out, String name, int type, Attribute attr, long count)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    if (NAME + nameBytes.length + 1 > INNER) {
      throw new IllegalArgumentException(out.file() + ": domain name of " + nameBytes.length
          + " bytes does not fit the page");
    }
    out.putByte(0xfd);
    out.putByte(0x20);
    out.zeros(NAME - 2);
    out.putBytes(nameBytes);
    out.zeros(INNER - NAME - nameBytes.length);
    out.putByte(0xfd);
    out.putByte(type == 77 ? 1 : 0);
    out.putByte(type);
    out.putByte(attr.ordinal());
    out.putInt(0);
    out.putLong(count);
  }
}
