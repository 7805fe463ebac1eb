package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the plain image of a kdb+ file: compressed files ({@code kxzipped}) are inflated lazily,
 * files up to {@link #SMALL_FILE} bytes are read onto the heap, larger ones are mapped; encrypted
 * files ({@code kxzippEd}) are refused.
 */
public final class FileImages {
  /**
   * Files this small are read rather than mapped: a mapping costs a kernel map entry (of which a
   * process has about 65,000) and at least a page, which a {@code .d}, a sym file or a column of a
   * small table does not deserve.
   */
  static final int SMALL_FILE = 64 * 1024;

  static final byte[] KXZIPPED = "kxzipped".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KXZIPPED_ENCRYPTED = "kxzippEd".getBytes(StandardCharsets.US_ASCII);

  private FileImages() {}

  /** Opens {@code file} read-only; the caller owns (and closes) the result. */
  public static Bytes open(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] magic = new byte[8];
      int n = readFully(ch, magic);
      if (n == 8 && java.util.Arrays.equals(magic, KXZIPPED_ENCRYPTED)) {
        throw new StorageException(file, 0,
            "file is encrypted (kxzippEd, kdb+ DARE); decrypt it with q before reading");
      }
      if (n == 8 && java.util.Arrays.equals(magic, KXZIPPED)) {
        return KxzipBytes.open(file, ch);
      }
      long size = ch.size();
      if (size <= SMALL_FILE) {
        byte[] data = new byte[(int) size];
        int read = readFully(ch, data);
        if (read != size) {
          throw new StorageException(file, read, "file shrank while it was read: expected "
              + size + " bytes");
        }
        return new HeapBytes(file, data, false);
      }
      return MappedBytes.map(file, ch);
    } catch (NoSuchFileException e) {
      throw new StorageException(file, -1, "file not found");
    } catch (IOException e) {
      // Some causes (an interrupt closing the channel) have no message of their own.
      throw new StorageException(file, -1, "cannot open: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  private static int readFully(FileChannel ch, byte[] dst) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst);
    while (b.hasRemaining()) {
      if (ch.read(b, b.position()) < 0) {
        break;
      }
    }
    return b.position();
  }
}
