package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads over four connections (two threads per connection, so a connection's schema and
 * symbol domains are shared) run the {@link Answers} queries of a generated database, each
 * thread starting at another query; every answer equals the serial one.
 */
class JdbcConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 3;

  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void parallelAnswersEqualSerialAnswers() throws Exception {
    Path db = tmp.resolve("db");
    SampleDatabase.of(3_000, 3, 11).writeTo(db);
    Answers answers;
    Map<String, List<List<String>>> serial;
    try (Connection c = Sql.connect(db)) {
      answers = Answers.queriesOf(c);
      serial = answers.run(c);
    }
    List<Connection> connections = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int i = 0; i < THREADS / 2; i++) {
        connections.add(Sql.connect(db));
      }
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Connection c = connections.get(t / 2);
        int start = t;
        futures.add(pool.submit(() -> {
          List<String> qs = answers.queries();
          int n = 0;
          for (int i = 0; i < ROUNDS * qs.size(); i++) {
            String q = qs.get((start + i) % qs.size());
            assertEquals(serial.get(q), Answers.answer(c, q), q);
            n++;
          }
          return n;
        }));
      }
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get(100, TimeUnit.SECONDS);
      }
      assertEquals(THREADS * ROUNDS * answers.queries().size(), total);
    } finally {
      pool.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
  }
}
