package dev.kdbsql.arrow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Arrow JavaScript library under node, as an independent reader and writer of Arrow
 * files: installs {@code src/test/js} into {@code target/js} once ({@code npm install}), then runs
 * its scripts. Tests using it are skipped, with the reason, when node or npm is missing or the
 * install fails (no network, say).
 */
final class NodeArrow {
  private static final Path SOURCES = Path.of(System.getProperty("basedir", "."), "src/test/js");
  private static final Path HOME = Path.of(System.getProperty("basedir", "."), "target/js");
  private static final List<String> FILES = List.of("package.json", "dump.mjs", "write.mjs");

  private NodeArrow() {}

  /** Installs the scripts and the library, or skips the calling test. */
  static synchronized void install() throws IOException, InterruptedException {
    Assumptions.assumeTrue(runs("node", "--version"), "node is not installed");
    Assumptions.assumeTrue(runs("npm", "--version"), "npm is not installed");
    Files.createDirectories(HOME);
    for (String f : FILES) {
      Files.copy(SOURCES.resolve(f), HOME.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(HOME.resolve("node_modules/apache-arrow"))) {
      return;
    }
    Result r = run(180, "npm", "install", "--no-audit", "--no-fund");
    Assumptions.assumeTrue(r.status == 0, "npm install apache-arrow failed (offline?): "
        + tail(r.output));
  }

  /** Runs {@code node script args...} in the install directory; fails on a non-zero status. */
  static String node(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(args));
    Result r = run(60, cmd.toArray(new String[0]));
    if (r.status != 0) {
      throw new AssertionError("node " + script + " failed with status " + r.status + ": "
          + tail(r.output));
    }
    return r.output;
  }

  private static boolean runs(String... cmd) throws InterruptedException {
    try {
      return run(30, cmd).status == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private record Result(int status, String output) {}

  private static Result run(int timeoutSeconds, String... cmd)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("node", ".out");
    Path err = Files.createTempFile("node", ".err");
    try {
      Process p = new ProcessBuilder(cmd).directory(HOME.toFile().isDirectory() ? HOME.toFile()
          : null).redirectOutput(log.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      return new Result(p.exitValue(), p.exitValue() == 0 ? out
          : out + Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(err);
    }
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
  }
}
