package dev.kdbsql.storage.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A buffered little-endian writer over a channel: the one place where bytes leave the writer.
 * Keeps the position so callers can align. Not thread-safe; the caller closes the channel.
 */
final class LeOutput {
  private static final int BUFFER = 1 << 20;

  private final WritableByteChannel out;
  private final Path file;
  private final ByteBuffer buf;
  private long flushed;

  LeOutput(WritableByteChannel out, Path file) {
    this(out, file, BUFFER);
  }

  /** A writer buffering {@code bufferSize} bytes (smaller when many files are open at once). */
  LeOutput(WritableByteChannel out, Path file, int bufferSize) {
    this.out = out;
    this.file = file;
    this.buf = ByteBuffer.allocate(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Bytes written so far (buffered or not). */
  long position() {
    return flushed + buf.position();
  }

  /** The file being written, for messages. */
  Path file() {
    return file;
  }

  private void ensure(int n) throws IOException {
    if (buf.remaining() < n) {
      flush();
    }
  }

  void putByte(int v) throws IOException {
    ensure(1);
    buf.put((byte) v);
  }

  void putShort(short v) throws IOException {
    ensure(2);
    buf.putShort(v);
  }

  void putInt(int v) throws IOException {
    ensure(4);
    buf.putInt(v);
  }

  void putLong(long v) throws IOException {
    ensure(8);
    buf.putLong(v);
  }

  /** Eight bytes in big-endian order (guid halves are stored in display order). */
  void putLongBigEndian(long v) throws IOException {
    putLong(Long.reverseBytes(v));
  }

  void putBytes(byte[] src, int off, int len) throws IOException {
    while (len > 0) {
      ensure(1);
      int n = Math.min(len, buf.remaining());
      buf.put(src, off, n);
      off += n;
      len -= n;
    }
  }

  void putBytes(byte[] src) throws IOException {
    putBytes(src, 0, src.length);
  }

  /** Writes {@code n} zero bytes. */
  void zeros(long n) throws IOException {
    for (long i = 0; i < n; i++) {
      putByte(0);
    }
  }

  /** Pads with zeros to the next multiple of {@code alignment}. */
  void align(int alignment) throws IOException {
    long rem = position() % alignment;
    if (rem != 0) {
      zeros(alignment - rem);
    }
  }

  void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      flushed += out.write(buf);
    }
    buf.clear();
  }
}
