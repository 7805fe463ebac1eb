package dev.kdbsql.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Test databases: the real q-written fixtures (skipped with a reason when missing) and tiny
 * splayed tables written here byte by byte in kdb+'s format ({@code .d} as an {@code ff 01 0b}
 * symbol list, columns as {@code fe 20} vectors), for shapes the fixtures lack.
 */
final class TestDatabases {
  private TestDatabases() {
  }

  /** The fixture folder {@code relative} under {@code kdb.fixtures}; skips the test if missing. */
  static Path fixture(String relative) {
    String root = System.getProperty("kdb.fixtures");
    Assumptions.assumeTrue(root != null, "system property kdb.fixtures is not set");
    Path p = Path.of(root).resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "fixture missing: " + p);
    return p;
  }

  /** A column to write: its name, kdb+ type number, element width and raw little-endian data. */
  record Col(String name, int type, int width, ByteBuffer data) {
    static Col longs(String name, int type, long... values) {
      ByteBuffer b = buffer(values.length * 8);
      for (long v : values) {
        b.putLong(v);
      }
      return new Col(name, type, 8, b);
    }

    static Col ints(String name, int type, int... values) {
      ByteBuffer b = buffer(values.length * 4);
      for (int v : values) {
        b.putInt(v);
      }
      return new Col(name, type, 4, b);
    }

    static Col floats(String name, double... values) {
      ByteBuffer b = buffer(values.length * 8);
      for (double v : values) {
        b.putDouble(v);
      }
      return new Col(name, 9, 8, b);
    }

    static Col chars(String name, String values) {
      ByteBuffer b = buffer(values.length());
      b.put(values.getBytes(StandardCharsets.US_ASCII));
      return new Col(name, 10, 1, b);
    }

    long count() {
      return data.capacity() / width;
    }
  }

  /** Writes a splayed table {@code dir} with {@code columns}, in order. */
  static void splay(Path dir, List<Col> columns) throws IOException {
    Files.createDirectories(dir);
    Map<String, Col> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.name(), c));
    StringBuilder names = new StringBuilder();
    byName.keySet().forEach(n -> names.append(n).append('\0'));
    byte[] text = names.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer d = buffer(8 + text.length);
    d.put((byte) 0xff).put((byte) 1).put((byte) 11).put((byte) 0).putInt(byName.size()).put(text);
    Files.write(dir.resolve(".d"), d.array());
    for (Col c : columns) {
      ByteBuffer f = buffer(16 + c.data().capacity());
      f.put((byte) 0xfe).put((byte) 0x20).put((byte) c.type()).put((byte) 0).putInt(0)
          .putLong(c.count()).put(c.data().array());
      Files.write(dir.resolve(c.name()), f.array());
    }
  }

  private static ByteBuffer buffer(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
