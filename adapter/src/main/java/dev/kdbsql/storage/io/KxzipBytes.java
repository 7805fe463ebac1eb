package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** The decompressed image of a {@code kxzipped} file (being written on branch codecs). */
final class KxzipBytes {
  private KxzipBytes() {}

  static Bytes open(Path file, FileChannel ch) {
    throw new StorageException(file, 0, "compressed files are not readable yet");
  }
}
