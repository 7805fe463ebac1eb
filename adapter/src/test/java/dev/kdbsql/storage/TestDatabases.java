package dev.kdbsql.storage;

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
 * Tiny splayed tables written byte by byte in kdb+'s format ({@code .d} as an {@code ff 01 0b}
 * symbol list, columns as {@code fe 20} vectors), for shapes the fixtures lack.
 */
public final class TestDatabases {
  private TestDatabases() {
  }


  /** A column to write: its name, kdb+ type number, element width and raw little-endian data. */
  public record Col(String name, int type, int width, ByteBuffer data) {
    public static Col longs(String name, int type, long... values) {
      ByteBuffer b = buffer(values.length * 8);
      for (long v : values) {
        b.putLong(v);
      }
      return new Col(name, type, 8, b);
    }

    public static Col ints(String name, int type, int... values) {
      ByteBuffer b = buffer(values.length * 4);
      for (int v : values) {
        b.putInt(v);
      }
      return new Col(name, type, 4, b);
    }

    public static Col floats(String name, double... values) {
      ByteBuffer b = buffer(values.length * 8);
      for (double v : values) {
        b.putDouble(v);
      }
      return new Col(name, 9, 8, b);
    }

    public static Col chars(String name, String values) {
      ByteBuffer b = buffer(values.length());
      b.put(values.getBytes(StandardCharsets.US_ASCII));
      return new Col(name, 10, 1, b);
    }

    public long count() {
      return data.capacity() / width;
    }
  }

  /** Writes a splayed table {@code dir} with {@code columns}, in order. */
  public static void splay(Path dir, List<Col> columns) throws IOException {
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
