package dev.kdbsql.storage.format;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.column.AnymapColumn;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.column.ObjectListColumn;
import dev.kdbsql.storage.column.OffsetNestedColumn;
import dev.kdbsql.storage.column.SymbolArrayColumn;
import dev.kdbsql.storage.column.VectorColumn;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.EntryKind;
import dev.kdbsql.storage.io.FileImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Opens one splayed column file, whatever its format (docs/kdb-format.md §0): {@code fe 20}
 * vectors, {@code fd 20} enumerations, anymaps and paged vectors, pre-3.6 {@code fe}+name
 * enumerations and 77+t nested lists, and {@code ff 01} symbol or general lists. Counts are derived
 * as §2.3 and §16 say: from the data length for unattributed and {@code s#} vectors, from the
 * header for {@code u#}, {@code p#} and {@code g#} ones, whose index data follows the elements.
 */
public final class ColumnFiles {
  /** Data offset of {@code fe 20} vectors. */
  public static final int FE_HEADER = 16;
  /** Data offset of {@code fd 20} files; their real vector header sits at {@link #FD_INNER}. */
  public static final int FD_PAGE = 4096;
  public static final int FD_INNER = 4080;
  /** Where the distinct values of a p#/g# index start, after the 8-aligned end of the data. */
  private static final int[] UNIQUES_3_6 = {8};
  private static final int[] UNIQUES_3_0 = {0};
  private static final int[] UNIQUES_ANY = {0, 8};

  private ColumnFiles() {}

  /**
   * Opens {@code file}; every image it opens (the file and its {@code #}, {@code ##} companions)
   * is handed to {@code owner}, which closes them with the slice.
   */
  public static Column open(Path file, DomainResolver domains, Consumer<Bytes> owner) {
    return open(file, domains, owner, FileImages::open);
  }

  /**
   * Opens {@code file} as {@link #open} does, with every check, but reads the files through
   * their channels instead of mapping them ({@link FileImages#probe}): for looking at a column's
   * type and length without reading its data. The images go to {@code owner} as well.
   */
  public static Column probe(Path file, DomainResolver domains, Consumer<Bytes> owner) {
    return open(file, domains, owner, FileImages::probe);
  }

  /**
   * Opens {@code file} as {@link #open} does, every file it reads (the column and its
   * companions) opened by {@code opener}.
   */
  public static Column open(Path file, DomainResolver domains, Consumer<Bytes> owner,
      Function<Path, Bytes> opener) {
    Bytes b = opener.apply(file);
    owner.accept(b);
    long len = b.length();
    if (len < 2) {
      throw new StorageException(file, 0, "not a kdb+ column: " + SymbolLists.describe(b));
    }
    int m0 = b.getByte(0) & 0xff;
    int m1 = b.getByte(1) & 0xff;
    if (m0 == 0xfe && m1 == 0x20) {
      return feVector(b, file, owner, opener);
    }
    if (m0 == 0xfd && m1 == 0x20) {
      return fdFile(b, file, domains, owner, opener);
    }
    if (m0 == 0xff && m1 == 0x01) {
      return serialized(b, file);
    }
    if (m0 == 0xfe && m1 >= 0x21 && m1 < 0x7f) {
      return oldEnum(b, file, domains);
    }
    throw new StorageException(file, 0, "unknown kdb+ file format: " + SymbolLists.describe(b)
        + " (expected fe 20, fd 20, ff 01 or fe + domain name)");
  }

  private static Attribute attribute(Bytes b, long at) {
    int code = b.getByte(at) & 0xff;
    Attribute a = Attribute.ofCode(code);
    if (a == null) {
      throw new StorageException(b.file(), at, "unknown attribute code " + code + " (expected 0..4)");
    }
    return a;
  }

  /**
   * The element count of a vector whose header is at {@code header} and data at {@code data}.
   * §2.3/§16: unattributed and s# counts come from the length (the header may be 0 or stale);
   * u#/p#/g# counts come from the header, which must fit the file.
   */
  static long count(Bytes b, long header, long data, int width, Attribute attr) {
    long avail = b.length() - data;
    long declared = b.getLong(header + 8);
    if (avail < 0) {
      throw new StorageException(b.file(), data, "file of " + b.length()
          + " bytes ends before its data starts at " + data);
    }
    if (attr.hasIndexData()) {
      if (declared < 0 || declared > avail / width) {
        throw new StorageException(b.file(), header + 8, "count " + declared + " needs "
            + "more data than the " + avail + " bytes after offset " + data + " (element width "
            + width + ")");
      }
      return declared;
    }
    if (avail % width != 0) {
      throw new StorageException(b.file(), data, avail + " data bytes at offset " + data
          + " is not a multiple of " + width + ": the file is truncated or not a vector");
    }
    long n = avail / width;
    if (declared > n) {
      throw new StorageException(b.file(), header + 8, "header count " + declared
          + " exceeds the " + n + " elements the file holds: the file is truncated");
    }
    return n;
  }

  /**
   * Checks that the index of a {@code p#} or {@code g#} vector of {@code n} elements starts where
   * they end: a header of the distinct values (attribute {@code u#}, a count between 1 and
   * {@code n}) at the 8-aligned end of the data, plus one of {@code uniquesAt} bytes (8 opaque
   * bytes precede it since kdb+ 3.6), and for {@code p#} the file's last long, the end of the last
   * part, equal to {@code n} (kdb-format.md §8, observed in every attributed fixture file). The
   * count of an attributed vector comes from its header alone, so this is what shows a header
   * count, or an attribute byte, that is not what q wrote: the elements would otherwise silently
   * gain or lose rows at the index. {@code u#} indexes (a hash table) carry nothing to check.
   */
  static void checkIndex(Bytes b, long data, long n, int width, Attribute attr, int[] uniquesAt) {
    if (attr != Attribute.PARTED && attr != Attribute.GROUPED) {
      return;
    }
    long start = ((data + n * width) + 7) & ~7L;
    boolean found = false;
    for (int k : uniquesAt) {
      long h = start + k;
      if (h + 16 <= b.length() && b.getByte(h + 3) == Attribute.UNIQUE.ordinal()) {
        long u = b.getLong(h + 8);
        found |= n == 0 ? u == 0 : u >= 1 && u <= n;
      }
    }
    if (!found) {
      throw new StorageException(b.file(), start, attr.letter() + "# index of the " + n
          + " elements not found where they end: the header count or the attribute byte is "
          + "not what q wrote");
    }
    if (attr == Attribute.PARTED) {
      long last = b.length() >= start + 8 ? b.getLong(b.length() - 8) : -1;
      if (last != n) {
        throw new StorageException(b.file(), b.length() - 8, "p# index ends with part start "
            + last + ", not the header count " + n + ": the header count or the attribute byte "
            + "is not what q wrote");
      }
    }
  }

  private static Column feVector(Bytes b, Path file, Consumer<Bytes> owner,
      Function<Path, Bytes> opener) {
    if (b.length() < FE_HEADER) {
      throw new StorageException(file, 0, "vector header truncated: " + b.length()
          + " bytes, expected at least " + FE_HEADER);
    }
    int t = b.getByte(2) & 0xff;
    Attribute attr = attribute(b, 3);
    KdbType type = KdbType.ofCode(t);
    if (type != null && type != KdbType.SYMBOL) {
      long n = count(b, 0, FE_HEADER, type.width(), attr);
      checkIndex(b, FE_HEADER, n, type.width(), attr, UNIQUES_ANY);
      return VectorColumn.of(b, FE_HEADER, n, type, attr);
    }
    KdbType element = KdbType.ofCode(t - 77);
    if (element != null && element != KdbType.SYMBOL) {
      long n = count(b, 0, FE_HEADER, 8, Attribute.NONE);
      Bytes data = companion(file, "#", owner, opener);
      return new OffsetNestedColumn(b, FE_HEADER, n, data, element);
    }
    throw new StorageException(file, 2, "unsupported vector type " + t
        + " (expected 1..19 except 11, or 78..96 for pre-3.6 nested lists)");
  }

  private static Column fdFile(Bytes b, Path file, DomainResolver domains, Consumer<Bytes> owner,
      Function<Path, Bytes> opener) {
    if (b.length() < FD_PAGE) {
      throw new StorageException(file, 0, "paged (fd 20) file truncated: " + b.length()
          + " bytes, expected at least " + FD_PAGE);
    }
    int t = b.getByte(FD_INNER + 2) & 0xff;
    Attribute attr = attribute(b, FD_INNER + 3);
    if (t == 20) {
      String domainName = cString(b, 16, FD_INNER);
      long n = count(b, FD_INNER, FD_PAGE, 8, attr);
      checkIndex(b, FD_PAGE, n, 8, attr, UNIQUES_3_6);
      return new EnumColumn(b, FD_PAGE, n, 8, domains.resolve(domainName, file), attr);
    }
    if (t == 77) {
      long n = count(b, FD_INNER, FD_PAGE, 8, Attribute.NONE);
      Bytes data = companion(file, "#", owner, opener);
      if (data.length() < FD_PAGE) {
        throw new StorageException(data.file(), 0, "anymap data file truncated: "
            + data.length() + " bytes, expected at least " + FD_PAGE);
      }
      // §5.2: the items live in a byte vector (fd 20 page, inner type 4); anything else is
      // not this column's data, whatever the references point at.
      int m0 = data.getByte(0) & 0xff;
      int m1 = data.getByte(1) & 0xff;
      int dataType = data.getByte(FD_INNER + 2) & 0xff;
      if (m0 != 0xfd || m1 != 0x20) {
        throw new StorageException(data.file(), 0, "anymap data file of " + file
            + " must be a paged byte vector (fd 20), found " + SymbolLists.describe(data));
      }
      if (dataType != KdbType.BYTE.code()) {
        throw new StorageException(data.file(), FD_INNER + 2, "anymap data file of " + file
            + " must be a byte vector (type 4), found type " + dataType);
      }
      Path symFile = file.resolveSibling(file.getFileName() + "##");
      String[] syms = null;
      if (EntryKind.exists(symFile)) {
        try (Bytes list = opener.apply(symFile)) {
          syms = SymbolLists.read(list).toArray(new String[0]);
        }
      }
      return new AnymapColumn(b, FD_PAGE, n, data, syms, symFile);
    }
    KdbType type = KdbType.ofCode(t);
    if (type != null && type != KdbType.SYMBOL) {
      long n = count(b, FD_INNER, FD_PAGE, type.width(), attr);
      checkIndex(b, FD_PAGE, n, type.width(), attr, UNIQUES_ANY);
      return VectorColumn.of(b, FD_PAGE, n, type, attr);
    }
    throw new StorageException(file, FD_INNER + 2, "unsupported type " + t
        + " in a paged (fd 20) file (expected 20 enumeration, 77 anymap or 1..19)");
  }

  /** kdb+ 3.0-3.5 enumeration: fe, domain name, NUL, header at the next multiple of 8. */
  private static Column oldEnum(Bytes b, Path file, DomainResolver domains) {
    long limit = Math.min(b.length(), 256);
    String name = cString(b, 1, limit);
    long h = ((1 + name.length() + 1 + 7) / 8) * 8;
    if (b.length() < h + 16) {
      throw new StorageException(file, h, "enumeration header truncated: file has "
          + b.length() + " bytes, expected at least " + (h + 16));
    }
    Attribute attr = attribute(b, h + 3);
    long n = count(b, h, h + 16, 4, attr);
    checkIndex(b, h + 16, n, 4, attr, UNIQUES_3_0);
    return new EnumColumn(b, h + 16, n, 4, domains.resolve(name, file), attr);
  }

  private static Column serialized(Bytes b, Path file) {
    if (b.length() >= 3 && b.getByte(2) == 11) {
      List<String> syms = SymbolLists.read(b);
      return new SymbolArrayColumn(file, syms.toArray(new String[0]), attribute(b, 3));
    }
    Object o = IpcDecoder.decodeFile(b);
    if (o instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) list;
      return FlatObjects.listColumn(file, items, b);
    }
    if (o instanceof IpcDecoder.VectorRef v && v.type() != KdbType.SYMBOL) {
      return VectorColumn.of(b, v.offset(), v.count(), v.type(), v.attribute());
    }
    throw new StorageException(file, 2, "serialized object of type " + b.getByte(2)
        + " is not a column (expected a list)");
  }

  private static Bytes companion(Path file, String suffix, Consumer<Bytes> owner,
      Function<Path, Bytes> opener) {
    Path c = file.resolveSibling(file.getFileName() + suffix);
    if (!EntryKind.exists(c)) {
      throw new StorageException(c, -1, "missing companion file of nested column " + file);
    }
    Bytes b = opener.apply(c);
    owner.accept(b);
    return b;
  }

  /** A NUL-terminated ASCII string starting at {@code from}, which must end before {@code limit}. */
  static String cString(Bytes b, long from, long limit) {
    long end = from;
    while (end < limit && b.getByte(end) != 0) {
      end++;
    }
    if (end >= limit || end == from) {
      throw new StorageException(b.file(), from, "expected a NUL-terminated domain name");
    }
    byte[] name = new byte[(int) (end - from)];
    b.getBytes(from, name, 0, name.length);
    return new String(name, StandardCharsets.US_ASCII);
  }

  /**
   * Whether a file has a vector or enumeration magic ({@code fe}, {@code fd}, or is compressed):
   * used to tell a splay that lost its {@code .d} from a folder of other things. Serialized
   * objects ({@code ff 01}) do not count, since sym files and flat tables are those.
   */
  public static boolean looksLikeColumn(Path file) {
    try (Bytes b = FileImages.open(file)) {
      if (b.length() < 2) {
        return false;
      }
      int m0 = b.getByte(0) & 0xff;
      int m1 = b.getByte(1) & 0xff;
      return (m0 == 0xfe && m1 >= 0x20 && m1 < 0x7f) || (m0 == 0xfd && m1 == 0x20);
    } catch (StorageException e) {
      return e.getMessage().contains("kxzipp");
    }
  }

  /** Type of a column without keeping it open. */
  public static ColumnType probeType(Path file, DomainResolver domains) {
    java.util.List<Bytes> opened = new java.util.ArrayList<>();
    try {
      return open(file, domains, opened::add).type();
    } finally {
      opened.forEach(Bytes::close);
    }
  }
}
