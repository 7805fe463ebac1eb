package dev.kdbsql.storage.robust;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds a small directory tree from one fuzz input: pairs of parts (see {@link FuzzDir#split}),
 * a relative path then the file's bytes, at most {@link #MAX_ENTRIES} of them. Paths that are
 * absolute, empty, contain {@code ..} or characters outside {@code [A-Za-z0-9._#$/]} are skipped,
 * and {@code par.txt} lines that leave the directory are dropped: segments may lie anywhere in a
 * real database, but a fuzzer must not list the machine's {@code /proc}.
 */
final class FuzzTree {
  static final int MAX_ENTRIES = 32;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._#$]+(/[A-Za-z0-9._#$]+)*");

  private FuzzTree() {}

  static void build(FuzzDir d, byte[] data) {
    byte[] rest = data;
    for (int i = 0; i < MAX_ENTRIES && rest.length > 0; i++) {
      byte[][] parts = FuzzDir.split(rest, 3);
      rest = parts[2];
      String name = new String(parts[0], StandardCharsets.ISO_8859_1);
      if (!SAFE.matcher(name).matches() || Arrays.asList(name.split("/")).contains("..")) {
        continue;
      }
      byte[] content = parts[1];
      if (name.endsWith("par.txt")) {
        content = insideLines(d.root().resolve(name).getParent(), d.root(), content);
      }
      try {
        d.write(name, content);
      } catch (java.io.UncheckedIOException e) {
        // a path that clashes with an earlier entry (a file where a directory is needed)
      }
    }
  }

  /** The lines of {@code parTxt} that resolve, from {@code dir}, to a path under {@code root}. */
  private static byte[] insideLines(Path dir, Path root, byte[] parTxt) {
    String text = new String(parTxt, StandardCharsets.UTF_8);
    return text.lines()
        .filter(l -> {
          try {
            return dir.resolve(l.strip()).normalize().startsWith(root);
          } catch (java.nio.file.InvalidPathException e) {
            return false;
          }
        })
        .collect(Collectors.joining("\n", "", "\n"))
        .getBytes(StandardCharsets.UTF_8);
  }
}
