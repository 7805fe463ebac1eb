package dev.kdbsql.storage.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.format.ColumnFiles;
import dev.kdbsql.storage.format.SymbolLists;
import dev.kdbsql.storage.io.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes every uncompressed q-written file of the fixtures that the writer can produce, writes
 * the decoded values back, and demands identical bytes: {@code fe 20} vectors, {@code ff 01 0b}
 * symbol lists ({@code sym}, {@code .d}), {@code fd 20} enumerations (plain and {@code p#}) and
 * anymap string pairs.
 *
 * <p>Skipped, with a count per reason: files whose header count is not the true count (q wrote 0,
 * or appended without updating it: such bytes cannot be reproduced by any writer that writes true
 * counts), {@code u#}/{@code g#} files, and compressed files. In {@code p#} trailers the 8 bytes
 * and the spare words q leaves uninitialized are compared as zeros (we write zeros; some q builds
 * leave memory garbage there).
 */
class ByteCompatibilityTest {
  private static Path fixtures;
  private final Map<String, Integer> compared = new TreeMap<>();
  private final Map<String, Integer> skipped = new TreeMap<>();

  @TempDir
  Path out;

  @BeforeAll
  static void locate() {
    String p = System.getProperty("kdb.fixtures");
    fixtures = p == null ? null : Path.of(p);
    Assumptions.assumeTrue(fixtures != null && Files.isDirectory(fixtures),
        "kdb fixtures not found (system property kdb.fixtures=" + p + ")");
  }

  @Test
  void rewrittenFilesAreByteIdentical() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(fixtures)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      compare(f);
    }
    System.out.println("byte compatibility: compared " + compared + ", skipped " + skipped);
    assertTrue(compared.getOrDefault("fe20 vector", 0) > 100, compared.toString());
    assertTrue(compared.getOrDefault("ff01 symbol list", 0) > 50, compared.toString());
    assertTrue(compared.getOrDefault("fd20 enum", 0) > 20, compared.toString());
    assertTrue(compared.getOrDefault("fd20 enum p#", 0) > 20, compared.toString());
    assertTrue(compared.getOrDefault("anymap strings", 0) > 5, compared.toString());
  }

  private void count(Map<String, Integer> m, String key) {
    m.merge(key, 1, Integer::sum);
  }

  private void compare(Path f) throws IOException {
    byte[] head = new byte[4096];
    int n;
    try (var in = Files.newInputStream(f)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n < 8) {
      return;
    }
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int m0 = head[0] & 0xff;
    int m1 = head[1] & 0xff;
    long len = Files.size(f);
    if (m0 == 0xfe && m1 == 0x20) {
      vector(f, h, len);
    } else if (m0 == 0xff && m1 == 0x01 && head[2] == 11) {
      symbolList(f, h);
    } else if (m0 == 0xfd && m1 == 0x20 && n == 4096 && len >= 4096 + 16) {
      int type = head[4082] & 0xff;
      if (type == 20) {
        enumeration(f, h, len);
      } else if (type == 77 && !f.getFileName().toString().endsWith("#")) {
        anymap(f, h, len);
      }
    } else if (new String(head, 0, 8).startsWith("kxzipp")) {
      count(skipped, "compressed");
    }
  }

  private void vector(Path f, ByteBuffer h, long len) throws IOException {
    KdbType t = KdbType.ofCode(h.get(2));
    Attribute a = Attribute.ofCode(h.get(3));
    if (t == null || t == KdbType.SYMBOL) {
      return;
    }
    if (a != Attribute.NONE && a != Attribute.SORTED) {
      count(skipped, "fe20 with u#/p#/g# index");
      return;
    }
    if ((len - 16) % t.width() != 0 || h.getLong(8) != (len - 16) / t.width()) {
      count(skipped, "fe20 header count not the true count");
      return;
    }
    List<Bytes> opened = new ArrayList<>();
    try {
      Column c = ColumnFiles.open(f, (name, file) -> null, opened::add);
      ColumnData data = Columns.toData(c);
      check(f, Files.readAllBytes(f), write(o -> VectorFormat.write(o, data, a)), "fe20 vector");
    } finally {
      opened.forEach(Bytes::close);
    }
  }

  private void symbolList(Path f, ByteBuffer h) throws IOException {
    List<String> names = SymbolLists.read(f);
    if (h.get(3) != 0 || h.getInt(4) != names.size()) {
      count(skipped, "ff01 symbol list count not the true count");
      return;
    }
    check(f, Files.readAllBytes(f), write(o -> SymbolListFormat.write(o, names)),
        "ff01 symbol list");
  }

  private void enumeration(Path f, ByteBuffer h, long len) throws IOException {
    Attribute a = Attribute.ofCode(h.get(4083));
    long declared = h.getLong(4088);
    if (a == Attribute.UNIQUE || a == Attribute.GROUPED) {
      count(skipped, "fd20 enum u#/g#");
      return;
    }
    if (a != Attribute.PARTED && declared * 8 != len - 4096) {
      count(skipped, "fd20 enum header count not the true count");
      return;
    }
    List<Bytes> opened = new ArrayList<>();
    try {
      Column c = ColumnFiles.open(f, ByteCompatibilityTest::domain, opened::add);
      EnumColumn e = (EnumColumn) c;
      long[] idx = new long[(int) c.size()];
      for (int i = 0; i < idx.length; i++) {
        int k = e.index(i);
        idx[i] = k < 0 ? Long.MIN_VALUE : k;
      }
      byte[] expected = Files.readAllBytes(f);
      if (a == Attribute.PARTED && maskPartedGarbage(expected, 4096 + 8 * idx.length)) {
        count(compared, "(of which p# with q's uninitialized bytes zeroed)");
      }
      check(f, expected, write(o -> EnumFormat.write(o, e.domain().name(), idx, idx.length, a)),
          "fd20 enum" + (a == Attribute.NONE ? "" : " " + a.letter() + "#"));
    } catch (MissingDomain m) {
      count(skipped, "fd20 enum domain file not found");
    } catch (StorageException stale) {
      count(skipped, "fd20 enum index outside its (stale) domain");
    } finally {
      opened.forEach(Bytes::close);
    }
  }

  /**
   * Zeroes the bytes q leaves uninitialized in a p# trailer starting at {@code end}; returns
   * whether any was not zero.
   */
  private static boolean maskPartedGarbage(byte[] b, int end) {
    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    boolean garbage = false;
    for (int i = 0; i < 8; i++) {
      garbage |= b[end + i] != 0;
      b[end + i] = 0;
    }
    int u = (int) h.getLong(end + 16);
    int cap = Integer.highestOneBit(Math.max(u, 1));
    if (cap < u) {
      cap <<= 1;
    }
    int spare = end + 8 + 16 + 8 * u;
    for (int i = spare; i < spare + 8 * (cap - u + 1); i++) {
      garbage |= b[i] != 0;
      b[i] = 0;
    }
    return garbage;
  }

  private void anymap(Path f, ByteBuffer h, long len) throws IOException {
    Path data = f.resolveSibling(f.getFileName() + "#");
    if (!Files.exists(data) || Files.exists(f.resolveSibling(f.getFileName() + "##"))) {
      return;
    }
    byte[] d = Files.readAllBytes(data);
    if (d.length < 4096 || d[0] != (byte) 0xfd || d[4082] != 4) {
      count(skipped, "anymap data not uncompressed");
      return;
    }
    if (h.getLong(4088) * 8 != len - 4096) {
      count(skipped, "anymap header count not the true count");
      return;
    }
    List<Bytes> opened = new ArrayList<>();
    try {
      Column c = ColumnFiles.open(f, (name, file) -> null, opened::add);
      if (!c.type().isString() || !onlyCharVectors(f, d)) {
        count(skipped, "anymap with items other than strings");
        return;
      }
      String[] s = new String[(int) c.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = c.getString(i);
      }
      Path refs = out.resolve("refs");
      Path items = out.resolve("items");
      try (AtomicFiles af = new AtomicFiles()) {
        LeOutput r = af.open(refs);
        LeOutput i = af.open(items);
        AnymapFormat.write(r, i, s);
        af.commit();
      }
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(refs), f.toString());
      assertArrayEquals(d, Files.readAllBytes(items), data.toString());
      count(compared, "anymap strings");
    } finally {
      opened.forEach(Bytes::close);
    }
  }

  private static boolean onlyCharVectors(Path f, byte[] d) throws IOException {
    ByteBuffer refs = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 4096; p < refs.capacity(); p += 8) {
      int at = (int) (4096 + (refs.getLong(p) & 0x00ff_ffff_ffff_ffffL));
      int b = d[at] & 0xff;
      if (b != 0x89 && !(b == 0xfb && d[at + 2] == 10)) {
        return false;
      }
    }
    return true;
  }

  /** Signals an enumeration whose domain is not in the fixtures. */
  private static final class MissingDomain extends RuntimeException {
    MissingDomain() {
      super(null, null, false, false);
    }
  }

  private static SymbolDomain domain(String name, Path file) {
    for (Path d = file.getParent(); d != null && d.startsWith(fixtures); d = d.getParent()) {
      Path c = d.resolve(name);
      if (Files.isRegularFile(c) && !c.equals(file)) {
        try {
          return new SymbolDomain(name, c, SymbolLists.read(c));
        } catch (RuntimeException e) {
          continue;
        }
      }
    }
    throw new MissingDomain();
  }

  private byte[] write(AtomicFiles.Body body) throws IOException {
    Path p = out.resolve("rewritten");
    AtomicFiles.write(p, body);
    return Files.readAllBytes(p);
  }

  private void check(Path f, byte[] expected, byte[] actual, String kind) {
    assertArrayEquals(expected, actual, kind + ": " + f);
    count(compared, kind);
  }
}
