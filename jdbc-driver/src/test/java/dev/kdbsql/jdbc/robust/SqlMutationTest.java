package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storage mutation test, seen through SQL: copies of small real databases are mutated one
 * file at a time (truncated, bit-flipped, deleted, extended so columns are ragged, swapped with a
 * neighbour), and after each mutation a fresh connection runs the {@link Answers} queries of the
 * healthy copy. Each query must give the original rows or fail with an {@link SQLException}
 * whose message names the mutated file, its directory or (for the root {@code sym}) a file under
 * the root. Any other exception escaping fails the test, and so does going over the time limit.
 * A silently different answer is counted, not failed, for flips, cuts and swaps, which no reader
 * can detect in checksum-free kdb+ files; for deletions and ragged columns it fails, whichever
 * columns the query reads (a slice's row count is taken once every column has been checked
 * against it, so a ragged column shows even in a query that does not read it).
 * A {@code .d} cut or flipped into a shorter or renamed column list is a different but valid
 * schema (q writes some {@code .d} headers with a count of 0, so the count cannot be checked):
 * queries naming a lost column then fail validation ("not found"), which is counted.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SqlMutationTest {
  private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"egor7__q/db", "mkeenan-kdb__memoriesPOC/db",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb"})
  void everyQueryGivesTheOriginalRowsOrNamesTheMutatedFile(String fixture) throws Exception {
    Path db = Sql.copy(Sql.fixture(fixture), tmp.resolve("db"));
    Answers answers;
    try (Connection c = Sql.connect(db)) {
      answers = Answers.queriesOf(c);
    }
    Map<String, List<List<String>>> original = answers.run(db);
    List<Path> files = files(db);
    Random random = new Random(fixture.hashCode());
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      for (int cut : cuts(bytes.length)) {
        Files.write(f, Arrays.copyOf(bytes, cut));
        check("truncate", db, f, f, answers, original);
      }
      for (int i = 0; i < 4 && bytes.length > 0; i++) {
        byte[] flipped = bytes.clone();
        int at = i < 2 ? Math.min(i * 4 + 2, bytes.length - 1) : random.nextInt(bytes.length);
        flipped[at] ^= (byte) (1 << random.nextInt(8));
        Files.write(f, flipped);
        check("flip", db, f, f, answers, original);
      }
      Files.delete(f);
      check("delete", db, f, f, answers, original);
      Files.write(f, Arrays.copyOf(bytes, bytes.length + 8));
      check("ragged", db, f, f, answers, original);
      Files.write(f, bytes);
    }
    for (int i = 0; i + 1 < files.size(); i++) {
      Path a = files.get(i);
      Path b = files.get(i + 1);
      if (a.getParent().equals(b.getParent()) && !a.getFileName().toString().startsWith(".")
          && !b.getFileName().toString().startsWith(".")) {
        swap(a, b);
        check("swap", db, a, b, answers, original);
        swap(a, b);
      }
    }
    assertEquals(original, answers.run(db), "restored copy answers as the original");
  }

  @AfterAll
  static void report() {
    System.out.println("SQL mutations (kind/outcome=queries): " + OUTCOMES);
  }

  private static void check(String kind, Path db, Path a, Path b, Answers answers,
      Map<String, List<List<String>>> original) {
    try (Connection c = Sql.connect(db)) {
      for (String q : answers.queries()) {
        count(kind, outcome(kind, c, q, db, a, b, original.get(q)));
      }
    } catch (SQLException e) {
      assertNames(kind + " (connect)", e, db, a, b);
      count(kind, "refused at connect");
    }
  }

  private static String outcome(String kind, Connection c, String q, Path db, Path a, Path b,
      List<List<String>> expected) {
    try {
      List<List<String>> got = Answers.answer(c, q);
      if (got.equals(expected)) {
        return "same";
      }
      if (kind.equals("delete") || kind.equals("ragged")) {
        fail(kind + " of " + a + " silently changed the answer of " + q);
      }
      return "different";
    } catch (SQLException e) {
      if (a.getFileName().toString().equals(".d") && !kind.equals("delete")
          && String.valueOf(e.getMessage()).contains("not found")) {
        return "other schema";
      }
      assertNames(kind + " of " + a + ", " + q, e, db, a, b);
      return "refused";
    }
  }

  private static void assertNames(String what, SQLException e, Path db, Path a, Path b) {
    String m = String.valueOf(e.getMessage());
    boolean domain = a.getFileName().toString().equals("sym") && a.getParent().equals(db);
    assertTrue(m.contains(a.toString()) || m.contains(b.toString())
        || m.contains(a.getParent().toString()) || (domain && m.contains(db.toString())),
        what + " failed naming another file: " + m);
  }

  private static void count(String kind, String outcome) {
    synchronized (OUTCOMES) {
      OUTCOMES.merge(kind + "/" + outcome, 1, Integer::sum);
    }
  }

  private static int[] cuts(int length) {
    return Stream.of(0, 1, 8, 16, 17, length / 2, length - 1)
        .filter(c -> c >= 0 && c < length).distinct().mapToInt(Integer::intValue).toArray();
  }

  private static void swap(Path a, Path b) throws IOException {
    Path t = a.resolveSibling("swap.tmp$");
    Files.move(a, t);
    Files.move(b, a);
    Files.move(t, b);
  }

  private static List<Path> files(Path db) throws IOException {
    try (Stream<Path> s = Files.walk(db)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    }
  }
}
