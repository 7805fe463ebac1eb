package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.storage.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Opening, reading and closing databases many times leaves no file descriptor behind, and the
 * mappings of closed files go away once the garbage collector has run (mappings are released by
 * GC, not by close; see {@code MappedBytes}).
 */
class ResourceLeakTest {
  private static final int CYCLES = 10_000;
  private static final List<String> DATABASES = List.of("egor7__q/db",
      "mkeenan-kdb__memoriesPOC/db", "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqcdb/database",
      "jbetz34__advancedKDB/hdb/2020.04.05/trade");

  @Test
  void tenThousandCyclesLeaveNoDescriptorOrMapping() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    Path root = Fixtures.root();
    List<Path> dbs = DATABASES.stream().map(Fixtures::path).toList();
    Snapshot.of(dbs.get(0));
    settle();
    long fds = count(Path.of("/proc/self/fd"));
    long maps = mappingsUnder(root);
    for (int i = 0; i < CYCLES; i++) {
      Snapshot.of(dbs.get(i % dbs.size()));
    }
    assertEquals(fds, count(Path.of("/proc/self/fd")), "open file descriptors after " + CYCLES
        + " cycles");
    long after = maps;
    for (int attempt = 0; attempt < 10; attempt++) {
      settle();
      after = mappingsUnder(root);
      if (after <= maps) {
        break;
      }
    }
    assertTrue(after <= maps, "mappings of fixture files: " + maps + " before, " + after
        + " after " + CYCLES + " cycles and GC");
  }

  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(100);
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private static long mappingsUnder(Path root) throws IOException {
    String prefix = root.toRealPath().toString();
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.filter(l -> l.contains(prefix)).count();
    }
  }
}
