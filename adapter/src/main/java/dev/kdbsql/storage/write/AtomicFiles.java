package dev.kdbsql.storage.write;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Compression;
import dev.kdbsql.storage.io.KxzipWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A group of files written under temporary names (a dot name ending in {@code .tmp} in the target
 * directory, which readers skip; created with the process's default permissions, unlike
 * {@code Files.createTempFile}, whose owner-only files would lock other users out once renamed) and renamed into place together on {@link #commit()}, in the
 * order they were opened. Closing without committing deletes the temporaries, so a failed write
 * leaves the previous files untouched. A file opened with a {@link Compression} is streamed
 * through {@link KxzipWriter}, so the caller writes the plain image either way. Not thread-safe.
 */
final class AtomicFiles implements AutoCloseable {
  private record Pending(Path target, Path temp, WritableByteChannel channel, LeOutput out) {}

  private final List<Pending> pending = new ArrayList<>();
  private boolean committed;

  /** Writes one file atomically: {@code body} fills it, then it is renamed into place. */
  static void write(Path target, Body body) {
    try (AtomicFiles files = new AtomicFiles()) {
      LeOutput out = files.open(target);
      try {
        body.write(out);
      } catch (IOException e) {
        throw new StorageException(target, -1, "cannot write: " + e.getMessage(), e);
      }
      files.commit();
    }
  }

  /** Fills one file. */
  @FunctionalInterface
  interface Body {
    void write(LeOutput out) throws IOException;
  }

  /** Opens an uncompressed temporary file that {@link #commit()} will rename to {@code target}. */
  LeOutput open(Path target) {
    return open(target, null);
  }

  /**
   * Opens a temporary file that {@link #commit()} will rename to {@code target}, compressed with
   * {@code compression} unless it is null.
   */
  LeOutput open(Path target, Compression compression) {
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createFile(target.resolveSibling("." + target.getFileName() + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp"));
      WritableByteChannel ch = compression == null
          ? FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
          : Channels.newChannel(KxzipWriter.open(temp, compression));
      LeOutput out = new LeOutput(ch, target);
      pending.add(new Pending(target, temp, ch, out));
      return out;
    } catch (IOException e) {
      deleteQuietly(temp, null);
      throw new StorageException(target, -1, "cannot create a temporary file next to it: "
          + e.getMessage(), e);
    }
  }

  /** Flushes, closes and renames every file, in the order opened. */
  void commit() {
    for (Pending p : pending) {
      try {
        p.out().flush();
        p.channel().close();
      } catch (IOException e) {
        throw new StorageException(p.target(), -1, "cannot write: " + e.getMessage(), e);
      }
    }
    for (Pending p : pending) {
      try {
        try {
          Files.move(p.temp(), p.target(), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(p.temp(), p.target(), StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new StorageException(p.target(), -1, "cannot rename " + p.temp() + " into place: "
            + e.getMessage(), e);
      }
    }
    committed = true;
  }

  @Override
  public void close() {
    if (committed) {
      return;
    }
    StorageException failure = null;
    for (Pending p : pending) {
      try {
        p.channel().close();
      } catch (IOException e) {
        failure = add(failure, p.temp(), e);
      }
      failure = deleteQuietly(p.temp(), failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static StorageException deleteQuietly(Path temp, StorageException failure) {
    if (temp == null) {
      return failure;
    }
    try {
      Files.deleteIfExists(temp);
      return failure;
    } catch (IOException e) {
      return add(failure, temp, e);
    }
  }

  private static StorageException add(StorageException failure, Path file, IOException e) {
    StorageException s = new StorageException(file, -1, "cannot clean up temporary file: "
        + e.getMessage(), e);
    if (failure == null) {
      return s;
    }
    failure.addSuppressed(s);
    return failure;
  }
}
