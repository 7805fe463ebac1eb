package dev.kdbsql.storage.robust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The listing of the fixture tree with each file's size and SHA-256: equal digests before and
 * after the suite prove that no test (and no reader code) wrote, added or removed a fixture file.
 */
final class FixtureTreeDigest {
  private FixtureTreeDigest() {}

  static String of(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> paths = s.sorted().toList();
      StringBuilder out = new StringBuilder();
      for (Path p : paths) {
        out.append(root.relativize(p));
        if (Files.isRegularFile(p)) {
          out.append(' ').append(Files.size(p)).append(' ').append(sha256(p));
        }
        out.append('\n');
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
