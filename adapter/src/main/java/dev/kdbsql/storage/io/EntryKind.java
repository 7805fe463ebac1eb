package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * What a path is, following symbolic links as q does, with "absent" kept apart from "cannot
 * tell". {@code Files.exists} and {@code Files.isDirectory} answer false both for a path that
 * does not exist and for one they cannot reach (a symbolic link loop, a link to nowhere, a
 * directory without search permission); a reader that took the second for the first would read
 * a damaged partition as one without the table, and answer with fewer rows. {@link #of} fails
 * instead, naming the path.
 */
public enum EntryKind {
  DIRECTORY, FILE, OTHER, ABSENT;

  /**
   * The kind of {@code path}; {@link #ABSENT} only when nothing (not even a link) is there.
   *
   * @throws StorageException naming {@code path} when it exists but cannot be resolved or read
   */
  public static EntryKind of(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return a.isDirectory() ? DIRECTORY : a.isRegularFile() ? FILE : OTHER;
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(path)) {
        throw new StorageException(path, -1, "cannot read: symbolic link to a missing target ("
            + linkTarget(path) + ")", e);
      }
      return ABSENT;
    } catch (IOException e) {
      throw new StorageException(path, -1, "cannot read: " + reason(e), e);
    }
  }

  /** Whether {@code path} exists; fails, naming it, when that cannot be told. */
  public static boolean exists(Path path) {
    return of(path) != ABSENT;
  }

  /** The reason of a file system error without the path, which the message already names. */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      // ELOOP reads "Too many levels of symbolic links": a link loop.
      return f.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String linkTarget(Path link) {
    try {
      return String.valueOf(Files.readSymbolicLink(link));
    } catch (IOException | UnsupportedOperationException e) {
      return "unreadable link";
    }
  }
}
