package dev.kdbsql.storage.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * A fresh directory per fuzz input, deleted afterwards. Jazzer reuses one test instance for every
 * input and does not inject {@code @TempDir} into fuzz tests, so each input makes its own.
 */
final class FuzzDir implements AutoCloseable {
  private final Path root;

  FuzzDir() {
    try {
      root = Files.createTempDirectory("kdb-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path root() {
    return root;
  }

  /** Writes {@code bytes} to {@code relative} under the root, creating parent directories. */
  Path write(String relative, byte[] bytes) {
    Path p = root.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      return Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An {@code ff 01 0b} symbol list, as q writes {@code .d} and {@code sym} files. */
  static byte[] symList(String... names) {
    ByteBuffer b = ByteBuffer.allocate(64 + 16 * names.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xff).put((byte) 1).put((byte) 11).put((byte) 0).putInt(names.length);
    for (String n : names) {
      b.put(n.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** An {@code fe 20} long vector. */
  static byte[] longVector(long... values) {
    ByteBuffer b = ByteBuffer.allocate(16 + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xfe).put((byte) 0x20).put((byte) 7).put((byte) 0).putInt(0)
        .putLong(values.length);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  /** An {@code fd 20} enumeration over {@code domain} with the given indices. */
  static byte[] enumVector(String domain, long... indices) {
    ByteBuffer b = ByteBuffer.allocate(4096 + 8 * indices.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, (byte) 0xfd).put(1, (byte) 0x20);
    b.position(16);
    b.put(domain.getBytes(StandardCharsets.US_ASCII));
    b.position(4080);
    b.put((byte) 0xfd).put((byte) 0).put((byte) 20).put((byte) 0).putInt(0)
        .putLong(indices.length);
    for (long i : indices) {
      b.putLong(i);
    }
    return b.array();
  }

  /**
   * Splits one fuzz input into {@code n} files: each but the last is a 2-byte little-endian length
   * followed by that many bytes (cut short at the end of the input); the last is the rest.
   */
  static byte[][] split(byte[] data, int n) {
    byte[][] parts = new byte[n][];
    int at = 0;
    for (int i = 0; i < n - 1; i++) {
      int len = at + 2 <= data.length ? (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 : 0;
      at = Math.min(at + 2, data.length);
      len = Math.min(len, data.length - at);
      parts[i] = Arrays.copyOfRange(data, at, at + len);
      at += len;
    }
    parts[n - 1] = Arrays.copyOfRange(data, at, data.length);
    return parts;
  }

  /** The inverse of {@link #split}, for building seeds. */
  static byte[] join(byte[]... parts) {
    ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length + 2).sum())
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < parts.length; i++) {
      if (i < parts.length - 1) {
        b.putShort((short) parts[i].length);
      }
      b.put(parts[i]);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  @Override
  public void close() {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
