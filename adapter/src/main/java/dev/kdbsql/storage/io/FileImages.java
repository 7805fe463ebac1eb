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
    return open(file, true);
  }

  /**
   * Opens {@code file} for a look at its headers, as {@link #open} would read them but without
   * mapping it: a large file (or a compressed one's container) is read through its channel,
   * {@link ProbeBytes}. For checks that read a few bytes of many files, such as a count from
   * headers; the caller owns (and closes) the result.
   */
  public static Bytes probe(Path file) {
    return open(file, false);
  }

  private static Bytes open(Path file, boolean map) {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      long length = map ? -1 : ch.size();
      if (length > SMALL_FILE) {
        // One read of the head serves the magic and every header.
        ProbeBytes probe = ProbeBytes.open(file, ch, length);
        ch = null;
        if (probe.startsWith(KXZIPPED_ENCRYPTED)) {
          throw encrypted(file, probe);
        }
        return probe.startsWith(KXZIPPED) ? KxzipBytes.over(probe) : probe;
      }
      byte[] magic = new byte[8];
      int n = readFully(ch, magic);
      if (n == 8 && java.util.Arrays.equals(magic, KXZIPPED_ENCRYPTED)) {
        throw encrypted(file, null);
      }
      boolean zipped = n == 8 && java.util.Arrays.equals(magic, KXZIPPED);
      long size = ch.size();
      if (!zipped && size <= SMALL_FILE) {
        byte[] data = new byte[(int) size];
        int read = readFully(ch, data);
        if (read != size) {
          throw new StorageException(file, read, "file shrank while it was read: expected "
              + size + " bytes");
        }
        return new HeapBytes(file, data, false);
      }
      if (map) {
        // The mapping outlives the channel, which is closed below.
        return zipped ? KxzipBytes.open(file, ch) : MappedBytes.map(file, ch);
      }
      ProbeBytes probe = ProbeBytes.open(file, ch, size);
      ch = null;
      return zipped ? KxzipBytes.over(probe) : probe;
    } catch (NoSuchFileException e) {
      throw new StorageException(file, -1, "file not found");
    } catch (IOException e) {
      // Some causes (an interrupt closing the channel) have no message of their own.
      throw new StorageException(file, -1, "cannot open: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // what is thrown, or the image returned, matters more
        }
      }
    }
  }

  /** The refusal of a DARE-encrypted file; closes {@code image} if given. */
  private static StorageException encrypted(Path file, Bytes image) {
    if (image != null) {
      image.close();
    }
    return new StorageException(file, 0,
        "file is encrypted (kxzippEd, kdb+ DARE); decrypt it with q before reading");
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
