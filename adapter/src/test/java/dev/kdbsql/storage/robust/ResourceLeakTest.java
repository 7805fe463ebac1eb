package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.util.List;
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
    assumeTrue(ProcessResources.available(), "needs Linux /proc");
    Path root = Fixtures.root();
    List<Path> dbs = DATABASES.stream().map(Fixtures::path).toList();
    Snapshot.of(dbs.get(0));
    ProcessResources.settle();
    long fds = ProcessResources.openFilesUnder(root);
    long maps = ProcessResources.mappingsUnder(root);
    for (int i = 0; i < CYCLES; i++) {
      Snapshot.of(dbs.get(i % dbs.size()));
    }
    assertEquals(fds, ProcessResources.openFilesUnder(root),
        "open files under " + root + " after " + CYCLES
        + " cycles");
    long after = maps;
    for (int attempt = 0; attempt < 10; attempt++) {
      ProcessResources.settle();
      after = ProcessResources.mappingsUnder(root);
      if (after <= maps) {
        break;
      }
    }
    assertTrue(after <= maps, "mappings of fixture files: " + maps + " before, " + after
        + " after " + CYCLES + " cycles and GC");
  }
}
