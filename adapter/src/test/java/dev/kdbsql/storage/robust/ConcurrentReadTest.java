package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads reading one {@link Database} (shared domains and block caches, separate slices)
 * see exactly what a serial read sees.
 */
class ConcurrentReadTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 5;

  @ParameterizedTest
  @ValueSource(strings = {"DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
      "jbetz34__advancedKDB/hdb", "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqcdb/database"})
  void threadsSeeTheSerialResult(String fixture) throws Exception {
    try (Database db = Fixtures.open(fixture)) {
      Map<String, List<Object>> serial = Snapshot.of(db);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Map<String, List<Object>>>> results = new ArrayList<>();
        for (int i = 0; i < THREADS * ROUNDS; i++) {
          results.add(pool.submit(() -> Snapshot.of(db)));
        }
        for (Future<Map<String, List<Object>>> f : results) {
          assertEquals(serial, f.get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
