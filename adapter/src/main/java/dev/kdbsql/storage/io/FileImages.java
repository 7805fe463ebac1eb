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
 * everything else is mapped; encrypted files ({@code kxzippEd}) are refused.
 */
public final class FileImages {
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
      return MappedBytes.map(file, ch);
    } catch (NoSuchFileException e) {
      throw new StorageException(file, -1, "file not found");
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot open: " + e.getMessage(), e);
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
