package dev.kdbsql.storage.robust;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Digests the fixture tree when the test session opens, before any test runs. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 * {@link FixturesUnchangedTest}, ordered last, compares it with the tree after every other test:
 * a failing test fails the build, whereas the launcher only logs what a listener throws.
 */
public final class FixtureGuard implements LauncherSessionListener {
  private static volatile Path root;
  private static volatile String before;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Path p = Path.of(System.getProperty("kdb.fixtures", "../shared/kdb-fixtures"));
    if (!Files.isDirectory(p)) {
      return;
    }
    root = p.toAbsolutePath().normalize();
    before = FixtureTreeDigest.of(root);
  }

  /** The fixture root digested at session start, or null when there are no fixtures. */
  static Path root() {
    return root;
  }

  /** The digest taken at session start. */
  static String before() {
    return before;
  }
}
