package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional reads and closing of the channels images read files through, with our errors. */
final class Channels {
  private Channels() {
  }

  /**
   * Fills {@code b} (to its limit) with the bytes of {@code file} from {@code pos}; a file that
   * ends first, or a failed read, is a {@link StorageException} naming the file and offset.
   */
  static void readFully(Path file, FileChannel channel, ByteBuffer b, long pos) {
    try {
      while (b.hasRemaining()) {
        if (channel.read(b, pos + b.position()) < 0) {
          throw new StorageException(file, pos + b.position(), "file shrank while it was read");
        }
      }
    } catch (IOException e) {
      throw new StorageException(file, pos, "cannot read: " + EntryKind.reason(e), e);
    }
  }

  /** Closes {@code channel}; a failure is a {@link StorageException} naming the file. */
  static void close(Path file, FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot close: " + EntryKind.reason(e), e);
    }
  }
}
