package dev.kdbsql.storage.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Maps files in small chunks, so tests of other packages cross chunk boundaries in small files. */
public final class SmallChunks {
  private SmallChunks() {}

  /** Maps {@code file} read-only in chunks of {@code 2^chunkPower} bytes; the caller closes it. */
  public static Bytes map(Path file, int chunkPower) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return MappedBytes.map(file, ch, chunkPower);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
